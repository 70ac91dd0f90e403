import { DomainError } from '../../errors.ts'

/** The notices module's errors; their codes are worded in shared/messages.ts. */

/** The action is not allowed from the notice's state (e.g. withdrawing a draft, editing a withdrawn notice). */
export class NoticeIllegalTransitionError extends DomainError {
  constructor(from: string, action: string) {
    super('NOTICE_ILLEGAL_TRANSITION', 409, `cannot ${action} a notice that is ${from}`)
  }
}

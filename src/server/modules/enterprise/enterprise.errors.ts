import { DomainError } from '../../errors.ts'

/** The enterprise module's errors; their codes are worded in shared/messages.ts. */

export class DuplicateCreditCodeError extends DomainError {
  constructor() {
    super('ENTERPRISE_DUPLICATE_CREDIT_CODE', 409, 'credit code already registered', [
      { field: 'creditCode', code: 'ENTERPRISE_DUPLICATE_CREDIT_CODE' },
    ])
  }
}

/** An enterprise account without an enterprise behind it sees nothing rather than everything. */
export class AccountUnlinkedError extends DomainError {
  constructor() {
    super('ENTERPRISE_ACCOUNT_UNLINKED', 403)
  }
}

export class InvalidOwnerError extends DomainError {
  constructor() {
    super('ENTERPRISE_OWNER_INVALID', 422, 'not a liaison officer serving this area', [
      { field: 'ownerAccountId', code: 'ENTERPRISE_OWNER_INVALID' },
    ])
  }
}

export class NoOwnerError extends DomainError {
  constructor() {
    super('ENTERPRISE_NO_OWNER', 422, 'an enterprise needs a liaison officer', [{ field: 'ownerAccountId', code: 'ENTERPRISE_NO_OWNER' }])
  }
}

/** The action is not allowed from the problem's state (e.g. reopening a closed problem). */
export class IllegalTransitionError extends DomainError {
  constructor(from: string, action: string) {
    super('PROBLEM_ILLEGAL_TRANSITION', 409, `cannot ${action} a problem that is ${from}`)
  }
}

/** Another request changed the problem between our read and our write. */
export class ProblemChangedError extends DomainError {
  constructor() {
    super('PROBLEM_CHANGED', 409)
  }
}

export class NotProblemOwnerError extends DomainError {
  constructor() {
    super('PROBLEM_NOT_OWNER', 403)
  }
}

export class EnterpriseOnlyError extends DomainError {
  constructor() {
    super('PROBLEM_ENTERPRISE_ONLY', 403)
  }
}

export class StaffOnlyError extends DomainError {
  constructor() {
    super('PROBLEM_STAFF_ONLY', 403)
  }
}

export class NoExpertTeamError extends DomainError {
  constructor() {
    super('PROBLEM_NO_EXPERT_TEAM', 422, 'no expert team of this field serves the area', [
      { field: 'expertField', code: 'PROBLEM_NO_EXPERT_TEAM' },
    ])
  }
}

export class AttachmentTooLargeError extends DomainError {
  constructor() {
    super('ATTACHMENT_TOO_LARGE', 413)
  }
}

/** The bytes are not a picture, PDF or XLSX workbook, whatever the name or claimed type says. */
export class AttachmentTypeError extends DomainError {
  constructor() {
    super('ATTACHMENT_TYPE', 415, undefined, [{ field: 'contentBase64', code: 'ATTACHMENT_TYPE' }])
  }
}

export class ResumptionPendingError extends DomainError {
  constructor() {
    super('RESUMPTION_PENDING_EXISTS', 409)
  }
}

export class ResumptionNotPendingError extends DomainError {
  constructor() {
    super('RESUMPTION_NOT_PENDING', 409)
  }
}

export class ChecklistIncompleteError extends DomainError {
  constructor() {
    super('RESUMPTION_CHECKLIST_INCOMPLETE', 409)
  }
}

export class SlotTakenError extends DomainError {
  constructor() {
    super('EXPERT_SLOT_TAKEN', 409)
  }
}

export class SlotPastError extends DomainError {
  constructor() {
    super('EXPERT_SLOT_PAST', 409)
  }
}

export class DuplicateSlotError extends DomainError {
  constructor() {
    super('EXPERT_SLOT_DUPLICATE', 409)
  }
}

export class NoSlotAvailableError extends DomainError {
  constructor() {
    super('EXPERT_NO_SLOT_AVAILABLE', 409)
  }
}

export class BookingStateError extends DomainError {
  constructor() {
    super('EXPERT_BOOKING_STATE', 409)
  }
}

export class NotTeamMemberError extends DomainError {
  constructor() {
    super('EXPERT_NOT_MEMBER', 403)
  }
}

export class ConsultationConcludedError extends DomainError {
  constructor() {
    super('CONSULTATION_CONCLUDED', 409)
  }
}

export class InvalidCalendarError extends DomainError {
  constructor(fields: { field: string; code: string }[]) {
    super('CALENDAR_INVALID', 422, 'holiday data has errors', fields)
  }
}

/** Whether an error is PostgreSQL's unique violation of the named constraint or index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string }
  return e.code === '23505' && (e.constraint === constraint || !!e.message?.includes(constraint))
}

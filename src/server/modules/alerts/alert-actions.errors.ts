import { DomainError } from '../../errors.ts'

export class AlertAlreadyHandledError extends DomainError {
  constructor() {
    super('ALERT_ALREADY_HANDLED', 409, 'this alert was handled already')
  }
}

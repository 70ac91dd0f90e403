import { DomainError } from '../../errors.ts'

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('AUTH_INVALID_CREDENTIALS', 401)
  }
}

export class AccountLockedError extends DomainError {
  constructor(readonly until: Date) {
    super('AUTH_LOCKED', 423, `locked until ${until.toISOString()}`)
  }
}

import { DomainError } from '../../errors.ts'

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('AUTH_INVALID_CREDENTIALS', 401)
  }
}

/** Too many failed sign-ins for this name or from this address: try again after a delay. */
export class LoginThrottledError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('AUTH_THROTTLED', 429, `try again in ${retryAfterSeconds} s`)
  }
}

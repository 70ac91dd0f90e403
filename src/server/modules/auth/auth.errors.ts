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

/** The password was right; this account also needs its authenticator or a recovery code. */
export class SecondFactorRequiredError extends DomainError {
  constructor() {
    super('AUTH_SECOND_FACTOR_REQUIRED', 401, undefined, [{ field: 'code', code: 'AUTH_SECOND_FACTOR_REQUIRED' }])
  }
}

/** A wrong, expired or already used code (a replay within its 30 s is refused too). */
export class SecondFactorInvalidError extends DomainError {
  constructor() {
    super('AUTH_SECOND_FACTOR_INVALID', 401, undefined, [{ field: 'code', code: 'AUTH_SECOND_FACTOR_INVALID' }])
  }
}

export class TwoFactorNotAvailableError extends DomainError {
  constructor() {
    super('TWO_FACTOR_NOT_AVAILABLE', 403)
  }
}

export class TwoFactorAlreadyEnabledError extends DomainError {
  constructor() {
    super('TWO_FACTOR_ALREADY_ENABLED', 409)
  }
}

export class TwoFactorNotPendingError extends DomainError {
  constructor() {
    super('TWO_FACTOR_NOT_PENDING', 409)
  }
}

export class TwoFactorNotEnabledError extends DomainError {
  constructor() {
    super('TWO_FACTOR_NOT_ENABLED', 409)
  }
}

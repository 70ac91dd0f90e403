import { DomainError } from '../../errors.ts'

/** The resident page's errors; their texts are in src/shared/messages.ts under the same codes. */

export class MeOtpWrongError extends DomainError {
  constructor() {
    super('ME_OTP_WRONG', 422, undefined, [{ field: 'otp', code: 'ME_OTP_WRONG' }])
  }
}

/** Expired, used up, too many tries, or never sent: ask for a new one. */
export class MeOtpExpiredError extends DomainError {
  constructor() {
    super('ME_OTP_EXPIRED', 422, undefined, [{ field: 'otp', code: 'ME_OTP_EXPIRED' }])
  }
}

/** Unknown, or replaced by a newer link. */
export class MeLinkInvalidError extends DomainError {
  constructor() {
    super('ME_LINK_INVALID', 422)
  }
}

/** No live session on this phone (never signed in, signed out, expired). Not AUTH_REQUIRED: that one ends a staff session in the web. */
export class MeSessionRequiredError extends DomainError {
  constructor() {
    super('ME_SESSION_REQUIRED', 401)
  }
}

export class MeRateLimitedError extends DomainError {
  constructor() {
    super('RATE_LIMITED', 429)
  }
}

import { DomainError } from '../../errors.ts'

export class ReturneeAlreadyObservedError extends DomainError {
  constructor() {
    super('RETURNEE_ALREADY_OBSERVED', 409, 'this person is already under observation')
  }
}

/** The ID is registered in an area the caller does not see: the grid worker there must register it. */
export class ReturneePersonElsewhereError extends DomainError {
  constructor() {
    super('RETURNEE_PERSON_ELSEWHERE', 409, 'this person is registered in another area', [
      { field: 'person.idNumber', code: 'RETURNEE_PERSON_ELSEWHERE' },
    ])
  }
}

export class ReportDayOutsideObservationError extends DomainError {
  constructor() {
    super('REPORT_DAY_OUTSIDE_OBSERVATION', 422, 'the day is outside the observation period', [
      { field: 'day', code: 'REPORT_DAY_OUTSIDE_OBSERVATION' },
    ])
  }
}

export class SelfServiceLinkInvalidError extends DomainError {
  constructor() {
    super('SELF_SERVICE_LINK_INVALID', 404, 'this link is unknown or has expired')
  }
}

/** A newer link replaced this one (re-issued by the grid worker): 410, so the page can say so. */
export class SelfServiceLinkReplacedError extends DomainError {
  constructor() {
    super('SELF_SERVICE_LINK_REPLACED', 410, 'this link was replaced by a newer one')
  }
}

/** The person has no mobile number on record, so the link cannot be texted. */
export class ReturneeNoPhoneError extends DomainError {
  constructor() {
    super('RETURNEE_NO_PHONE', 422, 'the person has no mobile number on record')
  }
}

/** The link to text is not this returnee's current one (re-issued meanwhile, or expired). */
export class SelfServiceLinkNotCurrentError extends DomainError {
  constructor() {
    super('SELF_SERVICE_LINK_NOT_CURRENT', 409, 'this is not the current link: issue a new one', [
      { field: 'path', code: 'SELF_SERVICE_LINK_NOT_CURRENT' },
    ])
  }
}

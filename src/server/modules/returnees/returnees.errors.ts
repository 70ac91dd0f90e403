import { DomainError } from '../../errors.ts'

export class ReturneeAlreadyObservedError extends DomainError {
  constructor() {
    super('RETURNEE_ALREADY_OBSERVED', 409, 'this person is already under observation')
  }
}

/** The ID is registered in an area the caller does not see: the grid worker there must register it. */
export class ReturneePersonElsewhereError extends DomainError {
  constructor() {
    super('RETURNEE_PERSON_ELSEWHERE', 409, 'this person is registered in another area', [{ field: 'person.idNumber', code: 'RETURNEE_PERSON_ELSEWHERE' }])
  }
}

export class ReportDayOutsideObservationError extends DomainError {
  constructor() {
    super('REPORT_DAY_OUTSIDE_OBSERVATION', 422, 'the day is outside the observation period', [{ field: 'day', code: 'REPORT_DAY_OUTSIDE_OBSERVATION' }])
  }
}

export class SelfServiceLinkInvalidError extends DomainError {
  constructor() {
    super('SELF_SERVICE_LINK_INVALID', 404, 'this link is unknown or has expired')
  }
}

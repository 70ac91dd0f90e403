import { DomainError } from '../../errors.ts'

/** The bus has no free seat left (the conditional UPDATE found seats_taken = seats). */
export class BusFullError extends DomainError {
  constructor() {
    super('RECRUIT_BUS_FULL', 409, 'no free seat on this bus', [{ field: 'busId', code: 'RECRUIT_BUS_FULL' }])
  }
}

/** The bus has left: seats can no longer be booked or moved onto it. */
export class BusDepartedError extends DomainError {
  constructor() {
    super('RECRUIT_BUS_DEPARTED', 409, 'the bus has departed', [{ field: 'busId', code: 'RECRUIT_BUS_DEPARTED' }])
  }
}

/** The bus leaves from another target region than the sign-up's. */
export class BusElsewhereError extends DomainError {
  constructor() {
    super('RECRUIT_BUS_ELSEWHERE', 422, 'the bus serves another region', [{ field: 'busId', code: 'RECRUIT_BUS_ELSEWHERE' }])
  }
}

/** The posting is closed or belongs to an enterprise outside the drive's area. */
export class PostingUnavailableError extends DomainError {
  constructor() {
    super('RECRUIT_POSTING_UNAVAILABLE', 422, 'posting not open here', [{ field: 'jobPostingId', code: 'RECRUIT_POSTING_UNAVAILABLE' }])
  }
}

/** The region's drive has ended (or never existed): the public form names it. */
export class RegionClosedError extends DomainError {
  constructor() {
    super('RECRUIT_REGION_CLOSED', 422, 'no running drive for this region', [{ field: 'regionId', code: 'RECRUIT_REGION_CLOSED' }])
  }
}

/** A state change the pipeline does not allow (e.g. withdrawn → boarded, or anything → hired by staff). */
export class SignupTransitionError extends DomainError {
  constructor() {
    super('RECRUIT_STATE_TRANSITION', 409, 'state change not allowed', [{ field: 'state', code: 'RECRUIT_STATE_TRANSITION' }])
  }
}

/** A withdrawn sign-up cannot be hired or seated. */
export class SignupWithdrawnError extends DomainError {
  constructor() {
    super('RECRUIT_SIGNUP_WITHDRAWN', 409, 'sign-up withdrawn')
  }
}

/** Staff posting a job must say for which enterprise. */
export class EnterpriseNeededError extends DomainError {
  constructor() {
    super('RECRUIT_ENTERPRISE_NEEDED', 422, undefined, [{ field: 'enterpriseId', code: 'RECRUIT_ENTERPRISE_NEEDED' }])
  }
}

/** A team member account must be a recruiter within the caller's area. */
export class MemberInvalidError extends DomainError {
  constructor() {
    super('RECRUIT_MEMBER_INVALID', 422, undefined, [{ field: 'memberAccountIds', code: 'RECRUIT_MEMBER_INVALID' }])
  }
}

import type { PropertyStatus } from '../../../shared/schemas/housing.ts'
import { DomainError } from '../../errors.ts'

/** The house-code module's errors; their texts are in src/shared/messages.ts under the same codes. */

/** A step the application's current state does not allow (e.g. inspecting a draft). */
export class BadTransitionError extends DomainError {
  constructor(from: PropertyStatus, to: PropertyStatus) {
    super('HOUSING_BAD_TRANSITION', 409, `a ${from} application cannot become ${to}`)
  }
}

/** The landlord's form can change only while a draft or returned. */
export class NotEditableError extends DomainError {
  constructor(status: PropertyStatus) {
    super('HOUSING_NOT_EDITABLE', 409, `a ${status} application cannot be edited`)
  }
}

/** A landlord account not linked to a landlord person. */
export class NotALandlordError extends DomainError {
  constructor() {
    super('HOUSING_NOT_A_LANDLORD', 403, 'this account is not linked to a landlord')
  }
}

export class LandlordRequiredError extends DomainError {
  constructor(code = 'HOUSING_LANDLORD_REQUIRED') {
    super(code, 422, undefined, [{ field: 'landlordPersonId', code }])
  }
}

export class AlreadyInspectedError extends DomainError {
  constructor() {
    super('HOUSING_ALREADY_INSPECTED', 409, 'this role has signed off this round already')
  }
}

export class ChecklistMismatchError extends DomainError {
  constructor() {
    super('HOUSING_CHECKLIST_MISMATCH', 422, 'give exactly the items of your checklist', [
      { field: 'items', code: 'HOUSING_CHECKLIST_MISMATCH' },
    ])
  }
}

/** The landlord submits without a floor plan: the inspectors need it on site. */
export class FloorPlanMissingError extends DomainError {
  constructor() {
    super('HOUSING_FLOOR_PLAN_MISSING', 422, 'upload a floor plan first', [{ field: 'floorPlan', code: 'HOUSING_FLOOR_PLAN_MISSING' }])
  }
}

/** A photo id that is not an unused inspection photo of this property. */
export class InspectionPhotoUnknownError extends DomainError {
  constructor(field: string) {
    super('HOUSING_INSPECTION_PHOTO_UNKNOWN', 422, undefined, [{ field, code: 'HOUSING_INSPECTION_PHOTO_UNKNOWN' }])
  }
}

export class UploadTooLargeError extends DomainError {
  constructor() {
    super('HOUSING_UPLOAD_TOO_LARGE', 413)
  }
}

export class UploadTypeError extends DomainError {
  constructor() {
    super('HOUSING_UPLOAD_TYPE', 415)
  }
}

/** The scanned or linked house code did not verify, or is not a house code. */
export class HouseCodeInvalidError extends DomainError {
  constructor(reason: string) {
    super('HOUSING_CODE_INVALID', 422, `house code: ${reason}`, [{ field: 'code', code: 'HOUSING_CODE_INVALID' }])
  }
}

/** The property takes no registrations or tenants now (code not issued, suspended, revoked). */
export class NotAcceptingError extends DomainError {
  constructor() {
    super('HOUSING_NOT_ACCEPTING', 409)
  }
}

export class HealthCodeInvalidError extends DomainError {
  constructor(reason: string) {
    super('HOUSING_HEALTH_CODE_INVALID', 422, `health code: ${reason}`, [{ field: 'healthCode', code: 'HOUSING_HEALTH_CODE_INVALID' }])
  }
}

/** A Gridline health code of somebody else than the ID number given. */
export class HealthCodeNotYoursError extends DomainError {
  constructor() {
    super('HOUSING_HEALTH_CODE_NOT_YOURS', 422, undefined, [{ field: 'healthCode', code: 'HOUSING_HEALTH_CODE_NOT_YOURS' }])
  }
}

export class AlreadyOccupantError extends DomainError {
  constructor() {
    super('HOUSING_ALREADY_OCCUPANT', 409)
  }
}

/** One home at a time: the person still lives at another property. */
export class OccupantElsewhereError extends DomainError {
  constructor() {
    super('HOUSING_OCCUPANT_ELSEWHERE', 409)
  }
}

export class OtpWrongError extends DomainError {
  constructor() {
    super('HOUSING_OTP_WRONG', 422, undefined, [{ field: 'otp', code: 'HOUSING_OTP_WRONG' }])
  }
}

/** Expired, or too many wrong tries: submit the form again for a new code. */
export class OtpExpiredError extends DomainError {
  constructor() {
    super('HOUSING_OTP_EXPIRED', 422, undefined, [{ field: 'otp', code: 'HOUSING_OTP_EXPIRED' }])
  }
}

export class RegistrationNotPendingError extends DomainError {
  constructor() {
    super('HOUSING_REGISTRATION_NOT_PENDING', 409)
  }
}

/** Every bed of the property is taken (STYLE.md's example error). */
export class OccupancyFullError extends DomainError {
  constructor() {
    super('HOUSING_OCCUPANCY_FULL', 409)
  }
}

export class CapacityBelowOccupantsError extends DomainError {
  constructor() {
    super('HOUSING_CAPACITY_BELOW_OCCUPANTS', 409, undefined, [{ field: 'capacity', code: 'HOUSING_CAPACITY_BELOW_OCCUPANTS' }])
  }
}

export class AlreadyMovedOutError extends DomainError {
  constructor() {
    super('HOUSING_ALREADY_MOVED_OUT', 409)
  }
}

/** An import file that is not a CSV or XLSX table with the expected header. */
export class ImportFormatError extends DomainError {
  constructor(detail: string) {
    super('HOUSING_IMPORT_FORMAT', 422, detail)
  }
}

/** Too many public submissions from one address or for one property. */
export class RateLimitedError extends DomainError {
  constructor() {
    super('RATE_LIMITED', 429)
  }
}

/** Postgres CHECK violations the service maps to the errors above. */
export function isCheckViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string }
  return e.code === '23514' && (e.constraint === constraint || !!e.message?.includes(constraint))
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string }
  return e.code === '23505' && (e.constraint === constraint || !!e.message?.includes(constraint))
}

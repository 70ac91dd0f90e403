import { DomainError } from '../../errors.ts'

export class DuplicatePersonError extends DomainError {
  constructor() {
    super('PERSON_DUPLICATE_ID', 409, 'this ID number is already registered in this city', [
      { field: 'idNumber', code: 'PERSON_DUPLICATE_ID' },
    ])
  }
}

export class IdNumberNeededError extends DomainError {
  constructor() {
    super('PERSON_ID_NUMBER_NEEDED', 422, 'a changed document type needs its number', [
      { field: 'idNumber', code: 'PERSON_ID_NUMBER_NEEDED' },
    ])
  }
}

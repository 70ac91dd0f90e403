import { DomainError } from '../../errors.ts'

export class DuplicatePersonError extends DomainError {
  constructor() {
    super('PERSON_DUPLICATE_ID', 409, 'this ID number is already registered in this city', [
      { field: 'idNumber', code: 'PERSON_DUPLICATE_ID' },
    ])
  }
}

import { DomainError } from '../../errors.ts'

export class ConsultationTakenError extends DomainError {
  constructor() {
    super('CONSULTATION_TAKEN', 409, 'another doctor has taken this consultation')
  }
}

export class ConsultationWaitingError extends DomainError {
  constructor() {
    super('CONSULTATION_WAITING', 409, 'a consultation for this person is already waiting or running')
  }
}

export class ConsultationNotYoursError extends DomainError {
  constructor() {
    super('CONSULTATION_NOT_YOURS', 409, 'only the doctor who took the consultation closes it')
  }
}

import { DomainError } from '../../errors.ts'

export class IsolationAlreadyOpenError extends DomainError {
  constructor() {
    super('ISOLATION_ALREADY_OPEN', 409, 'this person already has an open isolation order')
  }
}

export class IsolationReleasedError extends DomainError {
  constructor() {
    super('ISOLATION_RELEASED', 409, 'this isolation order has been released')
  }
}

export class ResponsibleNotGridWorkerError extends DomainError {
  constructor() {
    super('ISOLATION_RESPONSIBLE_INVALID', 422, 'the responsible account must be a grid worker of the area', [
      { field: 'responsibleAccountId', code: 'ISOLATION_RESPONSIBLE_INVALID' },
    ])
  }
}

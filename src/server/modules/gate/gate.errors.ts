import { DomainError } from '../../errors.ts'

export class ScanFromAnotherCheckpointError extends DomainError {
  constructor() {
    super('GATE_SCAN_ID_REUSED', 409, 'this client scan id was already used for a different scan', [
      { field: 'clientScanId', code: 'GATE_SCAN_ID_REUSED' },
    ])
  }
}

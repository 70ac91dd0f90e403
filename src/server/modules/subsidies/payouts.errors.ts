import { DomainError } from '../../errors.ts'

/** Errors of payout batches and bank files; their codes are worded in shared/messages.ts. */

/**
 * Some chosen applications cannot be paid now: not approved (or failed and waiting for a retry),
 * already in a batch, already paid. Each is named in a field error `applicationIds.<i>`.
 */
export class NotPayableError extends DomainError {
  constructor(problems: { index: number; number: string | null; state: string | null }[]) {
    super(
      'subsidy.notPayable',
      409,
      `not payable: ${problems.map((p) => `${p.number ?? 'unknown'} (${p.state ?? 'not found'})`).join(', ')}`,
      problems.map((p) => ({
        field: `applicationIds.${p.index}`,
        code: p.state === 'paid' ? 'subsidy.alreadyPaid' : p.state ? 'subsidy.notPayable' : 'NOT_FOUND',
      })),
    )
  }
}

/** The idempotency key was used before for a batch the caller cannot see. */
export class BatchKeyTakenError extends DomainError {
  constructor() {
    super('subsidy.batchKeyTaken', 409, 'idempotency key already used', [{ field: 'idempotencyKey', code: 'subsidy.batchKeyTaken' }])
  }
}

/** A result file for a batch whose payment file has not been exported yet. */
export class BatchNotExportedError extends DomainError {
  constructor() {
    super('subsidy.batchNotExported', 409)
  }
}

/**
 * The payee or purpose behind an exported file changed, so the stored file cannot be rebuilt
 * byte for byte. Refused rather than handing the bank a second, different file for one batch.
 */
export class BankFileChangedError extends DomainError {
  constructor() {
    super('subsidy.bankFileChanged', 409)
  }
}

/**
 * A payment of the batch was settled (paid or failed): its file is history now. Handing it out
 * again would let a failed instruction reach the bank once more after its retry was paid.
 */
export class BatchSettledError extends DomainError {
  constructor() {
    super('subsidy.batchSettled', 409)
  }
}

/** The idempotency key came back with other applications than the batch it made. */
export class BatchKeyMismatchError extends DomainError {
  constructor() {
    super('subsidy.idempotencyMismatch', 422, 'idempotency key replayed with other applications', [
      { field: 'idempotencyKey', code: 'subsidy.idempotencyMismatch' },
    ])
  }
}

/** The bank file of a batch is released only once a second policy officer has approved it. */
export class BatchNotApprovedError extends DomainError {
  constructor() {
    super('subsidy.batchNotApproved', 409)
  }
}

/** The officer who made a batch cannot also approve it (four eyes). */
export class BatchSelfApprovalError extends DomainError {
  constructor() {
    super('subsidy.batchSelfApproval', 403)
  }
}

/** Another officer approved the batch already, or its file is out: nothing left to approve. */
export class BatchNotAwaitingApprovalError extends DomainError {
  constructor() {
    super('subsidy.batchNotAwaitingApproval', 409)
  }
}

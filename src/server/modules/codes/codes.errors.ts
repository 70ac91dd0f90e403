import { DomainError } from '../../errors.ts'

/** The codes module's newer errors; their texts are in src/shared/messages.ts under the same codes. */

/** A colour list without the columns it needs (the header row names them). */
export class HealthImportFormatError extends DomainError {
  constructor(missing: readonly string[]) {
    super(
      'CODES_IMPORT_FORMAT',
      422,
      `missing columns: ${missing.join(', ')}`,
      missing.map((field) => ({ field, code: 'CODES_IMPORT_FORMAT' })),
    )
  }
}

/** A colour list longer than one transaction should carry: split the file. */
export class HealthImportTooLargeError extends DomainError {
  constructor(maxRows: number) {
    super('CODES_IMPORT_TOO_LARGE', 422, `at most ${maxRows} rows per file`)
  }
}

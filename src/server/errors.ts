/**
 * Domain errors: services throw these, never HTTP classes. Each has a stable code (a key of
 * shared/messages.ts, so the UI can say it in the user's language) and an HTTP status.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    /** Safe for users: never personal data. */
    readonly detail?: string,
    /** Field-level problems, e.g. [{ field: 'idNumber', code: 'PERSON_DUPLICATE_ID' }]. */
    /** `message`, when given, is shown instead of the code's text (e.g. a rule's explanation in the caller's language). */
    readonly fields?: { field: string; code: string; message?: string }[],
  ) {
    super(detail ?? code)
    this.name = new.target.name
  }
}

/** Not found — also what a record outside the caller's area looks like, so scope leaks nothing. */
export class NotFoundError extends DomainError {
  constructor(entity: string) {
    super('NOT_FOUND', 404, `${entity} not found`)
  }
}

export class ForbiddenError extends DomainError {
  constructor() {
    super('FORBIDDEN', 403)
  }
}

export class AuthRequiredError extends DomainError {
  constructor() {
    super('AUTH_REQUIRED', 401)
  }
}

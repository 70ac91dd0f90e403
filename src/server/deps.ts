import type { Config } from './config.ts'
import type { FieldCipher } from './crypto/field-cipher.ts'
import type { Db } from './db/database.ts'

/** What services need from the process: built once in main.ts (or a test) and passed down. */
export interface Deps {
  readonly db: Db
  readonly dbKind: 'postgres' | 'pglite'
  readonly cipher: FieldCipher
  readonly config: Config
  /** Set by the server's start: false while the database was never reached (the API answers 503). */
  readonly schema?: { readonly ready: boolean }
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps
  }
}

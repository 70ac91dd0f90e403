import type { Config } from './config.ts'
import type { FieldCipher } from './crypto/field-cipher.ts'
import type { Db } from './db/database.ts'

/** What services need from the process: built once in main.ts (or a test) and passed down. */
export interface Deps {
  readonly db: Db
  readonly dbKind: 'postgres' | 'pglite'
  readonly cipher: FieldCipher
  readonly config: Config
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps
  }
}

import type { Config } from './config.ts'
import { FieldCipher } from './crypto/field-cipher.ts'
import { openDatabase, type DatabaseHandle } from './db/database.ts'
import { migrateToLatest } from './db/migrate.ts'
import { migrateWhenReachable, type SchemaState } from './db/schema-state.ts'
import type { Deps } from './deps.ts'
import { isDatabaseUnavailable } from './http/problem.ts'

/**
 * Opens the database named by the config, migrates it and returns the service dependencies.
 * Shared by the server, the CLI and tests.
 */
export async function bootstrap(config: Config): Promise<{ deps: Deps; handle: DatabaseHandle }> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, timeouts: config.databaseTimeouts })
  await migrateToLatest(handle.db)
  const deps: Deps = { db: handle.db, dbKind: handle.kind, cipher: new FieldCipher(config.secrets.dataKey), config }
  return { deps, handle }
}

/**
 * The server's start: like bootstrap, but an unreachable database does not stop it. It migrates
 * in the background once PostgreSQL answers; until then `schema.ready` is false and the API
 * answers 503 (deps.schema, read by the app).
 * @throws when a migration fails for another reason than an absent database
 */
export async function bootstrapServer(
  config: Config,
  log: (line: string) => void,
): Promise<{ deps: Deps; handle: DatabaseHandle; schema: SchemaState }> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, timeouts: config.databaseTimeouts })
  const schema = await migrateWhenReachable(handle.db, { isUnavailable: isDatabaseUnavailable, log })
  const deps: Deps = { db: handle.db, dbKind: handle.kind, cipher: new FieldCipher(config.secrets.dataKey), config, schema }
  return { deps, handle, schema }
}

import type { Config } from './config.ts'
import { FieldCipher } from './crypto/field-cipher.ts'
import { openDatabase, type DatabaseHandle } from './db/database.ts'
import { migrateToLatest } from './db/migrate.ts'
import type { Deps } from './deps.ts'

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

import { parseArgs } from 'node:util'
import type { Config } from '../server/config.ts'
import { FieldCipher } from '../server/crypto/field-cipher.ts'
import { backupDatabase, BackupError, restoreDatabase } from '../server/db/backup.ts'

export const BACKUP_USAGE = `backup FILE [--force]          write the database to FILE: pg_dump (custom format) on PostgreSQL, while it
                                  runs; the embedded database as a .tar.gz, with the server stopped
  restore FILE                    load FILE into an EMPTY database: a new DATABASE_URL database, or a DATA_DIR
                                  without one (docs/RELIABILITY.md, "Backup and restore")`

/** Whether the configured data key decrypts a sealed value of the restored data. */
function dataKeyOpens(config: Config, sealed: string): boolean {
  try {
    new FieldCipher(config.secrets.dataKey).open(sealed)
    return true
  } catch {
    return false
  }
}

/**
 * `npm run gridline -- backup FILE` and `restore FILE`, before any database is opened (a restore
 * needs its target empty; a PGlite backup opens the folder itself).
 * @returns the process exit code
 */
export async function runBackupCommand(command: 'backup' | 'restore', config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean', default: false } } })
  const file = positionals[0]
  if (!file) {
    console.error(`${command}: give the backup file path\n\n  ${BACKUP_USAGE}`)
    return 2
  }
  const target = { databaseUrl: config.databaseUrl, dataDir: config.dataDir }
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${config.dataDir}`
  try {
    if (command === 'backup') {
      const bytes = await backupDatabase(target, file, { force: values.force })
      console.log(`Backed up ${where} to ${file} (${(bytes / 1e6).toFixed(1)} MB).`)
      console.log('The data key is not in it: keep DATA_DIR/secrets.json (or DATA_KEY) safe, apart from the backup.')
    } else {
      const { sealedSample } = await restoreDatabase(target, file)
      console.log(`Restored ${file} into ${where}.`)
      if (sealedSample && !dataKeyOpens(config, sealedSample)) {
        console.error(
          `restore: this DATA_KEY does not open the restored ID numbers: put the backup's secrets.json into ${config.dataDir} (or set its DATA_KEY) before starting the server`,
        )
        return 1
      }
    }
    return 0
  } catch (error) {
    if (error instanceof BackupError) {
      console.error(`${command}: ${error.message}`)
      return 1
    }
    throw error
  }
}

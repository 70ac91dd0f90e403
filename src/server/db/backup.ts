import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'

const run = promisify(execFile)

/** Where the data lives: PostgreSQL when a URL is given, else the embedded PGlite in dataDir/pgdata. */
export interface BackupTarget {
  databaseUrl?: string
  dataDir: string
}

/** A backup or restore that cannot run as asked; the message says what to do. */
export class BackupError extends Error {
  override name = 'BackupError'
}

const SEALED_SAMPLE = 'SELECT id_number_enc AS s FROM person LIMIT 1'

const pgdataOf = (dataDir: string) => join(dataDir, 'pgdata')

/** PostgreSQL's own tools, or why not (they come with the postgresql-client package). */
async function requireTool(tool: 'pg_dump' | 'pg_restore'): Promise<void> {
  try {
    await run(tool, ['--version'])
  } catch {
    throw new BackupError(`${tool} is not installed (apt-get install postgresql-client, the same major version as the server or newer)`)
  }
}

/**
 * Writes a backup of the whole database into one file: `pg_dump --format=custom` on PostgreSQL
 * (a consistent snapshot, taken while the server runs), or the PGlite data folder as a gzipped
 * tarball (PGlite is one process's: the server must be stopped).
 * The secrets (DATA_KEY in DATA_DIR/secrets.json or the environment) are not in the backup: keep
 * them apart, the ID numbers cannot be read without them.
 * @param options.force back up a PGlite folder that looks in use (after a crash)
 * @returns the size of the file written, in bytes
 * @throws BackupError when the tool is missing, the folder is empty or looks in use
 */
export async function backupDatabase(target: BackupTarget, file: string, options: { force?: boolean } = {}): Promise<number> {
  if (target.databaseUrl) {
    await requireTool('pg_dump')
    // --no-owner/--no-acl: the restore may run as another role on another server.
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-acl', `--file=${file}`, `--dbname=${target.databaseUrl}`])
    return statSync(file).size
  }
  const pgdata = pgdataOf(target.dataDir)
  if (!existsSync(join(pgdata, 'PG_VERSION'))) throw new BackupError(`no embedded database in ${pgdata}`)
  // PGlite writes postmaster.pid while open and removes it on close (its pid is not a real one).
  if (existsSync(join(pgdata, 'postmaster.pid')) && !options.force) {
    throw new BackupError(`${pgdata} is in use: stop the server first (Ctrl-C). After a crash, start and stop it once, or pass --force`)
  }
  const pglite = await PGlite.create(pgdata)
  try {
    const dump = await pglite.dumpDataDir('gzip')
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  } finally {
    await pglite.close()
  }
  return statSync(file).size
}

/**
 * Restores a backup into an EMPTY database: `pg_restore` in one transaction (all or nothing) into
 * the DATABASE_URL database, or the tarball unpacked into a DATA_DIR without a database yet.
 * Never overwrites: restoring over live data is done by moving the old folder or database aside.
 * @returns one sealed ID number of the restored data (null when it has no people), so the caller
 *   can check that its DATA_KEY is the backup's
 * @throws BackupError when the target already holds data, the file is missing or the tool is
 */
export async function restoreDatabase(target: BackupTarget, file: string): Promise<{ sealedSample: string | null }> {
  if (!existsSync(file)) throw new BackupError(`no backup file ${file}`)
  if (target.databaseUrl) {
    await requireTool('pg_restore')
    const client = new pg.Client({ connectionString: target.databaseUrl })
    await client.connect()
    try {
      const tables = await client.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`)
      if (tables.rows[0].n > 0)
        throw new BackupError('the database is not empty: restore into a new one (createdb) and point DATABASE_URL at it')
    } finally {
      await client.end()
    }
    await run('pg_restore', ['--no-owner', '--no-acl', '--single-transaction', '--exit-on-error', `--dbname=${target.databaseUrl}`, file])
    const restored = new pg.Client({ connectionString: target.databaseUrl })
    await restored.connect()
    try {
      return { sealedSample: (await restored.query<{ s: string }>(SEALED_SAMPLE)).rows[0]?.s ?? null }
    } finally {
      await restored.end()
    }
  }
  const pgdata = pgdataOf(target.dataDir)
  if (existsSync(pgdata) && readdirSync(pgdata).length)
    throw new BackupError(`${pgdata} already holds a database: restore into a new DATA_DIR, or move this one aside`)
  mkdirSync(pgdata, { recursive: true })
  const pglite = await PGlite.create(pgdata, { loadDataDir: new Blob([readFileSync(file)]) })
  try {
    return { sealedSample: (await pglite.query<{ s: string }>(SEALED_SAMPLE)).rows[0]?.s ?? null }
  } finally {
    await pglite.close()
  }
}

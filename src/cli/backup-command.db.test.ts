import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { testDatabaseKind } from '../../test/db.ts'
import { createAreaTree, residentId } from '../../test/factories.ts'
import { loadConfig } from '../server/config.ts'
import { FieldCipher } from '../server/crypto/field-cipher.ts'
import { backupDatabase } from '../server/db/backup.ts'
import { openDatabase } from '../server/db/database.ts'
import { migrateToLatest } from '../server/db/migrate.ts'
import type { Deps } from '../server/deps.ts'
import { sealIdentity } from '../server/modules/people/person.service.ts'
import { runBackupCommand } from './backup-command.ts'

/** The command's own check (the library is tested in src/server/db/backup.db.test.ts); PGlite suffices. */
describe.runIf(testDatabaseKind() === 'pglite')('gridline restore', () => {
  // Made in beforeAll: a skipped describe still runs its body, but never its hooks.
  let dir: string
  let file: string
  const dataKey = randomBytes(32)
  const configFor = (dataDir: string, key: Buffer) =>
    loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      DATA_KEY: key.toString('hex'),
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'false',
    })

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gl-restore-cmd-'))
    file = join(dir, 'backup.tar.gz')
    vi.spyOn(console, 'log').mockImplementation(() => {})
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const handle = await openDatabase({ dataDir: join(dir, 'live') })
    try {
      await migrateToLatest(handle.db)
      const tree = await createAreaTree({ db: handle.db } as Deps)
      await handle.db
        .insertInto('person')
        .values({
          area_id: tree.gridA.id,
          city_area_id: tree.city.id,
          name: '备份',
          kind: 'resident',
          id_type: 'resident_id',
          ...sealIdentity(new FieldCipher(dataKey), residentId(), null),
          origin: null,
          employer: null,
          address: null,
          created_by: null,
        })
        .execute()
    } finally {
      await handle.close()
    }
    await backupDatabase({ dataDir: join(dir, 'live') }, file)
  })
  afterAll(() => {
    vi.restoreAllMocks()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('fails when the data key of the target does not open the restored ID numbers', async () => {
    expect(await runBackupCommand('restore', configFor(join(dir, 'other-key'), randomBytes(32)), [file])).toBe(1)
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('does not open the restored ID numbers'))
  })

  it('succeeds with the backup’s data key', async () => {
    expect(await runBackupCommand('restore', configFor(join(dir, 'same-key'), dataKey), [file])).toBe(0)
  })
})

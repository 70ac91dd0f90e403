import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { insertBracelets } from '../../../../test/device-fixtures.ts'
import { createAreaTree } from '../../../../test/factories.ts'
import { DeviceDirectory } from './device-directory.ts'

describe(`${DeviceDirectory.name} on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let directory: DeviceDirectory
  let now = 1_000_000
  const serials = Array.from({ length: 1500 }, (_, i) => `DIR-${i}`)

  beforeAll(async () => {
    ctx = await createTestContext()
    const tree = await createAreaTree(ctx.deps)
    await insertBracelets(ctx.deps, tree.gridA.id, serials)
    directory = new DeviceDirectory(ctx.deps.db, ctx.deps.cipher, () => now)
    await directory.start()
  })
  afterAll(async () => {
    await directory?.close()
    await ctx?.close()
  })

  it('answers known devices from memory after their TTL and refreshes them in the background, a batch at a time', async () => {
    // Retired behind the cache's back (no NOTIFY): only a refresh can see it.
    await ctx.deps.db.updateTable('device').set({ status: 'retired' }).where('serial', '=', 'DIR-1499').execute()
    now += 61_000
    // Every entry expired at once: none of them waits for the database.
    for (const serial of serials) expect(directory.get(serial)).toMatchObject({ serial })
    // The background refresh reads the database again: the retired device is gone once it ran.
    const end = Date.now() + 10_000
    while (directory.get('DIR-1499') !== null) {
      if (Date.now() > end) throw new Error('not refreshed')
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    expect(directory.get('DIR-0')).toMatchObject({ serial: 'DIR-0', loadedAt: now })
  })
})

import { randomBytes } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import type { TestProject } from 'vitest/node'
import { loadDemoData } from '../../src/server/seed/demo.ts'
import { createTestContext } from '../db.ts'

/**
 * The browser tests each need the whole demo city (people, houses, enterprises, subsidies,
 * recruitment…), which takes far longer to load than to copy. This global set-up loads it once
 * per run into an in-memory PGlite and keeps a dump of its data folder; every browser test file
 * restores its own private copy from that dump (startDemoServer), so files still never share a
 * database.
 */
export interface DemoSnapshot {
  file: string
  /** The data key the snapshot's sealed ID numbers and blind indexes were made with. */
  dataKey: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoSnapshot: DemoSnapshot | null
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dataKey = randomBytes(32).toString('hex')
  const pglite = await PGlite.create()
  const ctx = await createTestContext({ DATA_KEY: dataKey }, { pglite })
  await loadDemoData(ctx.deps)
  const dump = await pglite.dumpDataDir('none')
  const file = join(tmpdir(), `gridline-demo-${process.pid}-${randomBytes(4).toString('hex')}.tar`)
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  await ctx.close()
  project.provide('demoSnapshot', { file, dataKey })
  return () => rmSync(file, { force: true })
}

/** A private PGlite holding the demo data, restored from the run's snapshot. */
export async function restoreDemoSnapshot(snapshot: DemoSnapshot): Promise<PGlite> {
  return PGlite.create({ loadDataDir: new Blob([readFileSync(snapshot.file)]) })
}

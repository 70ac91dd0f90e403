import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { buildApp } from '../src/server/app.ts'
import { loadDemoData } from '../src/server/seed/demo.ts'
import { issueHealthCode } from '../src/server/modules/codes/codes.service.ts'
import type { Actor } from '../src/server/modules/auth/actor.ts'
import { createTestContext, type TestContext } from '../test/db.ts'
import { drainPassageWriters } from '../src/server/modules/gate/passage-writer.ts'
import { DEMO_PLATFORMS, invalidatePlatformCache, startDemoPlatform } from '../src/server/modules/platforms/index.ts'
import { changePlatform } from '../src/server/modules/platforms/platforms.service.ts'

const run = promisify(execFile)

export interface GateApiFigures {
  api_scans_per_s: number
  api_p50_ms: number
  api_p99_ms: number
  lost_passages: number
  database: string
  /** wrk (Debian's, C) when installed: a Node client saturates before the server does */
  generator: 'wrk' | 'node'
  /** another province's codes verified online by the loopback simulator (issue 20) */
  platform_cached_scans_per_s: number
  platform_cached_p99_ms: number
  platform_uncached_scans_per_s: number
  platform_uncached_p50_ms: number
  platform_uncached_p99_ms: number
  platform_requests_per_uncached_scan: number
}

async function hasWrk(): Promise<boolean> {
  try {
    await run('wrk', ['--version'])
    return true
  } catch (error) {
    // wrk --version exits 1 after printing its version
    return (error as { stdout?: string }).stdout?.includes('wrk') ?? false
  }
}

/** Runs wrk with the scan script; returns acknowledged (2xx) requests and latency percentiles. */
async function runWrk(url: string, env: { cookie: string; checkpointId: string; codesFile: string }, seconds: number, connections: number) {
  const { stdout } = await run(
    'wrk',
    ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', join(import.meta.dirname, 'gate-scans.lua'), url],
    {
      env: { ...process.env, GATE_COOKIE: env.cookie, GATE_CHECKPOINT: env.checkpointId, GATE_CODES_FILE: env.codesFile },
      maxBuffer: 16 * 1024 * 1024,
    },
  )
  const ms = (label: string) => {
    const m = stdout.match(new RegExp(`\\s${label}%\\s+([\\d.]+)(us|ms|s)`))
    if (!m) return NaN
    const value = Number(m[1])
    return m[2] === 'us' ? value / 1000 : m[2] === 's' ? value * 1000 : value
  }
  const total = Number(stdout.match(/(\d+) requests in ([\d.]+)s/)?.[1] ?? 0)
  const elapsed = Number(stdout.match(/requests in ([\d.]+)s/)?.[1] ?? seconds)
  const non2xx = Number(stdout.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0)
  return { acknowledged: total - non2xx, elapsed, p50: ms('50'), p99: ms('99') }
}

/** Loads POST /api/gate/scans with `codes` for `seconds` and checks every acknowledged scan is a committed passage. */
async function measureScans(input: {
  ctx: TestContext
  port: number
  cookie: string
  checkpointId: string
  codes: string[]
  seconds: number
  connections: number
  dir: string
}) {
  const { ctx, port, cookie, codes, seconds, connections, dir } = input
  const codesFile = join(dir, 'codes.json')
  writeFileSync(codesFile, JSON.stringify(codes))
  const count = async () =>
    Number(
      (
        await ctx.deps.db
          .selectFrom('passage')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const before = await count()
  if (await hasWrk()) {
    writeFileSync(join(dir, 'codes.txt'), codes.join('\n'))
    const load = await runWrk(
      `http://127.0.0.1:${port}/api/gate/scans`,
      { cookie, checkpointId: input.checkpointId, codesFile: join(dir, 'codes.txt') },
      seconds,
      connections,
    )
    await drainPassageWriters()
    const after = await count()
    return {
      api_scans_per_s: Math.round(load.acknowledged / load.elapsed),
      api_p50_ms: load.p50,
      api_p99_ms: load.p99,
      lost_passages: Math.max(0, load.acknowledged - (after - before)),
      acknowledged: load.acknowledged,
      generator: 'wrk' as const,
    }
  }
  const { stdout } = await run(
    process.execPath,
    [
      join(import.meta.dirname, 'load-generator.mjs'),
      `http://127.0.0.1:${port}/api/gate/scans`,
      cookie,
      input.checkpointId,
      codesFile,
      String(seconds),
      String(connections),
    ],
    { maxBuffer: 512 * 1024 * 1024 },
  )
  const load = JSON.parse(stdout) as { acknowledged: string[]; errors: number; elapsed: number; p50: number; p99: number }
  await drainPassageWriters()
  let committed = 0
  for (let i = 0; i < load.acknowledged.length; i += 5000) {
    const ids = load.acknowledged.slice(i, i + 5000)
    const row = await ctx.deps.db
      .selectFrom('passage')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('client_scan_id', 'in', ids)
      .executeTakeFirstOrThrow()
    committed += Number(row.n)
  }
  if (load.errors) console.error(`note: ${load.errors} requests failed`)
  return {
    api_scans_per_s: Math.round(load.acknowledged.length / load.elapsed),
    api_p50_ms: Number(load.p50.toFixed(2)),
    api_p99_ms: Number(load.p99.toFixed(2)),
    lost_passages: load.acknowledged.length - committed,
    acknowledged: load.acknowledged.length,
    generator: 'node' as const,
  }
}

/**
 * Loads POST /api/gate/scans from a second process on loopback for `seconds`, then checks that
 * every acknowledged scan is a committed passage. Runs on PostgreSQL (DATABASE_URL, default the
 * local server) in a database of its own.
 */
export async function benchGateApi(seconds: number, connections = 32): Promise<GateApiFigures> {
  process.env.GRIDLINE_TEST_DB = 'postgres'
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres'
  const ctx = await createTestContext()
  try {
    await loadDemoData(ctx.deps)
    const app = await buildApp(ctx.deps, { logger: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const port = (app.server.address() as { port: number }).port
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'guard', password: 'Gridline2020' } })
    const cookie = `gl_session=${login.cookies.find((c) => c.name === 'gl_session')!.value}`
    const checkpoint = await ctx.deps.db
      .selectFrom('checkpoint')
      .select('id')
      .where('name', '=', '蛎灰窑东门卡口')
      .executeTakeFirstOrThrow()
    const admin = await ctx.deps.db
      .selectFrom('account')
      .innerJoin('area', 'area.id', 'account.area_id')
      .select(['account.id', 'account.area_id', 'area.path'])
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow()
    const actor: Actor = {
      account: {
        id: admin.id,
        username: 'admin',
        displayName: 'admin',
        role: 'admin',
        areaId: admin.area_id,
        areaName: '',
        areaLevel: 'city',
        areaPath: admin.path,
      },
      areaPath: admin.path,
      ip: 'bench',
    }
    const green = await ctx.deps.db.selectFrom('health_status').select('person_id').where('colour', '=', 'green').limit(200).execute()
    const codes = []
    for (const p of green) codes.push((await issueHealthCode(ctx.deps, actor, p.person_id)).code)
    const dir = mkdtempSync(join(tmpdir(), 'gl-bench-'))
    const { acknowledged: _acknowledged, ...ours } = {
      ...(await measureScans({ ctx, port, cookie, checkpointId: checkpoint.id, codes, seconds, connections, dir })),
      database: ctx.deps.dbKind,
    }
    // Issue 20: another province's codes, verified online by the simulated Jiangxi platform on
    // loopback — with the answer cache (a queue at a gate) and without it (every scan asks).
    const jiangxi = await startDemoPlatform('jiangxi', 0)
    try {
      const platform = await ctx.deps.db
        .selectFrom('health_platform')
        .select('id')
        .where('name', '=', DEMO_PLATFORMS[0].name)
        .executeTakeFirstOrThrow()
      await changePlatform(ctx.deps, platform.id, { endpoint: jiangxi.endpoint })
      const foreign = Array.from({ length: 200 }, () => jiangxi.issueCode().code)
      const cached = await measureScans({ ctx, port, cookie, checkpointId: checkpoint.id, codes: foreign, seconds, connections, dir })
      await ctx.deps.db.updateTable('health_platform').set({ cache_seconds: 0 }).where('id', '=', platform.id).execute()
      invalidatePlatformCache(ctx.deps.db)
      const requestsBefore = jiangxi.verifyRequests
      const uncached = await measureScans({ ctx, port, cookie, checkpointId: checkpoint.id, codes: foreign, seconds, connections, dir })
      const asked = jiangxi.verifyRequests - requestsBefore
      await app.close()
      return {
        ...ours,
        platform_cached_scans_per_s: cached.api_scans_per_s,
        platform_cached_p99_ms: cached.api_p99_ms,
        platform_uncached_scans_per_s: uncached.api_scans_per_s,
        platform_uncached_p50_ms: uncached.api_p50_ms,
        platform_uncached_p99_ms: uncached.api_p99_ms,
        platform_requests_per_uncached_scan: Number((asked / Math.max(1, uncached.acknowledged)).toFixed(2)),
        lost_passages: ours.lost_passages + cached.lost_passages + uncached.lost_passages,
      }
    } finally {
      await jiangxi.close()
    }
  } finally {
    await ctx.close()
  }
}

import { regionOfNationalCode } from '../../../shared/health-code-standard.ts'
import type { ReadCode } from '../../../shared/gate/decide.ts'
import type { FieldCipher } from '../../crypto/field-cipher.ts'
import type { Db, DbOrTrx } from '../../db/database.ts'
import type { Deps } from '../../deps.ts'
import { raiseAlert } from '../alerts/alerts.service.ts'
import type { HealthPlatform, HealthPlatformBody } from '../../../shared/schemas/platforms.ts'
import { verifyOnPlatform, type PlatformAnswer } from './platform-client.ts'
import * as repo from './platforms.repository.ts'
import type { HealthPlatformRow } from './platforms.table.ts'

/** Platforms change rarely and are read on every foreign scan: kept this long. */
const PLATFORM_LIST_MS = 10_000

interface PlatformRuntime {
  platforms?: { rows: Promise<HealthPlatformRow[]>; until: number }
  /** answers by platform id + code, for `cache_seconds` (a queue at a gate does not hammer the platform) */
  answers: Map<string, { answer: PlatformAnswer; until: number }>
}
const runtimes = new WeakMap<Db, PlatformRuntime>()
function runtimeFor(db: Db): PlatformRuntime {
  let runtime = runtimes.get(db)
  if (!runtime) {
    runtime = { answers: new Map() }
    runtimes.set(db, runtime)
  }
  return runtime
}

function platformsOf(db: Db): Promise<HealthPlatformRow[]> {
  const runtime = runtimeFor(db)
  if (!runtime.platforms || runtime.platforms.until < Date.now()) {
    const rows = repo.listPlatforms(db)
    runtime.platforms = { rows, until: Date.now() + PLATFORM_LIST_MS }
    rows.catch(() => (runtime.platforms = undefined))
  }
  return runtime.platforms.rows
}

/** Forgets cached platforms and answers after a change in this process. */
export function invalidatePlatformCache(db: Db): void {
  runtimes.delete(db)
}

/**
 * The platform a scanned code belongs to: its registered literal prefix, else the GB/T 2260
 * region of a `CNHC:<region>:` code, matched on the province (first two digits) when no
 * platform serves the exact region.
 */
export function routeCode(platforms: HealthPlatformRow[], text: string): HealthPlatformRow | null {
  const enabled = platforms.filter((p) => p.enabled)
  const byPrefix = enabled.find((p) => p.code_prefix && text.startsWith(p.code_prefix))
  if (byPrefix) return byPrefix
  const region = regionOfNationalCode(text)
  if (!region) return null
  const regionsOf = (p: HealthPlatformRow) => p.region_codes.split(',').map((r) => r.trim())
  return (
    enabled.find((p) => regionsOf(p).includes(region)) ??
    enabled.find((p) => regionsOf(p).some((r) => r.slice(0, 2) === region.slice(0, 2))) ??
    null
  )
}

/** Whether a text looks like another platform's code rather than one of ours (cheap, before any look-up). */
export function mayBePlatformCode(text: string): boolean {
  return !/^(GL1:|HC1:|shc:\/)/i.test(text)
}

/** Asks the platform, or answers from the cache. Only trustworthy answers are cached. */
export async function askPlatform(
  deps: Deps,
  platform: HealthPlatformRow,
  code: string,
  scene: { regionCode: string; name: string },
): Promise<PlatformAnswer> {
  const runtime = runtimeFor(deps.db)
  const key = `${platform.id}:${code}`
  const hit = runtime.answers.get(key)
  if (hit && hit.until > Date.now()) return hit.answer
  const answer = await verifyOnPlatform(
    {
      endpoint: platform.endpoint,
      appId: platform.app_id,
      secret: deps.cipher.open(platform.secret_sealed),
      timeoutMs: platform.timeout_ms,
    },
    { code, verifierRegion: scene.regionCode.slice(0, 6), scene: scene.name },
  )
  if (answer.status === 'answered' && platform.cache_seconds > 0) {
    runtime.answers.set(key, { answer, until: Date.now() + platform.cache_seconds * 1000 })
    if (runtime.answers.size > 10_000) runtime.answers.delete(runtime.answers.keys().next().value!)
  }
  return answer
}

/** A platform's answer as the gate reads codes. */
export function readCodeFromAnswer(platform: HealthPlatformRow, answer: PlatformAnswer): ReadCode {
  const read: ReadCode = { valid: false, format: 'platform', reason: 'PENDING', platform: { id: platform.id, name: platform.name } }
  if (answer.status === 'unavailable') return { ...read, reason: answer.reason, pending: true }
  if (!answer.valid) return { ...read, reason: answer.reason }
  return {
    ...read,
    valid: true,
    reason: 'OK',
    kind: 'health',
    colour: answer.colour,
    holder: { name: answer.holder.name, idTail: answer.holder.idTail, idType: answer.holder.idType },
  }
}

/**
 * Reads a code issued by another province's platform, online.
 * @returns null when no registered platform issues it
 */
export async function readPlatformCode(deps: Deps, text: string, scene: { regionCode: string; name: string }): Promise<ReadCode | null> {
  if (!mayBePlatformCode(text)) return null
  const platform = routeCode(await platformsOf(deps.db), text.trim())
  if (!platform) return null
  return readCodeFromAnswer(platform, await askPlatform(deps, platform, text.trim(), scene))
}

/** Queues a 待核验 scan to be verified again when its platform answers. The code is sealed. */
export async function queuePendingScan(
  db: DbOrTrx,
  cipher: FieldCipher,
  input: { passageId: string; platformId: string; areaId: string; code: string; reason: string },
) {
  await repo.insertPendingVerification(db, {
    passage_id: input.passageId,
    platform_id: input.platformId,
    area_id: input.areaId,
    code_sealed: cipher.seal(input.code),
    last_reason: input.reason,
  })
}

/**
 * Verifies the queued 待核验 scans again. An answer updates the passage (verified online, its
 * colour); a bad late answer on someone already admitted (on a paper or phone proof) raises a
 * critical alert to the checkpoint's grid worker. Scans still unanswered stay queued.
 * @returns how many were resolved
 */
export async function reverifyPendingScans(deps: Deps, now = new Date(), limit = 100): Promise<number> {
  const pending = await repo.listOpenPending(deps.db, limit)
  if (pending.length === 0) return 0
  const platforms = new Map((await platformsOf(deps.db)).map((p) => [p.id, p]))
  let resolved = 0
  for (const item of pending) {
    const platform = platforms.get(item.platform_id)
    if (!platform) continue
    const answer = await askPlatform(deps, platform, deps.cipher.open(item.code_sealed), {
      regionCode: item.area_code,
      name: item.checkpoint_name,
    })
    if (answer.status === 'unavailable') {
      await repo.markAttempt(deps.db, item.id, answer.reason)
      continue
    }
    const outcome = answer.valid ? answer.colour : answer.reason
    const admitted = item.decision === 'admit' || item.decision === 'admit_escort'
    await deps.db.transaction().execute(async (trx) => {
      const done = await repo.resolvePending(trx, item.id, outcome, now)
      if (!done.numUpdatedRows) return
      await trx
        .updateTable('passage')
        .set({
          verified_online_by: platform.name,
          colour: answer.valid ? answer.colour : null,
          reasons: `${item.reasons},REVERIFIED_${outcome.toUpperCase()}`,
        })
        .where('id', '=', item.passage_id)
        .execute()
      if (admitted && outcome !== 'green') {
        await raiseAlert(trx, {
          areaId: item.area_id,
          kind: 'late_bad_verification',
          severity: 'critical',
          subjectRef: item.passage_id,
          now,
        })
      }
    })
    resolved += 1
  }
  return resolved
}

/** Runs `reverifyPendingScans` every `intervalMs` until stopped; one pass at a time. */
export function startReverification(deps: Deps, intervalMs = 15_000): () => void {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    reverifyPendingScans(deps)
      .catch(() => undefined)
      .finally(() => (running = false))
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}

/** Registers a platform; the secret is sealed at rest and never returned. */
export async function registerPlatform(deps: Deps, body: HealthPlatformBody): Promise<{ id: string }> {
  const row = await repo.insertPlatform(deps.db, {
    name: body.name,
    region_codes: body.regionCodes.join(','),
    code_prefix: body.codePrefix ?? null,
    endpoint: body.endpoint,
    app_id: body.appId,
    secret_sealed: deps.cipher.seal(body.secret),
    timeout_ms: body.timeoutMs,
    cache_seconds: body.cacheSeconds,
    signing_scheme: body.signingScheme,
  })
  invalidatePlatformCache(deps.db)
  return row
}

export async function listPlatformsForAdmin(deps: Deps): Promise<HealthPlatform[]> {
  return (await repo.listPlatforms(deps.db)).map((p) => ({
    id: p.id,
    name: p.name,
    regionCodes: p.region_codes.split(','),
    codePrefix: p.code_prefix,
    endpoint: p.endpoint,
    appId: p.app_id,
    timeoutMs: p.timeout_ms,
    cacheSeconds: p.cache_seconds,
    signingScheme: p.signing_scheme,
    enabled: p.enabled,
  }))
}

/** @returns false when no such platform */
export async function changePlatform(deps: Deps, id: string, changes: { endpoint?: string; enabled?: boolean }): Promise<boolean> {
  const result = await repo.updatePlatformEndpoint(deps.db, id, changes)
  invalidatePlatformCache(deps.db)
  return Number(result.numUpdatedRows) > 0
}

/** App id → the registration's name and secret, for peers calling our own 验码 endpoint. */
export async function platformSecrets(deps: Deps): Promise<Map<string, { name: string; secret: string }>> {
  const rows = (await platformsOf(deps.db)).filter((p) => p.enabled)
  return new Map(rows.map((p) => [p.app_id, { name: p.name, secret: deps.cipher.open(p.secret_sealed) }]))
}

import type { GateDecisionResult, GateLookup, GateScanBody } from '../../../shared/schemas/gate.ts'
import { houseCodeFromScan } from '../../../shared/housing-link.ts'
import { decideAtGate, scanTimeProblem, type GateVerdict, type ReadCode } from '../../../shared/gate/decide.ts'
import type { Db } from '../../db/database.ts'
import { isPathInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { raiseAlert } from '../alerts/alerts.service.ts'
import type { Actor } from '../auth/actor.ts'
import { readCode } from '../codes/code-reader.ts'
import { applyOccupancyRule } from '../housing/index.ts'
import { openIsolationOrder, placeOfIsolation } from '../isolation/isolation.service.ts'
import { notify } from '../notify/notify.service.ts'
import { BatchLoader } from './batch-loader.ts'
import { ScanFromAnotherCheckpointError } from './gate.errors.ts'
import * as repo from './gate.repository.ts'
import type { PassageRow } from './gate.table.ts'
import { PassageWriter } from './passage-writer.ts'
import { queuePendingScan, readPlatformCode } from '../platforms/index.ts'

type GatePerson = { id: string; area_id: string; name: string; address: string | null }
type Checkpoint = NonNullable<Awaited<ReturnType<typeof repo.findCheckpointWithPath>>>

/** Checkpoints change rarely and are read on every scan: kept for a minute. */
const CHECKPOINT_CACHE_MS = 60_000

/** Per-database helpers of the hot path: group commit, batched person look-ups, checkpoint cache. */
interface GateRuntime {
  writer: PassageWriter
  people: BatchLoader<string, GatePerson>
  checkpoints: Map<string, { checkpoint: Checkpoint; until: number }>
}
const runtimes = new WeakMap<Db, GateRuntime>()
function runtimeFor(db: Db, maxQueue = Infinity): GateRuntime {
  let runtime = runtimes.get(db)
  if (!runtime) {
    runtime = {
      writer: new PassageWriter(db, { maxQueue }),
      people: new BatchLoader(async (ids) => new Map((await repo.findPeopleForGate(db, ids)).map((p) => [p.id, p]))),
      checkpoints: new Map(),
    }
    runtimes.set(db, runtime)
  }
  return runtime
}

export async function checkpointInScope(db: Db, actor: Actor, id: string): Promise<Checkpoint> {
  const cache = runtimeFor(db).checkpoints
  const hit = cache.get(id)
  let checkpoint = hit && hit.until > Date.now() ? hit.checkpoint : undefined
  if (!checkpoint) {
    checkpoint = await repo.findCheckpointWithPath(db, id)
    if (checkpoint) cache.set(id, { checkpoint, until: Date.now() + CHECKPOINT_CACHE_MS })
  }
  if (!checkpoint || !isPathInScope(actor, checkpoint.path)) throw new NotFoundError('checkpoint')
  return checkpoint
}

/** Drops a checkpoint from the cache after its settings changed in this process. */
export function forgetCheckpoint(db: Db, id: string): void {
  runtimeFor(db).checkpoints.delete(id)
}

function passageToResult(row: PassageRow & { person_name: string | null }, duplicate: boolean): GateDecisionResult {
  return {
    passageId: row.id,
    clientScanId: row.client_scan_id,
    decision: row.decision,
    reasons: row.reasons ? row.reasons.split(',') : [],
    colour: (row.colour as GateDecisionResult['colour']) ?? null,
    // 非本人: the person at the gate is not the code's holder, so the holder's name is not shown.
    personName: row.identity_check === 'not_holder' ? null : row.person_name,
    temperature: row.temperature === null ? null : Number(row.temperature),
    scannedAt: row.scanned_at.toISOString(),
    identityCheck: row.identity_check,
    verifiedOnlineBy: row.verified_online_by,
    pendingVerification: row.verified_online_by === null && (row.reasons ?? '').split(',').includes('PENDING_VERIFICATION'),
    manualProof: row.manual_proof,
    duplicate,
  }
}

/**
 * Decides one scan at a gate and logs the passage, in one round trip. The same client scan id
 * sent again (a retry, or the offline queue uploading) returns the stored decision and writes
 * nothing. Scans that open a case (isolation, alerts, an escort notice) write everything in
 * one transaction; plain admits and refusals go through the group-commit writer. The passage
 * row (guard, person, time, place) is also the audit record of the guard seeing the name.
 * @throws NotFoundError for a checkpoint outside the guard's area
 * @throws ScanFromAnotherCheckpointError when a scan id comes back from another device
 */
export async function recordScan(deps: Deps, actor: Actor, body: GateScanBody, now = new Date()): Promise<GateDecisionResult> {
  const runtime = runtimeFor(deps.db, deps.config.groupCommitMaxQueue)
  const checkpoint = await checkpointInScope(deps.db, actor, body.checkpointId)
  const claimed = body.scannedAt ? new Date(body.scannedAt) : now
  const timeProblem = scanTimeProblem(claimed, now)
  // A scan "from the future" is stored at its arrival, so it cannot sit on top of the lists.
  const scannedAt = timeProblem === 'SCAN_TIME_IN_FUTURE' ? now : claimed
  // Verify as of the scan: an offline queue uploaded tomorrow still judges yesterday's code.
  // Only within the bounds above, so a backdated upload cannot revive a long-expired code.
  const health: ReadCode = timeProblem
    ? { valid: false, format: 'unknown', reason: timeProblem }
    : await readAnyCode(deps, checkpoint, body.healthCode, scannedAt)
  // A poster's QR holds the registration link around the code: the gate reads the code inside.
  const house = body.houseCode && !timeProblem ? await readCode(deps, houseCodeFromScan(body.houseCode), scannedAt) : null
  const verdict = decideAtGate(health, house, body.temperature, body.identityCheck, {
    policy: checkpoint.unverified_policy,
    ...(body.manualProof ? { manualProof: body.manualProof } : {}),
  })
  if (timeProblem) verdict.reasons = [timeProblem, ...verdict.reasons.filter((r) => r !== `CODE_${timeProblem}`)]
  const person = health.valid && health.personId ? ((await runtime.people.load(health.personId)) ?? null) : null
  if (health.valid && health.personId && !person) verdict.reasons.push('PERSON_UNKNOWN')
  // Escort only an accepted occupant of the house code's property (housing module).
  await applyOccupancyRule(deps.db, verdict, person)

  const row = {
    client_scan_id: body.clientScanId,
    checkpoint_id: checkpoint.id,
    area_id: checkpoint.area_id,
    device_id: body.deviceId,
    scanned_at: scannedAt,
    code_format: health.format,
    code_reason: health.reason,
    person_id: person?.id ?? null,
    colour: verdict.colour,
    temperature: body.temperature ?? null,
    property_id: verdict.escortPropertyId,
    decision: verdict.decision,
    reasons: verdict.reasons.join(','),
    guard_account_id: actor.account.id,
    identity_check: body.identityCheck ?? null,
    verified_online_by: health.format === 'platform' && !health.pending ? (health.platform?.name ?? null) : null,
    manual_proof: verdict.manualAdmitAlert ? (body.manualProof ?? null) : null,
  }
  // 待核验 scans are queued for the platform in the passage's own transaction.
  const pending =
    health.pending && health.platform && body.identityCheck !== 'not_holder'
      ? { platformId: health.platform.id, code: body.healthCode.trim(), reason: health.reason }
      : null
  const needsCase =
    verdict.isolation !== null ||
    verdict.securityAlert ||
    verdict.fever ||
    verdict.escortPropertyId !== null ||
    verdict.manualAdmitAlert ||
    pending !== null
  const passageId = needsCase
    ? await writeWithConsequences(deps, row, verdict, person, checkpoint, now, pending)
    : await runtime.writer.write(row)
  if (passageId) {
    return passageToResult(
      { ...row, id: passageId, received_at: now, temperature: row.temperature?.toString() ?? null, person_name: person?.name ?? null },
      false,
    )
  }
  const [stored] = await repo.findPassagesByScanIds(deps.db, [body.clientScanId])
  if (!stored || stored.checkpoint_id !== body.checkpointId || stored.device_id !== body.deviceId)
    throw new ScanFromAnotherCheckpointError()
  return passageToResult(stored, true)
}

/** Our codes, DCC and SHC verify here; another province's code is asked of its platform. */
async function readAnyCode(deps: Deps, checkpoint: Checkpoint, text: string, at: Date): Promise<ReadCode> {
  return (await readPlatformCode(deps, text, { regionCode: checkpoint.area_code, name: checkpoint.name })) ?? readCode(deps, text, at)
}

/**
 * Reads a code before the identity step (issue 20): the scanner cannot verify another
 * province's code on the phone, so it asks here and shows whose it is. Nothing is logged; the
 * platform's answer is cached, so the scan that follows makes no second request.
 */
export async function lookupCode(
  deps: Deps,
  actor: Actor,
  body: { checkpointId: string; healthCode: string },
  now = new Date(),
): Promise<GateLookup> {
  const checkpoint = await checkpointInScope(deps.db, actor, body.checkpointId)
  const read = await readAnyCode(deps, checkpoint, body.healthCode, now)
  return {
    valid: read.valid,
    reason: read.reason,
    colour: read.colour ?? null,
    holder: read.holder ? { ...read.holder } : null,
    verifiedOnlineBy: read.format === 'platform' && !read.pending ? (read.platform?.name ?? null) : null,
    pendingVerification: read.pending === true,
    unverifiedPolicy: checkpoint.unverified_policy,
  }
}

async function writeWithConsequences(
  deps: Deps,
  row: Parameters<PassageWriter['write']>[0],
  verdict: GateVerdict,
  person: GatePerson | null,
  checkpoint: Checkpoint,
  now: Date,
  pending: { platformId: string; code: string; reason: string } | null,
): Promise<string | null> {
  return deps.db.transaction().execute(async (trx) => {
    const passageId = (await repo.insertPassages(trx, [row])).get(row.client_scan_id)
    if (!passageId) return null
    if (pending) await queuePendingScan(trx, deps.cipher, { passageId, areaId: checkpoint.area_id, ...pending })
    if (verdict.manualAdmitAlert) {
      // Admitted on a paper or phone proof while 待核验: the grid worker follows up.
      await raiseAlert(trx, { areaId: checkpoint.area_id, kind: 'admitted_unverified', severity: 'warning', subjectRef: passageId, now })
    }
    if (verdict.isolation && person) {
      // The order names where the person is isolated and who answers for it (item 7 of issue 13).
      const place = await placeOfIsolation(trx, person)
      await openIsolationOrder(trx, {
        personId: person.id,
        areaId: person.area_id,
        kind: verdict.isolation,
        source: 'gate',
        passageId,
        ...place,
        now,
      })
      await raiseAlert(trx, {
        areaId: person.area_id,
        kind: `isolation_${verdict.isolation}`,
        severity: 'critical',
        personId: person.id,
        now,
      })
    }
    if (verdict.securityAlert) {
      // Names the checkpoint (subject) and the time the code was shown, even from an offline queue.
      await raiseAlert(trx, {
        areaId: checkpoint.area_id,
        kind: 'forged_code',
        severity: 'critical',
        subjectRef: checkpoint.id,
        now: row.scanned_at,
      })
    }
    if (verdict.fever) {
      await raiseAlert(trx, {
        areaId: person?.area_id ?? checkpoint.area_id,
        kind: 'fever',
        severity: 'warning',
        personId: person?.id ?? null,
        subjectRef: passageId,
        now,
      })
    }
    if (verdict.escortPropertyId) {
      const property = await trx
        .selectFrom('rental_property')
        .select(['area_id', 'landlord_person_id', 'address'])
        .where('id', '=', verdict.escortPropertyId)
        .executeTakeFirst()
      if (property) {
        await notify(trx, {
          areaId: property.area_id,
          kind: 'gate_escort',
          recipientPersonId: property.landlord_person_id,
          // Which gate and when: the landlord goes to that checkpoint (the SMS says the same).
          body: `${person?.name ?? '住户'} 已于 ${chinaTime(row.scanned_at)} 到达 ${checkpoint.name}，请前往 ${checkpoint.name} 接送至 ${property.address}`,
          now,
        })
      }
    }
    return passageId
  })
}

const CHINA_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})
/** A notice's time as the landlord reads it (China time, not the server's zone). */
function chinaTime(at: Date): string {
  return CHINA_TIME.format(at).replace('/', '-')
}

/** Passages in scope, newest first. */
export async function listPassages(deps: Deps, actor: Actor, filter: { checkpointId?: string; limit: number }) {
  const rows = await repo.listPassages(deps.db, actor, filter)
  return rows.map((r) => passageToResult(r, false))
}

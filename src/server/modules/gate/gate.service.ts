import type { GateDecisionResult, GateScanBody } from '../../../shared/schemas/gate.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { raiseAlert } from '../alerts/alerts.service.ts'
import type { Actor } from '../auth/actor.ts'
import { readCode, type ReadCode } from '../codes/code-reader.ts'
import { openIsolationOrder } from '../isolation/isolation.service.ts'
import { notify } from '../notify/notify.service.ts'
import { decideAtGate, type GateVerdict } from './gate-decision.ts'
import { ScanFromAnotherCheckpointError } from './gate.errors.ts'
import * as repo from './gate.repository.ts'
import type { PassageRow } from './gate.table.ts'
import { PassageWriter } from './passage-writer.ts'

const writers = new WeakMap<Deps['db'], PassageWriter>()
function writerFor(deps: Deps): PassageWriter {
  let writer = writers.get(deps.db)
  if (!writer) writers.set(deps.db, (writer = new PassageWriter(deps.db)))
  return writer
}

function passageToResult(row: PassageRow & { person_name: string | null }, duplicate: boolean): GateDecisionResult {
  return {
    passageId: row.id,
    clientScanId: row.client_scan_id,
    decision: row.decision,
    reasons: row.reasons ? row.reasons.split(',') : [],
    colour: (row.colour as GateDecisionResult['colour']) ?? null,
    personName: row.person_name,
    temperature: row.temperature === null ? null : Number(row.temperature),
    scannedAt: row.scanned_at.toISOString(),
    duplicate,
  }
}

/**
 * Decides one scan at a gate and logs the passage, in one round trip. The same client scan id
 * sent again (a retry, or the offline queue uploading) returns the stored decision and writes
 * nothing. Scans that open a case (isolation, alerts, an escort notice) write everything in
 * one transaction; plain admits and refusals go through the group-commit writer.
 * @throws NotFoundError for a checkpoint outside the guard's area
 */
export async function recordScan(deps: Deps, actor: Actor, body: GateScanBody, now = new Date()): Promise<GateDecisionResult> {
  const [stored] = await repo.findPassagesByScanIds(deps.db, [body.clientScanId])
  if (stored) {
    if (stored.checkpoint_id !== body.checkpointId || stored.device_id !== body.deviceId) throw new ScanFromAnotherCheckpointError()
    return passageToResult(stored, true)
  }
  const checkpoint = await repo.findCheckpoint(deps.db, actor, body.checkpointId)
  if (!checkpoint) throw new NotFoundError('checkpoint')

  const scannedAt = body.scannedAt ? new Date(body.scannedAt) : now
  // Verify as of the scan: an offline queue uploaded tomorrow still judges yesterday's code.
  const health = await readCode(deps, body.healthCode, scannedAt)
  const house = body.houseCode ? await readCode(deps, body.houseCode, scannedAt) : null
  const verdict = decideAtGate(health, house, body.temperature)
  const person = health.valid && health.personId ? await personOf(deps, health.personId) : null
  if (health.valid && health.personId && !person) verdict.reasons.push('PERSON_UNKNOWN')

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
  }
  const needsCase = verdict.isolation !== null || verdict.securityAlert || verdict.fever || verdict.escortPropertyId !== null
  const inserted = needsCase
    ? await writeWithConsequences(deps, row, verdict, person, checkpoint, now)
    : await writerFor(deps).write(row)
  const [saved] = await repo.findPassagesByScanIds(deps.db, [body.clientScanId])
  return passageToResult(saved!, !inserted)
}

async function personOf(deps: Deps, personId: string) {
  // The gate acts for the whole city: a visitor from another village is still checked.
  return deps.db.selectFrom('person').select(['id', 'area_id', 'name', 'address']).where('id', '=', personId).executeTakeFirst()
}

async function writeWithConsequences(
  deps: Deps,
  row: Parameters<PassageWriter['write']>[0],
  verdict: GateVerdict,
  person: { id: string; area_id: string; name: string; address: string | null } | null | undefined,
  checkpoint: { id: string; area_id: string; name: string },
  now: Date,
): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const inserted = await repo.insertPassages(trx, [row])
    if (!inserted.has(row.client_scan_id)) return false
    const [passage] = await repo.findPassagesByScanIds(trx, [row.client_scan_id])
    if (verdict.isolation && person) {
      await openIsolationOrder(trx, { personId: person.id, areaId: person.area_id, kind: verdict.isolation, source: 'gate', passageId: passage!.id, address: person.address, now })
      await raiseAlert(trx, { areaId: person.area_id, kind: `isolation_${verdict.isolation}`, severity: 'critical', personId: person.id, now })
    }
    if (verdict.securityAlert) {
      await raiseAlert(trx, { areaId: checkpoint.area_id, kind: 'forged_code', severity: 'critical', subjectRef: checkpoint.id, now })
    }
    if (verdict.fever) {
      await raiseAlert(trx, { areaId: person?.area_id ?? checkpoint.area_id, kind: 'fever', severity: 'warning', personId: person?.id ?? null, subjectRef: passage!.id, now })
    }
    if (verdict.escortPropertyId) {
      const property = await trx.selectFrom('rental_property').select(['area_id', 'landlord_person_id', 'address']).where('id', '=', verdict.escortPropertyId).executeTakeFirst()
      if (property) {
        await notify(trx, {
          areaId: property.area_id,
          kind: 'gate_escort',
          recipientPersonId: property.landlord_person_id,
          body: `${person?.name ?? '住户'} 已到 ${checkpoint.name}，请前往接送至 ${property.address}`,
          now,
        })
      }
    }
    return true
  })
}

/** Passages in scope, newest first. */
export async function listPassages(deps: Deps, actor: Actor, filter: { checkpointId?: string; limit: number }) {
  const rows = await repo.listPassages(deps.db, actor, filter)
  return rows.map((r) => passageToResult(r, false))
}

export type { ReadCode }

import {
  addDays,
  chinaDay,
  OBSERVATION_DAYS,
  type DailyReportInput,
  type Report,
  type Returnee,
  type ReturneeData,
  type ReturneeDetail,
} from '../../../shared/schemas/returnees.ts'
import { dailyReportInputSchema } from '../../../shared/schemas/returnees.ts'
import { FEVER_THRESHOLD_C } from '../../../shared/schemas/gate.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { requireAreaInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { raiseAlert } from '../alerts/alerts.service.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { INDEX_ID, sealIdentity } from '../people/person.service.ts'
import * as people from '../people/person.repository.ts'
import { ReportDayOutsideObservationError, ReturneeAlreadyObservedError, ReturneePersonElsewhereError } from './returnees.errors.ts'
import * as repo from './returnees.repository.ts'
import { createSelfServiceLink } from './self-service-links.ts'

const ENTITY = 'returnee'

/** Landlords see only the returnees they registered; staff see their whole area. */
export function registeredByFilter(actor: Actor): string | undefined {
  return actor.account.role === 'landlord' ? actor.account.id : undefined
}

export function returneeRowToReturnee(row: repo.ReturneeListRow, today: string): Returnee {
  return {
    id: row.id,
    personId: row.person_id,
    personName: row.person_name,
    areaId: row.area_id,
    areaName: row.area_name,
    address: row.address,
    cameFrom: row.came_from,
    arrivedOn: row.arrived_on,
    observationEndsOn: row.observation_ends_on,
    status: row.status,
    lastReportDay: row.last_day ?? null,
    lastTemperature: row.last_temperature === null || row.last_temperature === undefined ? null : Number(row.last_temperature),
    reportedToday: row.last_day === today,
  }
}

function isConstraint(error: unknown, name: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string }
  return e.code === '23505' && (e.constraint === name || !!e.message?.includes(name))
}

/** The person to register: one in scope by id, one in scope by ID number, or a new record. */
async function resolvePerson(
  deps: Deps,
  trx: DbOrTrx,
  actor: Actor,
  input: ReturneeData,
  area: { id: string; cityAreaId: string },
): Promise<string> {
  if (input.personId) {
    const person = await people.findPersonById(trx, actor, input.personId)
    if (!person) throw new NotFoundError('person')
    return person.id
  }
  const identity = input.person!
  const existing = await people.findPersonByIdIndex(trx, actor, identity.idType, deps.cipher.blindIndex(INDEX_ID, identity.idNumber))
  if (existing) return existing.id
  try {
    const { id } = await people.insertPerson(trx, {
      area_id: area.id,
      city_area_id: area.cityAreaId,
      name: identity.name,
      kind: 'new_resident',
      id_type: identity.idType,
      ...sealIdentity(deps.cipher, identity.idNumber, identity.phone),
      origin: input.cameFrom,
      employer: null,
      address: input.address ?? null,
      created_by: actor.account.id,
    })
    await recordAudit(trx, actor, 'create', 'person', [{ id, areaId: area.id }])
    return id
  } catch (error) {
    if (isConstraint(error, 'person_city_id_unique')) throw new ReturneePersonElsewhereError()
    throw error
  }
}

/**
 * Registers a returnee (三返人员登记表): the person (found or registered), arrival, origin, the
 * temperatures of the 14 days before return, and a 14-day observation from the arrival day.
 * @returns the returnee and the path of the person's phone page (shown once)
 * @throws ReturneeAlreadyObservedError; ReturneePersonElsewhereError; AREA_OUTSIDE_SCOPE
 */
export async function registerReturnee(
  deps: Deps,
  actor: Actor,
  input: ReturneeData,
  now = new Date(),
): Promise<ReturneeDetail & { selfServicePath: string }> {
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const area = await requireAreaInScope(trx, actor, input.areaId)
      const personId = await resolvePerson(deps, trx, actor, input, area)
      const endsOn = addDays(input.arrivedOn, OBSERVATION_DAYS - 1)
      const { id } = await repo.insertReturnee(trx, {
        person_id: personId,
        area_id: area.id,
        address: input.address ?? null,
        came_from: input.cameFrom,
        arrived_on: input.arrivedOn,
        observation_ends_on: endsOn,
        status: chinaDay(now) > endsOn ? 'completed' : 'observing',
        responsible_account_id: input.responsibleAccountId ?? (actor.account.role === 'grid_worker' ? actor.account.id : null),
        registered_by: actor.account.id,
      })
      await repo.upsertReports(
        trx,
        input.beforeReturn.map((r) => ({
          returnee_id: id,
          area_id: area.id,
          phase: 'before' as const,
          day: r.day,
          temperature: r.temperature,
          symptoms: '',
          reported_by: reporterKind(actor),
          account_id: actor.account.id,
          reported_at: now,
        })),
      )
      const expiresAt = new Date(`${addDays(endsOn, 1)}T16:00:00Z`) // the day after the last, midnight China time
      const selfServicePath = await createSelfServiceLink(trx, { personId, areaId: area.id, returneeId: id, expiresAt })
      await recordAudit(trx, actor, 'create', ENTITY, [{ id, areaId: area.id }])
      return { ...(await readDetail(trx, actor, id, now)), selfServicePath }
    })
  } catch (error) {
    if (isConstraint(error, 'returnee_one_observing')) throw new ReturneeAlreadyObservedError()
    throw error
  }
}

function reporterKind(actor: Actor): 'staff' | 'landlord' {
  return actor.account.role === 'landlord' ? 'landlord' : 'staff'
}

async function readDetail(db: DbOrTrx, actor: Actor, id: string, now: Date): Promise<ReturneeDetail> {
  const row = await repo.findReturnee(db, actor, id, registeredByFilter(actor))
  if (!row) throw new NotFoundError(ENTITY)
  const reports = await repo.listReports(db, actor, id)
  return {
    ...returneeRowToReturnee(row, chinaDay(now)),
    reports: reports.map(
      (r): Report => ({
        phase: r.phase,
        day: r.day,
        temperature: r.temperature === null ? null : Number(r.temperature),
        symptoms: r.symptoms ? r.symptoms.split(',') : [],
        reportedBy: r.reported_by,
        reportedAt: r.reported_at.toISOString(),
      }),
    ),
  }
}

/** One returnee with every report; the read is audited. @throws NotFoundError */
export async function getReturnee(deps: Deps, actor: Actor, id: string, now = new Date()): Promise<ReturneeDetail> {
  const detail = await readDetail(deps.db, actor, id, now)
  await recordAudit(deps.db, actor, 'read', 'person', [{ id: detail.personId, areaId: detail.areaId }])
  return detail
}

/** Returnees in scope (landlords: their own), with today's report status; audited per person. */
export async function listReturnees(
  deps: Deps,
  actor: Actor,
  query: { status: Returnee['status']; areaId?: string },
  now = new Date(),
): Promise<Returnee[]> {
  const areaPath = query.areaId ? (await requireAreaInScope(deps.db, actor, query.areaId)).path : undefined
  const rows = await repo.listReturnees(deps.db, actor, { status: query.status, areaPath, registeredBy: registeredByFilter(actor) })
  await recordAudit(
    deps.db,
    actor,
    'list',
    'person',
    rows.map((r) => ({ id: r.person_id, areaId: r.area_id })),
  )
  const today = chinaDay(now)
  return rows.map((r) => returneeRowToReturnee(r, today))
}

/**
 * Stores a daily report (today unless a day is given) and raises the alerts it calls for: a
 * temperature ≥ 37.3 °C is a fever, symptoms an abnormal report. Shared by staff, landlords and
 * the person's own phone page.
 * @throws ReportDayOutsideObservationError
 */
export async function recordDailyReport(
  db: DbOrTrx,
  returnee: { id: string; person_id: string; area_id: string; arrived_on: string; observation_ends_on: string },
  input: DailyReportInput,
  by: { kind: 'staff' | 'landlord' | 'self'; accountId: string | null },
  now: Date,
): Promise<void> {
  const report = dailyReportInputSchema.parse(input)
  const day = report.day ?? chinaDay(now)
  if (day < returnee.arrived_on || day > returnee.observation_ends_on || day > chinaDay(now)) throw new ReportDayOutsideObservationError()
  await repo.upsertReports(db, [
    {
      returnee_id: returnee.id,
      area_id: returnee.area_id,
      phase: 'observation',
      day,
      temperature: report.temperature,
      symptoms: report.symptoms.join(','),
      reported_by: by.kind,
      account_id: by.accountId,
      reported_at: now,
    },
  ])
  if (report.temperature >= FEVER_THRESHOLD_C) {
    await raiseAlert(db, {
      areaId: returnee.area_id,
      kind: 'fever',
      severity: 'warning',
      personId: returnee.person_id,
      subjectRef: returnee.id,
      now,
    })
  }
  if (report.symptoms.length) {
    await raiseAlert(db, {
      areaId: returnee.area_id,
      kind: 'report_abnormal',
      severity: 'warning',
      personId: returnee.person_id,
      subjectRef: returnee.id,
      now,
    })
  }
}

/** A daily report by a grid worker, cadre or landlord. @throws NotFoundError; ReportDayOutsideObservationError */
export async function reportForReturnee(
  deps: Deps,
  actor: Actor,
  id: string,
  input: DailyReportInput,
  now = new Date(),
): Promise<ReturneeDetail> {
  return deps.db.transaction().execute(async (trx) => {
    const returnee = await repo.findReturnee(trx, actor, id, registeredByFilter(actor))
    if (returnee?.status !== 'observing') throw new NotFoundError(ENTITY)
    await recordDailyReport(trx, returnee, input, { kind: reporterKind(actor), accountId: actor.account.id }, now)
    await recordAudit(trx, actor, 'update', 'person', [{ id: returnee.person_id, areaId: returnee.area_id }])
    return readDetail(trx, actor, id, now)
  })
}

/** Ends an observation early (registered in error, moved away). @throws NotFoundError */
export async function cancelReturnee(deps: Deps, actor: Actor, id: string): Promise<void> {
  const done = await repo.setReturneeStatus(deps.db, actor, id, 'cancelled')
  if (!done) throw new NotFoundError(ENTITY)
  await recordAudit(deps.db, actor, 'update', ENTITY, [{ id, areaId: done.area_id }])
}

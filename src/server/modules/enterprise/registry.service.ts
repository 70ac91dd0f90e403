import { maskPhone } from '../../../shared/id-document.ts'
import type { Enterprise, EnterpriseData, EnterpriseListQuery } from '../../../shared/schemas/enterprise.ts'
import type { FieldCipher } from '../../crypto/field-cipher.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { requireAreaInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { DuplicateCreditCodeError, InvalidOwnerError, isUniqueViolation, NoOwnerError } from './enterprise.errors.ts'
import * as repo from './registry.repository.ts'
import * as teams from './teams.repository.ts'
import { requireStaff, viewerOf, type Viewer } from './viewer.ts'

const ENTITY = 'enterprise'

/** Maps a row to what the API shows: the contact's phone masked. */
export function enterpriseRowToEnterprise(row: repo.EnterpriseListRow, cipher: FieldCipher): Enterprise {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.credit_code,
    industry: row.industry,
    aboveScale: row.above_scale,
    staffLocal: row.staff_local,
    staffOtherProvince: row.staff_other_province,
    address: row.address,
    contactName: row.contact_name,
    contactPhoneMasked: row.contact_phone_enc ? maskPhone(cipher.open(row.contact_phone_enc)) : null,
    areaId: row.area_id,
    areaName: row.area_name,
    resumedAt: row.resumed_at?.toISOString() ?? null,
    owner:
      row.owner_account_id && row.owner_name && row.owner_since
        ? {
            accountId: row.owner_account_id,
            displayName: row.owner_name,
            teamId: row.team_id,
            teamName: row.team_name,
            since: row.owner_since.toISOString(),
          }
        : null,
    openProblems: Number(row.open_problems ?? 0),
    createdAt: row.created_at.toISOString(),
  }
}

/**
 * The enterprise a record is about, as the viewer may see it.
 * @throws NotFoundError when missing, outside scope, or another enterprise's
 */
export async function requireEnterprise(db: DbOrTrx, viewer: Viewer, id: string) {
  const row = await repo.findEnterpriseById(db, viewer, id)
  if (!row) throw new NotFoundError(ENTITY)
  return row
}

/**
 * Checks that an account is a liaison officer serving an area (its node is the area's or above).
 * @throws InvalidOwnerError
 */
export async function requireServingLiaison(db: DbOrTrx, areaPath: string, accountId: string) {
  const liaisons = await repo.findServingLiaisons(db, areaPath)
  const owner = liaisons.find((l) => l.id === accountId)
  if (!owner) throw new InvalidOwnerError()
  return owner
}

/** The owner of a new enterprise: the one given, else the registering liaison. @throws NoOwnerError */
function ownerFor(viewer: Viewer, input: EnterpriseData): string {
  if (input.ownerAccountId) return input.ownerAccountId
  if (viewer.role === 'liaison') return viewer.accountId
  throw new NoOwnerError()
}

/**
 * Registers an enterprise in an area within scope, with its responsible liaison officer.
 * @throws DuplicateCreditCodeError, InvalidOwnerError, NoOwnerError, DomainError AREA_OUTSIDE_SCOPE
 */
export async function createEnterprise(deps: Deps, actor: Actor, input: EnterpriseData, trxOrDb?: DbOrTrx): Promise<{ id: string }> {
  // Inside the caller's transaction when given (an import): the embedded database has one connection.
  const viewer = await viewerOf(trxOrDb ?? deps.db, actor)
  requireStaff(viewer)
  const write = async (trx: DbOrTrx) => {
    const area = await requireAreaInScope(trx, actor, input.areaId)
    const ownerId = ownerFor(viewer, input)
    await requireServingLiaison(trx, area.path, ownerId)
    const { id } = await repo.insertEnterprise(trx, {
      area_id: area.id,
      name: input.name,
      credit_code: input.creditCode,
      industry: input.industry,
      above_scale: input.aboveScale,
      staff_local: input.staffLocal,
      staff_other_province: input.staffOtherProvince,
      address: input.address ?? null,
      contact_name: input.contactName ?? null,
      contact_phone_enc: input.contactPhone ? deps.cipher.seal(input.contactPhone.replace(/^\+86/, '')) : null,
      resumed_at: null,
      created_by: actor.account.id,
    })
    await teams.insertAssignment(trx, {
      enterprise_id: id,
      area_id: area.id,
      owner_account_id: ownerId,
      team_id: null,
      assigned_by: actor.account.id,
      note: null,
    })
    await recordAudit(trx, actor, 'create', ENTITY, [{ id, areaId: area.id }])
    return { id }
  }
  try {
    return trxOrDb ? await write(trxOrDb) : await deps.db.transaction().execute(write)
  } catch (error) {
    if (isUniqueViolation(error, 'enterprise_credit_code_unique')) throw new DuplicateCreditCodeError()
    throw error
  }
}

/** Registers and returns the enterprise as the API shows it. */
export async function registerEnterprise(deps: Deps, actor: Actor, input: EnterpriseData): Promise<Enterprise> {
  const { id } = await createEnterprise(deps, actor, input)
  return getEnterprise(deps, actor, id)
}

/**
 * Changes an enterprise's registration (the owner changes through changeOwner). An absent
 * contact phone keeps the stored one.
 * @throws NotFoundError outside scope; DuplicateCreditCodeError
 */
export async function updateEnterprise(deps: Deps, actor: Actor, id: string, input: EnterpriseData): Promise<Enterprise> {
  const viewer = await viewerOf(deps.db, actor)
  requireStaff(viewer)
  try {
    await deps.db.transaction().execute(async (trx) => {
      await requireEnterprise(trx, viewer, id)
      const area = await requireAreaInScope(trx, actor, input.areaId)
      await repo.updateEnterprise(trx, actor, id, {
        area_id: area.id,
        name: input.name,
        credit_code: input.creditCode,
        industry: input.industry,
        above_scale: input.aboveScale,
        staff_local: input.staffLocal,
        staff_other_province: input.staffOtherProvince,
        address: input.address ?? null,
        contact_name: input.contactName ?? null,
        ...(input.contactPhone && { contact_phone_enc: deps.cipher.seal(input.contactPhone.replace(/^\+86/, '')) }),
        updated_at: new Date(),
      })
      await recordAudit(trx, actor, 'update', ENTITY, [{ id, areaId: area.id }])
    })
  } catch (error) {
    if (isUniqueViolation(error, 'enterprise_credit_code_unique')) throw new DuplicateCreditCodeError()
    throw error
  }
  return getEnterprise(deps, actor, id)
}

/** One enterprise (an enterprise account: only its own). @throws NotFoundError */
export async function getEnterprise(deps: Deps, actor: Actor, id: string): Promise<Enterprise> {
  const viewer = await viewerOf(deps.db, actor)
  return enterpriseRowToEnterprise(await requireEnterprise(deps.db, viewer, id), deps.cipher)
}

/** The enterprise behind an enterprise account (its portal). @throws AccountUnlinkedError */
export async function getOwnEnterprise(deps: Deps, actor: Actor): Promise<Enterprise> {
  const viewer = await viewerOf(deps.db, actor)
  if (!viewer.enterpriseId) throw new NotFoundError(ENTITY)
  return enterpriseRowToEnterprise(await requireEnterprise(deps.db, viewer, viewer.enterpriseId), deps.cipher)
}

/** Lists enterprises in scope by name prefix or exact credit code, industry, area and resumption. */
export async function listEnterprises(deps: Deps, actor: Actor, query: EnterpriseListQuery) {
  const viewer = await viewerOf(deps.db, actor)
  const filter: repo.EnterpriseFilter = {
    q: query.q,
    industry: query.industry,
    resumed: query.resumed ? query.resumed === 'yes' : undefined,
  }
  if (query.areaId) filter.areaPath = (await requireAreaInScope(deps.db, actor, query.areaId)).path
  const [rows, total] = await Promise.all([
    repo.listEnterprises(deps.db, viewer, filter, query.pageSize, (query.page - 1) * query.pageSize),
    repo.countEnterprises(deps.db, viewer, filter),
  ])
  return { items: rows.map((r) => enterpriseRowToEnterprise(r, deps.cipher)), total, page: query.page, pageSize: query.pageSize }
}

/**
 * Hands the enterprise to another liaison officer (and team). The open assignment ends and a
 * new one starts in one transaction; the unique index on open assignments keeps exactly one
 * owner even when two changes race (the loser gets a 409).
 * @throws NotFoundError, InvalidOwnerError
 */
export async function changeOwner(
  deps: Deps,
  actor: Actor,
  enterpriseId: string,
  input: { ownerAccountId: string; teamId?: string; note?: string },
  now = new Date(),
): Promise<Enterprise> {
  const viewer = await viewerOf(deps.db, actor)
  requireStaff(viewer)
  await deps.db.transaction().execute(async (trx) => {
    const enterprise = await requireEnterprise(trx, viewer, enterpriseId)
    await requireServingLiaison(trx, enterprise.area_path, input.ownerAccountId)
    if (input.teamId) {
      const [team] = await teams.listTeams(trx, { areaPath: enterprise.area_path }, { teamId: input.teamId })
      if (!team) throw new NotFoundError('service team')
    }
    await teams.endCurrentAssignment(trx, actor, enterpriseId, now)
    await teams.insertAssignment(trx, {
      enterprise_id: enterpriseId,
      area_id: enterprise.area_id,
      owner_account_id: input.ownerAccountId,
      team_id: input.teamId ?? null,
      started_at: now,
      assigned_by: actor.account.id,
      note: input.note ?? null,
    })
    await recordAudit(trx, actor, 'update', 'enterprise_owner', [{ id: enterpriseId, areaId: enterprise.area_id }])
  })
  return getEnterprise(deps, actor, enterpriseId)
}

/** Every owner the enterprise has had, newest first. @throws NotFoundError */
export async function ownerHistory(deps: Deps, actor: Actor, enterpriseId: string) {
  const viewer = await viewerOf(deps.db, actor)
  await requireEnterprise(deps.db, viewer, enterpriseId)
  const rows = await teams.listAssignments(deps.db, viewer, enterpriseId)
  return rows.map((r) => ({
    accountId: r.owner_account_id,
    displayName: r.owner_name,
    teamId: r.team_id,
    teamName: r.team_name,
    since: r.started_at.toISOString(),
    until: r.ended_at?.toISOString() ?? null,
    note: r.note,
    assignedBy: r.assigned_by_name,
  }))
}

/** Liaison officers who may own an enterprise in this area. */
export async function listServingLiaisons(deps: Deps, actor: Actor, areaId: string) {
  const area = await requireAreaInScope(deps.db, actor, areaId)
  const rows = await repo.findServingLiaisons(deps.db, area.path)
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, areaName: r.area_name }))
}

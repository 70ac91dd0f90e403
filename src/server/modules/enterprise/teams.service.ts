import type { ExpertField } from '../../../shared/schemas/enterprise-problem.ts'
import type { Team, TeamKind } from '../../../shared/schemas/enterprise-experts.ts'
import type { teamInputSchema } from '../../../shared/schemas/enterprise-experts.ts'
import type { z } from 'zod'
import type { DbOrTrx } from '../../db/database.ts'
import { requireAreaInScope, type Scope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import * as repo from './teams.repository.ts'
import { requireStaff, viewerOf } from './viewer.ts'

/**
 * Teams serving the scope's area with their members: a liaison sees its district's teams, an
 * enterprise the teams of its street, district and city (who may come to help it).
 */
export async function listTeams(
  db: DbOrTrx,
  scope: Scope,
  filter: { kind?: TeamKind; field?: ExpertField; teamId?: string },
): Promise<Team[]> {
  const teams = await repo.listTeams(db, scope, filter)
  const members = await repo.listMembers(
    db,
    teams.map((t) => t.id),
  )
  return teams.map((t) => ({
    id: t.id,
    name: t.name,
    kind: t.kind,
    field: t.field,
    industry: t.industry,
    formation: t.formation,
    areaId: t.area_id,
    areaName: t.area_name,
    members: members
      .filter((m) => m.team_id === t.id)
      .map((m) => ({ id: m.id, name: m.name, role: m.role, title: m.title, accountId: m.account_id })),
  }))
}

/**
 * Forms a service team in an area within scope (a liaison team "1+N", an industry team, an
 * expert team of a field) with its members.
 * @throws DomainError AREA_OUTSIDE_SCOPE; ForbiddenError for non-staff
 */
export async function createTeam(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof teamInputSchema>,
  trxOrDb?: DbOrTrx,
): Promise<{ id: string }> {
  requireStaff(await viewerOf(trxOrDb ?? deps.db, actor))
  const write = async (trx: DbOrTrx) => {
    const area = await requireAreaInScope(trx, actor, input.areaId)
    const { id } = await repo.insertTeam(trx, {
      area_id: area.id,
      name: input.name,
      kind: input.kind,
      field: input.field ?? null,
      industry: input.industry ?? null,
      formation: input.formation ?? null,
    })
    await repo.insertMembers(
      trx,
      input.members.map((m) => ({ team_id: id, name: m.name, role: m.role, title: m.title ?? null, account_id: m.accountId ?? null })),
    )
    await recordAudit(trx, actor, 'create', 'service_team', [{ id, areaId: area.id }])
    return { id }
  }
  return trxOrDb ? write(trxOrDb) : deps.db.transaction().execute(write)
}

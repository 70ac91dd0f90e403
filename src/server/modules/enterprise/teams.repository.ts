import type { Insertable } from 'kysely'
import type { ExpertField } from '../../../shared/schemas/enterprise-problem.ts'
import type { TeamKind } from '../../../shared/schemas/enterprise-experts.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope, selectServingScope, updateInScope, type Scope } from '../../db/scope.ts'
import type { ServiceAssignmentTable, ServiceTeamMemberTable, ServiceTeamTable } from './enterprise.table.ts'
import { selectForViewer, type Viewer } from './viewer.ts'
import { anyOf } from '../../db/any.ts'

/** Ends the enterprise's open assignment (before the next one starts). */
export function endCurrentAssignment(db: DbOrTrx, scope: Scope, enterpriseId: string, now: Date) {
  return updateInScope(db, scope, 'service_assignment')
    .set({ ended_at: now })
    .where('service_assignment.enterprise_id', '=', enterpriseId)
    .where('service_assignment.ended_at', 'is', null)
    .returning(['owner_account_id'])
    .executeTakeFirst()
}

export function insertAssignment(db: DbOrTrx, row: Insertable<ServiceAssignmentTable>) {
  return db.insertInto('service_assignment').values(row).returning('id').executeTakeFirstOrThrow()
}

/** Every owner an enterprise has had, newest first. */
export function listAssignments(db: DbOrTrx, viewer: Viewer, enterpriseId: string) {
  return selectForViewer(db, viewer, 'service_assignment')
    .innerJoin('account as owner', 'owner.id', 'service_assignment.owner_account_id')
    .leftJoin('account as by', 'by.id', 'service_assignment.assigned_by')
    .leftJoin('service_team as team', 'team.id', 'service_assignment.team_id')
    .select([
      'service_assignment.owner_account_id',
      'owner.display_name as owner_name',
      'service_assignment.team_id',
      'team.name as team_name',
      'service_assignment.started_at',
      'service_assignment.ended_at',
      'service_assignment.note',
      'by.display_name as assigned_by_name',
    ])
    .where('service_assignment.enterprise_id', '=', enterpriseId)
    .orderBy('service_assignment.started_at', 'desc')
    .execute()
}

/** The current owner of an enterprise (the one open assignment). */
export function findCurrentOwner(db: DbOrTrx, scope: Scope, enterpriseId: string) {
  return selectInScope(db, scope, 'service_assignment')
    .select(['service_assignment.owner_account_id', 'service_assignment.team_id'])
    .where('service_assignment.enterprise_id', '=', enterpriseId)
    .where('service_assignment.ended_at', 'is', null)
    .executeTakeFirst()
}

/** Teams serving the scope's area (at its node, above or below it). */
export function listTeams(db: DbOrTrx, scope: Scope, filter: { kind?: TeamKind; field?: ExpertField; teamId?: string }) {
  let query = selectServingScope(db, scope, 'service_team')
    .innerJoin('area', 'area.id', 'service_team.area_id')
    .selectAll('service_team')
    .select(['area.name as area_name', 'area.path as area_path'])
  if (filter.kind) query = query.where('service_team.kind', '=', filter.kind)
  if (filter.field) query = query.where('service_team.field', '=', filter.field)
  if (filter.teamId) query = query.where('service_team.id', '=', filter.teamId)
  return query.orderBy('service_team.kind').orderBy('service_team.name').execute()
}

export function listMembers(db: DbOrTrx, teamIds: string[]) {
  if (!teamIds.length) return Promise.resolve([])
  return db
    .selectFrom('service_team_member')
    .selectAll()
    .where('team_id', '=', anyOf(teamIds, 'uuid'))
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export function insertTeam(db: DbOrTrx, row: Insertable<ServiceTeamTable>) {
  return db.insertInto('service_team').values(row).returning('id').executeTakeFirstOrThrow()
}

export function insertMembers(db: DbOrTrx, rows: Insertable<ServiceTeamMemberTable>[]) {
  if (!rows.length) return Promise.resolve([])
  return db.insertInto('service_team_member').values(rows).returning('id').execute()
}

/** A member with their team, if the team serves the scope's area. */
export function findMember(db: DbOrTrx, scope: Scope, memberId: string) {
  return selectServingScope(db, scope, 'service_team')
    .innerJoin('service_team_member as m', 'm.team_id', 'service_team.id')
    .innerJoin('area', 'area.id', 'service_team.area_id')
    .select([
      'm.id',
      'm.name',
      'm.title',
      'm.account_id',
      'm.role',
      'service_team.id as team_id',
      'service_team.name as team_name',
      'service_team.field',
      'service_team.area_id',
      'area.path as area_path',
    ])
    .where('m.id', '=', memberId)
    .executeTakeFirst()
}

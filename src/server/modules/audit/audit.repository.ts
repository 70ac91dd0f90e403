import { sql, type ExpressionBuilder, type Insertable } from 'kysely'
import { SENSITIVE_AUDIT_ACTIONS, type AuditFilter } from '../../../shared/schemas/audit.ts'
import type { Database, DbOrTrx } from '../../db/database.ts'
import { selectInScope, type Scope } from '../../db/scope.ts'
import type { AuditLogTable } from './audit.table.ts'

export function insertAuditRows(db: DbOrTrx, rows: Insertable<AuditLogTable>[]) {
  if (rows.length === 0) return Promise.resolve()
  return db.insertInto('audit_log').values(rows).execute()
}

/** Entity types whose entity_id is a person's id. */
export const PERSON_ENTITY_TYPES = ['person', 'health_code', 'health_status'] as const
/** Entity types whose record belongs to one person through a person_id column. */
export const PERSON_OWNED_TABLES = ['returnee', 'isolation_order', 'consultation', 'alert'] as const

type AuditEb = ExpressionBuilder<Database, 'audit_log' | 'area'>

/**
 * Rows visible within a scope: the row's area is in it, or one of the records a summary row
 * names is, or (logins, which have no area) the account's own area is.
 */
function visibleWithin(eb: AuditEb, areaPath: string) {
  return eb.or([
    eb('area.path', 'like', `${areaPath}%`),
    eb.exists(
      eb
        .selectFrom('area as target_area')
        .select(sql.lit(1).as('one'))
        .where(sql<boolean>`target_area.id = ANY(audit_log.target_area_ids)`)
        .where('target_area.path', 'like', `${areaPath}%`),
    ),
    eb.and([
      eb('audit_log.area_id', 'is', null),
      eb(
        'audit_log.account_id',
        'in',
        eb
          .selectFrom('account')
          .innerJoin('area as account_area', 'account_area.id', 'account.area_id')
          .select('account.id')
          .where('account_area.path', 'like', `${areaPath}%`),
      ),
    ]),
  ])
}

/** Rows about one person, however the writer recorded them (the person, a record of theirs, a list naming them). */
function aboutPerson(eb: AuditEb, personId: string) {
  const owned = PERSON_OWNED_TABLES.map((table) =>
    eb.and([
      eb('audit_log.entity_type', '=', table),
      eb(
        'audit_log.entity_id',
        'in',
        eb
          .selectFrom(table)
          .select(sql<string>`${sql.ref(`${table}.id`)}::text`.as('id'))
          .where(`${table}.person_id`, '=', personId),
      ),
    ]),
  )
  return eb.or([
    eb.and([eb('audit_log.entity_type', 'in', [...PERSON_ENTITY_TYPES]), eb('audit_log.entity_id', '=', personId)]),
    eb.and([eb('audit_log.entity_type', 'in', [...PERSON_ENTITY_TYPES]), sql<boolean>`audit_log.target_ids @> ARRAY[${personId}]::text[]`]),
    eb.and([
      eb('audit_log.entity_type', '=', 'issued_code'),
      eb('audit_log.entity_id', 'in', eb.selectFrom('issued_code').select('issued_code.cti').where('issued_code.person_id', '=', personId)),
    ]),
    ...owned,
  ])
}

/** Audit rows visible within an area path, filtered; the caller picks columns, order and page. */
export function listAuditRows(db: DbOrTrx, areaPath: string, filter: AuditFilter) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('area', 'area.id', 'audit_log.area_id')
    .where((eb) => visibleWithin(eb, areaPath))
  if (filter.accountId) q = q.where('audit_log.account_id', '=', filter.accountId)
  if (filter.action) q = q.where('audit_log.action', '=', filter.action)
  if (filter.sensitive === 'true') q = q.where('audit_log.action', 'in', [...SENSITIVE_AUDIT_ACTIONS])
  if (filter.entityType) q = q.where('audit_log.entity_type', '=', filter.entityType)
  if (filter.personId) {
    const personId = filter.personId
    q = q.where((eb) => aboutPerson(eb, personId))
  }
  if (filter.from) q = q.where('audit_log.at', '>=', new Date(filter.from))
  if (filter.to) q = q.where('audit_log.at', '<', new Date(filter.to))
  return q
    .leftJoin('account', 'account.id', 'audit_log.account_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.account_id',
      'audit_log.username',
      'audit_log.action',
      'audit_log.entity_type',
      'audit_log.entity_id',
      'audit_log.area_id',
      'audit_log.ip',
      'audit_log.target_count',
      'audit_log.detail',
      'area.name as area_name',
      'account.username as account_username',
      'account.display_name as account_display_name',
    ])
}
export type AuditListRow = Awaited<ReturnType<ReturnType<typeof listAuditRows>['execute']>>[number]

/** The ids one summary row names (visibility of the row itself is checked by the caller). */
export function findTargetIds(db: DbOrTrx, id: string) {
  return db.selectFrom('audit_log').select(['entity_type', 'target_ids']).where('id', '=', id).executeTakeFirst()
}

/** People in scope by id, for naming rows. */
export function peopleNamed(db: DbOrTrx, scope: Scope, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return selectInScope(db, scope, 'person').select(['person.id', 'person.name']).where('person.id', 'in', ids).execute()
}

/** The person behind records of person-owned tables, in scope. */
export function ownersOf(db: DbOrTrx, scope: Scope, table: (typeof PERSON_OWNED_TABLES)[number], ids: string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return selectInScope(db, scope, table)
    .innerJoin('person', 'person.id', `${table}.person_id` as 'returnee.person_id')
    .select([sql<string>`${sql.ref(`${table}.id`)}::text`.as('id'), 'person.id as person_id', 'person.name'])
    .where(sql.ref(`${table}.id`), 'in', ids)
    .execute()
}

/** The person a health code was issued to, in scope. */
export function issuedCodeOwners(db: DbOrTrx, scope: Scope, ctis: string[]) {
  if (ctis.length === 0) return Promise.resolve([])
  return selectInScope(db, scope, 'issued_code')
    .innerJoin('person', 'person.id', 'issued_code.person_id')
    .select(['issued_code.cti as id', 'person.id as person_id', 'person.name'])
    .where('issued_code.cti', 'in', ctis)
    .execute()
}

/** Records that carry their own name (a tenant's registration, a worker's sign-up), in scope. */
export function selfNamed(db: DbOrTrx, scope: Scope, table: 'house_registration' | 'recruitment_signup', ids: string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return selectInScope(db, scope, table)
    .select([sql<string>`${sql.ref(`${table}.id`)}::text`.as('id'), sql<string>`${sql.ref(`${table}.name`)}`.as('name')])
    .where(sql.ref(`${table}.id`), 'in', ids)
    .execute()
}

/** Records named by a plain label (an enterprise's name, a property's address), in scope. */
export function labelled(db: DbOrTrx, scope: Scope, table: 'enterprise' | 'rental_property', ids: string[]) {
  if (ids.length === 0) return Promise.resolve([])
  const column = table === 'enterprise' ? 'name' : 'address'
  return selectInScope(db, scope, table)
    .select([sql<string>`${sql.ref(`${table}.id`)}::text`.as('id'), sql<string>`${sql.ref(`${table}.${column}`)}`.as('label')])
    .where(sql.ref(`${table}.id`), 'in', ids)
    .execute()
}

/** Accounts by id (logins, landlord accounts), for their display names. */
export function accountsNamed(db: DbOrTrx, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db
    .selectFrom('account')
    .select(['account.id', 'account.display_name', 'account.username'])
    .where('account.id', 'in', ids)
    .execute()
}

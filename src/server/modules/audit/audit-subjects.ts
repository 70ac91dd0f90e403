import type { DbOrTrx } from '../../db/database.ts'
import type { Scope } from '../../db/scope.ts'
import { maskName } from '../housing/registration.service.ts'
import {
  accountsNamed,
  issuedCodeOwners,
  labelled,
  ownersOf,
  peopleNamed,
  PERSON_ENTITY_TYPES,
  PERSON_OWNED_TABLES,
  selfNamed,
} from './audit.repository.ts'

export interface Subject {
  personId: string | null
  label: string | null
  unknown: boolean
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const key = (type: string, id: string) => `${type}:${id}`

/**
 * Names the records audit rows are about, within the reader's scope: people by their masked
 * name (also behind a returnee, an isolation order, a code…), enterprises and properties by
 * name and address. A record that is gone or outside the scope stays unnamed.
 */
export async function nameSubjects(db: DbOrTrx, scope: Scope, refs: { type: string; id: string }[]): Promise<Map<string, Subject>> {
  const byType = new Map<string, Set<string>>()
  for (const ref of refs) {
    if (!byType.has(ref.type)) byType.set(ref.type, new Set())
    byType.get(ref.type)!.add(ref.id)
  }
  const ids = (type: string, uuidOnly = true) => [...(byType.get(type) ?? [])].filter((id) => !uuidOnly || UUID.test(id))
  const out = new Map<string, Subject>()
  const person = (type: string, id: string, personId: string, name: string) =>
    out.set(key(type, id), { personId, label: maskName(name), unknown: false })

  const direct = [...new Set(PERSON_ENTITY_TYPES.flatMap((t) => ids(t)))]
  const [people, owned, codes, tenants, signups, enterprises, properties, accounts] = await Promise.all([
    peopleNamed(db, scope, direct),
    Promise.all(PERSON_OWNED_TABLES.map(async (table) => ({ table, rows: await ownersOf(db, scope, table, ids(table)) }))),
    issuedCodeOwners(db, scope, ids('issued_code', false)),
    selfNamed(db, scope, 'house_registration', ids('house_registration')),
    selfNamed(db, scope, 'recruitment_signup', ids('recruitment_signup')),
    labelled(db, scope, 'enterprise', ids('enterprise')),
    labelled(db, scope, 'rental_property', ids('rental_property')),
    accountsNamed(db, ids('account')),
  ])
  for (const p of people) for (const type of PERSON_ENTITY_TYPES) person(type, p.id, p.id, p.name)
  for (const { table, rows } of owned) for (const r of rows) person(table, r.id, r.person_id, r.name)
  for (const r of codes) if (r.person_id) person('issued_code', r.id, r.person_id, r.name)
  for (const r of tenants) out.set(key('house_registration', r.id), { personId: null, label: maskName(r.name), unknown: false })
  for (const r of signups) out.set(key('recruitment_signup', r.id), { personId: null, label: maskName(r.name), unknown: false })
  for (const r of enterprises) out.set(key('enterprise', r.id), { personId: null, label: r.label, unknown: false })
  for (const r of properties) out.set(key('rental_property', r.id), { personId: null, label: r.label, unknown: false })
  for (const r of accounts) out.set(key('account', r.id), { personId: null, label: `${r.display_name} (${r.username})`, unknown: false })
  return out
}

/** The subject of one row: named when found, unknown when it is gone or out of scope. */
export function subjectOf(names: Map<string, Subject>, type: string, id: string): Subject {
  return names.get(key(type, id)) ?? { personId: null, label: null, unknown: true }
}

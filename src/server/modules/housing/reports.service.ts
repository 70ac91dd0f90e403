import { sql } from 'kysely'
import { maskPhone } from '../../../shared/id-document.ts'
import type { Locale } from '../../../shared/messages.ts'
import { GROUP_RENTAL_MIN_OCCUPANTS, type GroupRentalStreet, type PropertyListQuery } from '../../../shared/schemas/housing.ts'
import { requireAreaInScope, selectInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { propertyFilterFor } from './access.ts'
import * as repo from './property.repository.ts'
import { writeCsv } from './table-file.ts'
import { writeXlsx, type Cell } from './xlsx.ts'
import { anyOf } from '../../db/any.ts'

/**
 * Group rentals (群租房): properties with 30 or more occupants, grouped by their street with the
 * street's totals, largest first.
 */
export async function groupRentals(deps: Deps, actor: Actor, areaId?: string): Promise<GroupRentalStreet[]> {
  let q = selectInScope(deps.db, actor, 'rental_property')
    .innerJoin('area', 'area.id', 'rental_property.area_id')
    .innerJoin('person as landlord', 'landlord.id', 'rental_property.landlord_person_id')
    .leftJoin('area as street', (join) => join.on('street.level', '=', 'street').on(sql<boolean>`area.path LIKE street.path || '%'`))
    .select([
      'rental_property.id',
      'rental_property.address',
      'rental_property.occupants',
      'rental_property.capacity',
      'rental_property.status',
      'area.id as area_id',
      'area.name as area_name',
      'landlord.name as landlord_name',
      'street.id as street_id',
      'street.name as street_name',
    ])
    .where('rental_property.occupants', '>=', GROUP_RENTAL_MIN_OCCUPANTS)
  if (areaId) q = q.where('area.path', 'like', `${(await requireAreaInScope(deps.db, actor, areaId)).path}%`)
  const rows = await q.orderBy('rental_property.occupants', 'desc').limit(5000).execute()
  const streets = new Map<string, GroupRentalStreet>()
  for (const r of rows) {
    const key = r.street_id ?? r.area_id
    let street = streets.get(key)
    if (!street) {
      street = { streetId: key, streetName: r.street_name ?? r.area_name, properties: 0, occupants: 0, capacity: 0, items: [] }
      streets.set(key, street)
    }
    street.properties++
    street.occupants += r.occupants
    street.capacity += r.capacity
    street.items.push({
      id: r.id,
      address: r.address,
      areaName: r.area_name,
      landlordName: r.landlord_name,
      occupants: r.occupants,
      capacity: r.capacity,
      status: r.status,
    })
  }
  return [...streets.values()].sort((a, b) => b.properties - a.properties || b.occupants - a.occupants)
}

const EXPORT_HEADERS: Record<Locale, string[]> = {
  'zh-CN': ['地址', '所属区域', '房东', '房东手机号', '房间数', '床位数', '核定人数', '在住人数', '状态', '发码时间'],
  en: ['Address', 'Area', 'Landlord', 'Landlord phone', 'Rooms', 'Beds', 'Capacity', 'Occupants', 'Status', 'Code issued'],
}

/**
 * The property list (same filters as the page) as CSV or Excel; phones masked. The export is
 * audited per landlord listed.
 */
export async function exportProperties(
  deps: Deps,
  actor: Actor,
  query: Omit<PropertyListQuery, 'page' | 'pageSize'>,
  format: 'csv' | 'xlsx',
  locale: Locale,
) {
  const filter: repo.PropertyFilter = {
    ...(await propertyFilterFor(deps.db, actor)),
    status: query.status,
    minOccupants: query.minOccupants,
  }
  if (query.areaId) filter.areaPath = (await requireAreaInScope(deps.db, actor, query.areaId)).path
  if (query.q) filter.addressContains = query.q
  const rows = await repo.listProperties(deps.db, actor, filter, 100_000, 0)
  const phones = rows.length
    ? new Map(
        (
          await deps.db
            .selectFrom('person')
            .select(['id', 'phone_enc'])
            .where('id', '=', anyOf([...new Set(rows.map((r) => r.landlord_person_id))], 'uuid'))
            .execute()
        ).map((p) => [p.id, p.phone_enc]),
      )
    : new Map<string, string | null>()
  const table: Cell[][] = [
    EXPORT_HEADERS[locale],
    ...rows.map((r) => {
      const phone = phones.get(r.landlord_person_id)
      return [
        r.address,
        r.area_name,
        r.landlord_name,
        phone ? maskPhone(deps.cipher.open(phone)) : null,
        r.rooms,
        r.beds,
        r.capacity,
        r.occupants,
        r.status,
        r.code_issued_at?.toISOString().slice(0, 10) ?? null,
      ]
    }),
  ]
  await recordAudit(
    deps.db,
    actor,
    'export',
    'person',
    [...new Set(rows.map((r) => r.landlord_person_id))].map((id) => ({ id, areaId: null })),
  )
  return format === 'xlsx'
    ? Buffer.from(writeXlsx(locale === 'en' ? 'Rental properties' : '出租房', table))
    : Buffer.from(writeCsv(table), 'utf8')
}

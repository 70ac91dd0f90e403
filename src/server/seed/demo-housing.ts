import { sql } from 'kysely'
import { residentIdCheckCharacter } from '../../shared/id-document.ts'
import { CHECKLISTS, INSPECTOR_ROLES, type PropertyStatus } from '../../shared/schemas/housing.ts'
import type { Trx } from '../db/database.ts'
import type { Deps } from '../deps.ts'
import { issueHouseCode } from '../modules/codes/codes.service.ts'
import { sealIdentity } from '../modules/people/person.service.ts'

/**
 * House codes in the demo (PRODUCT.md §1 and the report's figures): every demo rental property
 * has passed its three inspections and has a signed code; each village's new residents are the
 * accepted occupants of its properties (Lihuiyao: 1,300 in 120 properties with 600 rooms).
 * Quxi community has group rentals (30+ occupants); Dongshan has applications in progress; the
 * demo landlord 郑阿福 has tenants waiting for review, and the demo tenant 李明 lives with him.
 */

/** Group rentals per village: how many properties, and their occupants each. */
const GROUP_RENTALS: Record<string, { count: number; size: number }> = { '330304005001': { count: 6, size: 36 } }
const LIHUIYAO = '330382001201'
const DONGSHAN = '330382001202'
const DAY = 86_400_000

interface SeedProperty {
  id: string
  area_id: string
  address: string
  rooms: number
  beds: number
  landlord_person_id: string
  village_code: string
}

/** A resident ID for the waiting tenants, born after every demo person so none coincides. */
function waitingTenantId(serial: number): string {
  const first17 = `5221012001${String(1 + (serial % 12)).padStart(2, '0')}${String(1 + serial).padStart(2, '0')}${String(100 + serial).slice(-3)}`
  return first17 + residentIdCheckCharacter(first17)
}

/**
 * Issues the demo's house codes and places the occupants, inside the demo's transaction.
 * @param deps the app's deps (the code key is created in this transaction)
 */
export async function seedHousing(deps: Deps, trx: Trx, now = new Date()): Promise<void> {
  const signing = { ...deps, db: trx }
  // "出租房 12 号" → "蛎灰窑经合社 出租房 12 号": addresses that say where they are.
  await sql`UPDATE rental_property r SET address = coalesce(v.name, a.name) || ' ' || r.address
    FROM area a LEFT JOIN area v ON v.id = a.parent_id AND a.level = 'grid'
    WHERE a.id = r.area_id`.execute(trx)
  const rows = await sql<SeedProperty>`
    SELECT r.id, r.area_id, r.address, r.rooms, r.beds, r.landlord_person_id, split_part(a.path, '/', 5) AS village_code
    FROM rental_property r JOIN area a ON a.id = r.area_id`.execute(trx)
  const number = (p: SeedProperty) => Number(p.address.match(/(\d+) 号$/)?.[1] ?? 0)
  const byVillage = new Map<string, SeedProperty[]>()
  for (const p of rows.rows) byVillage.set(p.village_code, [...(byVillage.get(p.village_code) ?? []), p])
  const inspectors = await trx
    .selectFrom('account')
    .select(['id', 'role'])
    .where('username', 'in', ['cadre', 'gridworker', 'fire'])
    .execute()

  const occupancies: { property_id: string; area_id: string; person_id: string; started_at: Date }[] = []
  for (const [villageCode, properties] of byVillage) {
    properties.sort((a, b) => number(a) - number(b))
    const tenants = await trx
      .selectFrom('person')
      .innerJoin('area', 'area.id', 'person.area_id')
      .select(['person.id', 'person.stayed_over_holiday'])
      .where('person.kind', '=', 'new_resident')
      .where('area.path', 'like', `%/${villageCode}/%`)
      .orderBy('person.id')
      .execute()
    const group = GROUP_RENTALS[villageCode] ?? { count: 0, size: 0 }
    const counts = properties.map((_, i) => (i < group.count ? group.size : 0))
    const rest = tenants.length - group.count * group.size
    for (let k = 0; k < rest; k++) counts[group.count + (k % (properties.length - group.count))]!++
    let next = 0
    for (const [i, property] of properties.entries()) {
      const occupants = counts[i]!
      // Every property keeps a bed or two free, except one in three that is full.
      const capacity = i < group.count ? group.size + 4 : Math.max(occupants + (2 - (i % 3)), 1)
      for (const tenant of tenants.slice(next, next + occupants)) {
        // Those who stayed over the holiday moved in last year; the others came back this month.
        occupancies.push({
          property_id: property.id,
          area_id: property.area_id,
          person_id: tenant.id,
          started_at: new Date(now.getTime() - (tenant.stayed_over_holiday ? 200 : 5 + (next % 20)) * DAY),
        })
        next++
      }
      const submittedAt = new Date(now.getTime() - 30 * DAY)
      const issuedAt = new Date(now.getTime() - 25 * DAY)
      const signed = await issueHouseCode(signing, trx, property, issuedAt)
      await trx
        .updateTable('rental_property')
        .set({
          status: 'code_issued',
          capacity,
          beds: Math.max(property.beds, capacity),
          occupants,
          submitted_at: submittedAt,
          updated_at: issuedAt,
          house_code: signed.code,
          house_code_cti: signed.cti,
          code_issued_at: issuedAt,
          code_expires_at: signed.expiresAt,
        })
        .where('id', '=', property.id)
        .execute()
      const steps: [PropertyStatus | null, PropertyStatus, number][] = [
        [null, 'draft', 32],
        ['draft', 'submitted', 30],
        ['submitted', 'under_inspection', 28],
        ['under_inspection', 'passed', 25],
        ['passed', 'code_issued', 25],
      ]
      await trx
        .insertInto('house_event')
        .values(
          steps.map(([from, to, daysAgo]) => ({
            property_id: property.id,
            area_id: property.area_id,
            account_id: null,
            from_status: from,
            to_status: to,
            note: null,
            at: new Date(now.getTime() - daysAgo * DAY),
          })),
        )
        .execute()
      if (villageCode === LIHUIYAO) {
        await trx
          .insertInto('house_inspection')
          .values(
            INSPECTOR_ROLES.map((role, k) => ({
              property_id: property.id,
              area_id: property.area_id,
              round: 1,
              role,
              inspector_account_id: inspectors.find((a) => a.role === role)?.id ?? null,
              passed: true,
              items: JSON.stringify(CHECKLISTS[role].map((item) => ({ item, passed: true, note: null }))),
              note: null,
              created_at: new Date(now.getTime() - (28 - k) * DAY),
            })),
          )
          .execute()
      }
    }
  }
  for (let start = 0; start < occupancies.length; start += 500) {
    await trx
      .insertInto('house_occupancy')
      .values(occupancies.slice(start, start + 500))
      .execute()
  }
  await sql`UPDATE person p SET address = r.address
    FROM house_occupancy o JOIN rental_property r ON r.id = o.property_id
    WHERE o.person_id = p.id AND o.ended_at IS NULL`.execute(trx)

  const lihuiyao = byVillage.get(LIHUIYAO) ?? []
  if (lihuiyao.length) await seedDemoAccounts(deps, trx, lihuiyao[0]!, now)
  await seedApplicationsInProgress(trx, byVillage.get(DONGSHAN) ?? [], now)
}

/** The demo landlord 郑阿福 owns Lihuiyao's first property; 李明 lives there; three tenants wait for review. */
async function seedDemoAccounts(deps: Deps, trx: Trx, property: SeedProperty, now: Date) {
  await trx.updateTable('person').set({ name: '郑阿福' }).where('id', '=', property.landlord_person_id).execute()
  await trx.updateTable('account').set({ person_id: property.landlord_person_id }).where('username', '=', 'landlord').execute()
  const tenant = await trx
    .selectFrom('house_occupancy')
    .select('person_id')
    .where('property_id', '=', property.id)
    .orderBy('person_id')
    .limit(1)
    .executeTakeFirst()
  if (tenant) {
    await trx.updateTable('person').set({ name: '李明' }).where('id', '=', tenant.person_id).execute()
    await trx.updateTable('account').set({ person_id: tenant.person_id }).where('username', '=', 'tenant').execute()
  }
  const waiting = [
    { name: '王小红', origin: '贵州遵义', employer: '乐清正泰电器', inDays: 2 },
    { name: '刘志强', origin: '四川南充', employer: '德力西电气', inDays: 4 },
    { name: '陈桂兰', origin: '湖南邵阳', employer: null, inDays: 6 },
  ]
  await trx
    .insertInto('house_registration')
    .values(
      waiting.map((w, i) => {
        const identity = sealIdentity(deps.cipher, waitingTenantId(i), `1390577${String(1000 + i * 37).slice(-4)}`)
        return {
          property_id: property.id,
          area_id: property.area_id,
          status: 'pending' as const,
          name: w.name,
          id_type: 'resident_id' as const,
          id_number_enc: identity.id_number_enc,
          id_number_index: identity.id_number_index,
          phone_enc: identity.phone_enc!,
          phone_index: identity.phone_index!,
          origin: w.origin,
          employer: w.employer,
          expected_arrival: new Date(now.getTime() + w.inDays * DAY).toISOString().slice(0, 10),
          health_code_format: 'gridline',
          health_colour: 'green',
          confirmed_at: new Date(now.getTime() - (i + 1) * 3_600_000),
          created_at: new Date(now.getTime() - (i + 1) * 3_600_000),
          updated_at: new Date(now.getTime() - (i + 1) * 3_600_000),
        }
      }),
    )
    .execute()
}

/** Two Dongshan landlords apply for another property each: one waits, one is half inspected. */
async function seedApplicationsInProgress(trx: Trx, dongshan: SeedProperty[], now: Date) {
  const fire = await trx.selectFrom('account').select('id').where('username', '=', 'fire').executeTakeFirst()
  for (const [i, owner] of dongshan.slice(0, 2).entries()) {
    const status: PropertyStatus = i === 0 ? 'submitted' : 'under_inspection'
    const submittedAt = new Date(now.getTime() - (3 - i) * DAY)
    const property = await trx
      .insertInto('rental_property')
      .values({
        area_id: owner.area_id,
        landlord_person_id: owner.landlord_person_id,
        address: `东山社区 新建出租房 ${i + 1} 号`,
        rooms: 4,
        beds: 8,
        capacity: 8,
        status,
        submitted_at: submittedAt,
        updated_at: submittedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const steps: [PropertyStatus | null, PropertyStatus][] = [
      [null, 'draft'],
      ['draft', 'submitted'],
      ...(status === 'under_inspection' ? [['submitted', 'under_inspection'] as [PropertyStatus, PropertyStatus]] : []),
    ]
    await trx
      .insertInto('house_event')
      .values(
        steps.map(([from, to]) => ({
          property_id: property.id,
          area_id: owner.area_id,
          account_id: null,
          from_status: from,
          to_status: to,
          note: null,
          at: submittedAt,
        })),
      )
      .execute()
    if (status === 'under_inspection') {
      await trx
        .insertInto('house_inspection')
        .values({
          property_id: property.id,
          area_id: owner.area_id,
          round: 1,
          role: 'fire_inspector',
          inspector_account_id: fire?.id ?? null,
          passed: true,
          items: JSON.stringify(CHECKLISTS.fire_inspector.map((item) => ({ item, passed: true, note: null }))),
          note: null,
          created_at: now,
        })
        .execute()
    }
  }
}

import { INDUSTRIES, type Industry } from '../../../shared/schemas/enterprise.ts'
import { RESUMPTION_CHECKLIST, type Checklist } from '../../../shared/schemas/enterprise-resumption.ts'
import type { FieldCipher } from '../../crypto/field-cipher.ts'
import type { Trx } from '../../db/database.ts'
import { shippedWorkCalendar } from './calendar.service.ts'
import { demoCreditCode, GENERATED, INDUSTRY_SUFFIX, NAMED_ENTERPRISES, STEMS, TEAMS, type DemoEnterprise } from './seed-data.ts'
import { seedExpertServices, seedProblems, type SeedContext } from './seed-problems.ts'
import { addDays, chinaDate } from './work-calendar.ts'

/** A deterministic sequence: every demo database gets the same enterprises. */
function seededRandom(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/** Every item ticked, or (for a returned application) the dormitory part left open. */
function checklist(complete: boolean): Checklist {
  const part = (items: readonly string[], ok: boolean) => Object.fromEntries(items.map((i) => [i, ok]))
  return {
    entry: part(RESUMPTION_CHECKLIST.entry, true),
    workshop: part(RESUMPTION_CHECKLIST.workshop, true),
    canteen: part(RESUMPTION_CHECKLIST.canteen, true),
    dormitory: part(RESUMPTION_CHECKLIST.dormitory, complete),
  } as Checklist
}

/** The other enterprises of Ouhai and Lucheng, so the board has numbers per street. */
function generatedEnterprises(): DemoEnterprise[] {
  const random = seededRandom(20200224)
  const industries = INDUSTRIES.filter((i) => INDUSTRY_SUFFIX[i])
  const list: DemoEnterprise[] = []
  for (const group of GENERATED) {
    for (let i = 0; i < group.count; i++) {
      const industry = industries[Math.floor(random() * industries.length)] as Industry
      const aboveScale = random() < 0.55
      const r = random()
      list.push({
        key: `${group.district}-${i}`,
        name: `温州${STEMS[(i + group.count) % STEMS.length]}${['', '宏达', '恒盛', '华丰'][Math.floor(i / STEMS.length) % 4]}${INDUSTRY_SUFFIX[industry]}`,
        industry,
        aboveScale,
        staffLocal: 20 + Math.floor(random() * (aboveScale ? 300 : 60)),
        staffOtherProvince: 10 + Math.floor(random() * (aboveScale ? 400 : 80)),
        areaCode: group.villages[i % group.villages.length]!,
        address: `${STEMS[i % STEMS.length]}工业区 ${i + 1} 号`,
        contactName: `${'王李张刘陈杨黄赵吴周'[i % 10]}经理`,
        owner: group.owner,
        resumption: aboveScale ? (r < 0.85 ? 'approved' : 'submitted') : r < 0.6 ? 'approved' : r < 0.8 ? 'submitted' : 'none',
      })
    }
  }
  return list
}

/**
 * Loads the enterprise module's demo data inside the demo transaction: service teams, the
 * report's enterprises and others, their liaison officers, resumption applications, problems in
 * every state with their history, expert slots, bookings and consultations. Dates are relative
 * to `now`, so deadlines, warnings and escalations are live when the server starts.
 * @param areaIds area code → id of the demo areas
 */
export async function seedEnterprises(trx: Trx, areaIds: Map<string, string>, options: { cipher: FieldCipher; now?: Date }): Promise<void> {
  const now = options.now ?? new Date()
  const calendar = shippedWorkCalendar()
  const today = chinaDate(now)
  const area = (code: string) => {
    const id = areaIds.get(code)
    if (!id) throw new Error(`demo area ${code} missing`)
    return id
  }
  const accounts = new Map((await trx.selectFrom('account').select(['id', 'username']).execute()).map((a) => [a.username, a.id]))
  const account = (username: string) => {
    const id = accounts.get(username)
    if (!id) throw new Error(`demo account ${username} missing`)
    return id
  }

  // Teams and their members.
  const teamIds = new Map<string, string>()
  const experts: SeedContext['experts'] = []
  for (const team of TEAMS) {
    const { id } = await trx
      .insertInto('service_team')
      .values({
        area_id: area(team.areaCode),
        name: team.name,
        kind: team.kind,
        field: team.field ?? null,
        industry: team.industry ?? null,
        formation: team.formation ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    teamIds.set(team.name, id)
    const members = await trx
      .insertInto('service_team_member')
      .values(
        team.members.map((m) => ({
          team_id: id,
          name: m.name,
          role: m.role,
          title: m.title ?? null,
          account_id: m.account ? account(m.account) : null,
        })),
      )
      .returning(['id', 'name', 'role', 'account_id'])
      .execute()
    for (const m of members) {
      if (m.role === 'expert')
        experts.push({
          memberId: m.id,
          name: m.name,
          accountId: m.account_id,
          teamId: id,
          field: team.field!,
          areaId: area(team.areaCode),
          district: team.areaCode.slice(0, 6),
        })
    }
  }

  // Enterprises, owners, accounts and resumption.
  const enterprises: SeedContext['enterprises'] = new Map()
  const all = [...NAMED_ENTERPRISES, ...generatedEnterprises()]
  for (const [serial, e] of all.entries()) {
    const resumedDay = addDays(today, -(20 + (serial % 10)))
    const resumedAt = new Date(`${resumedDay}T09:00:00+08:00`)
    const { id } = await trx
      .insertInto('enterprise')
      .values({
        area_id: area(e.areaCode),
        name: e.name,
        credit_code: demoCreditCode(e.areaCode.slice(0, 6), serial + 1),
        industry: e.industry,
        above_scale: e.aboveScale,
        staff_local: e.staffLocal,
        staff_other_province: e.staffOtherProvince,
        address: e.address,
        contact_name: e.contactName,
        contact_phone_enc: options.cipher.seal(`1380577${String(1000 + serial).slice(-4)}`),
        resumed_at: e.resumption === 'approved' ? resumedAt : null,
        created_at: addDaysTo(resumedAt, -7),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    enterprises.set(e.key, {
      id,
      areaId: area(e.areaCode),
      district: e.areaCode.slice(0, 6),
      owner: account(e.owner),
      account: e.account ? account(e.account) : null,
      name: e.name,
    })
    await trx
      .insertInto('service_assignment')
      .values({
        enterprise_id: id,
        area_id: area(e.areaCode),
        owner_account_id: account(e.owner),
        team_id: e.team ? teamIds.get(e.team)! : null,
        started_at: addDaysTo(resumedAt, -7),
        assigned_by: account('admin'),
      })
      .execute()
    if (e.account) await trx.updateTable('account').set({ enterprise_id: id }).where('username', '=', e.account).execute()
    if (e.resumption === 'none') continue
    const decided = e.resumption !== 'submitted'
    await trx
      .insertInto('resumption_application')
      .values({
        enterprise_id: id,
        area_id: area(e.areaCode),
        status: e.resumption,
        checklist: JSON.stringify(checklist(e.resumption !== 'returned')),
        staff_plan: JSON.stringify({
          returningLocal: e.staffLocal,
          returningOtherProvince: e.staffOtherProvince,
          firstDay: resumedDay,
          note: '温籍员工、留温外地员工首批复工',
        }),
        ppe: JSON.stringify({ masks: (e.staffLocal + e.staffOtherProvince) * 4, thermometers: 6, disinfectantLitres: 50 }),
        vehicle_passes: JSON.stringify(
          serial % 3 === 0 ? [{ plate: `浙C${String(10000 + serial * 37).slice(-5)}`, route: '企业—温州南站（接返岗员工）' }] : [],
        ),
        note: null,
        submitted_by: e.account ? account(e.account) : account(e.owner),
        submitted_at: addDaysTo(resumedAt, decided ? -2 : 18),
        decided_by: decided ? account(e.owner) : null,
        decided_at: decided ? resumedAt : null,
        decision_note: e.resumption === 'returned' ? '宿舍防控措施未落实：请补齐每间人数限制和隔离观察室后重新申报' : null,
      })
      .execute()
  }

  const context: SeedContext = { trx, calendar, now, today, accounts: account, enterprises, experts, teamIds }
  await seedProblems(context)
  await seedExpertServices(context)
}

function addDaysTo(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * 86_400_000)
}

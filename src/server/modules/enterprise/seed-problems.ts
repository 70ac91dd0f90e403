import { PROBLEM_CATEGORIES, SLA_WORKING_DAYS, type ExpertField, type ProblemState } from '../../../shared/schemas/enterprise-problem.ts'
import type { Trx } from '../../db/database.ts'
import { PROBLEMS, type DemoProblem } from './seed-data.ts'
import { addDays, chinaDate, type WorkCalendar } from './work-calendar.ts'

export interface SeedContext {
  trx: Trx
  calendar: WorkCalendar
  now: Date
  today: string
  accounts: (username: string) => string
  enterprises: Map<string, { id: string; areaId: string; district: string; owner: string; account: string | null; name: string }>
  experts: {
    memberId: string
    name: string
    accountId: string | null
    teamId: string
    field: ExpertField
    areaId: string
    district: string
  }[]
  teamIds: Map<string, string>
}

const HOUR = 3_600_000

/** An instant on a China date, `daysAgo` days before today. */
function chinaTime(today: string, daysAgo: number, hour: number): Date {
  return new Date(`${addDays(today, -daysAgo)}T${String(hour).padStart(2, '0')}:00:00+08:00`)
}

const GENERATED_TITLES: Record<(typeof PROBLEM_CATEGORIES)[number], string[]> = {
  staff: ['外地员工返岗人数不足', '员工健康码转码咨询'],
  supplies: ['口罩、消毒液储备不足', '额温枪采购困难'],
  finance: ['流动资金紧张，咨询贷款贴息', '社保费减免办理咨询'],
  logistics: ['原材料运输车辆通行证', '成品发货物流停运'],
  supply_chain: ['上游配套企业尚未复工', '外省原材料供应中断'],
  policy: ['"16条"补助申报流程咨询', '返工路费补贴申报'],
  legal: ['劳动合同履行争议', '疫情不可抗力证明办理'],
  other: ['复工防控演练指导', '员工食堂错峰就餐方案'],
}

/**
 * Inserts one problem with the history of every step up to its state. Times stay in the past:
 * accepted two hours after the report, resolved within its deadline or late, confirmed a day on.
 */
async function insertProblem(ctx: SeedContext, p: DemoProblem) {
  const { trx, calendar, now, today } = ctx
  const e = ctx.enterprises.get(p.enterprise)!
  const sla = SLA_WORKING_DAYS[p.category]
  const order: ProblemState[] = ['reported', 'accepted', 'in_progress', 'resolved', 'closed']
  const reach = p.state === 'reopened' ? 3 : order.indexOf(p.state)
  const clamp = (d: Date) => (d > now ? new Date(now.getTime() - HOUR) : d)
  const reportedAt = clamp(chinaTime(today, p.daysAgo, 9))
  const acceptedAt = clamp(new Date(reportedAt.getTime() + 2 * HOUR))
  const startedAt = clamp(new Date(acceptedAt.getTime() + HOUR))
  let dueOn = calendar.addWorkdays(chinaDate(acceptedAt), sla)
  const resolvedDay = Math.max(0, p.daysAgo - Math.max(1, Math.floor(p.daysAgo / 2)))
  const resolvedAt = clamp(chinaTime(today, resolvedDay, 16))
  const closedAt = clamp(new Date(resolvedAt.getTime() + 20 * HOUR))
  const team = p.expertField ? ctx.experts.find((x) => x.field === p.expertField && x.district === e.district) : undefined
  const enterpriseActor = e.account
  const events: { action: string; from: ProblemState | null; to: ProblemState; actor: string | null; at: Date; note: string | null }[] = [
    { action: 'report', from: null, to: 'reported', actor: enterpriseActor ?? e.owner, at: reportedAt, note: null },
  ]
  if (reach >= 1)
    events.push({ action: 'accept', from: 'reported', to: 'accepted', actor: e.owner, at: acceptedAt, note: '已受理，驻企服务员跟进' })
  if (reach >= 2) events.push({ action: 'start', from: 'accepted', to: 'in_progress', actor: e.owner, at: startedAt, note: null })
  if (reach >= 3)
    events.push({
      action: 'resolve',
      from: 'in_progress',
      to: 'resolved',
      actor: e.owner,
      at: resolvedAt,
      note: p.resolution ?? '已协调解决',
    })
  if (p.state === 'closed') {
    const satisfaction = p.satisfaction ?? 4
    events.push({
      action: 'confirm',
      from: 'resolved',
      to: 'closed',
      actor: enterpriseActor,
      at: closedAt,
      note: enterpriseActor ? `${satisfaction}/5` : `${satisfaction}/5 电话回访确认`,
    })
  }
  let round = reach >= 1 ? 1 : 0
  if (p.state === 'reopened') {
    events.push({
      action: 'reopen',
      from: 'resolved',
      to: 'reopened',
      actor: enterpriseActor,
      at: closedAt,
      note: p.reopenReason ?? '问题仍未解决',
    })
    round = 2
    dueOn = calendar.addWorkdays(chinaDate(closedAt), sla)
  }
  const { id } = await trx
    .insertInto('problem')
    .values({
      enterprise_id: e.id,
      area_id: e.areaId,
      category: p.category,
      title: p.title,
      description: p.description,
      state: p.state,
      expert_field: p.expertField ?? null,
      expert_team_id: team?.teamId ?? null,
      owner_account_id: e.owner,
      reported_by: enterpriseActor ?? e.owner,
      reported_at: reportedAt,
      sla_working_days: sla,
      accepted_at: reach >= 1 ? acceptedAt : null,
      round,
      due_on: reach >= 1 ? dueOn : null,
      resolved_at: p.state === 'resolved' || p.state === 'closed' ? resolvedAt : null,
      resolution: reach >= 3 ? (p.resolution ?? '已协调解决') : null,
      closed_at: p.state === 'closed' ? closedAt : null,
      satisfaction: p.state === 'closed' ? (p.satisfaction ?? 4) : null,
      updated_at: events.at(-1)!.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trx
    .insertInto('problem_event')
    .values(
      events.map((ev) => ({
        problem_id: id,
        area_id: e.areaId,
        action: ev.action,
        from_state: ev.from,
        to_state: ev.to,
        actor_account_id: ev.actor,
        at: ev.at,
        note: ev.note,
      })),
    )
    .execute()
  return id
}

/** The report's problems, then one or two for about half of the other enterprises. */
export async function seedProblems(ctx: SeedContext): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  for (const p of PROBLEMS) ids.set(`${p.enterprise}:${p.category}`, await insertProblem(ctx, p))
  const states: ProblemState[] = [
    'closed',
    'closed',
    'closed',
    'resolved',
    'in_progress',
    'accepted',
    'reported',
    'closed',
    'in_progress',
    'reopened',
  ]
  const others = [...ctx.enterprises.keys()].filter((key) => key.includes('-')).filter((_, i) => i % 2 === 0)
  for (const [k, key] of others.entries()) {
    const category = PROBLEM_CATEGORIES[k % PROBLEM_CATEGORIES.length]!
    const state = states[k % states.length]!
    await insertProblem(ctx, {
      enterprise: key,
      category,
      title: GENERATED_TITLES[category][Math.floor(k / PROBLEM_CATEGORIES.length) % 2]!,
      description: '企业通过驻企服务员反映。',
      state,
      daysAgo: state === 'reported' ? 0 : 3 + ((k * 7) % 20),
      satisfaction: 3 + (k % 3),
    })
  }
  return ids
}

/**
 * Expert services: two slots a working day for the next five working days for every expert,
 * a few bookings (one visit already recorded), a panel review of Oulong's contract dispute
 * with its conclusion and actions, and a remote consultation for Mingtai.
 */
export async function seedExpertServices(ctx: SeedContext): Promise<void> {
  const { trx, calendar, today } = ctx
  const days = [1, 2, 3, 4, 5].map((n) => calendar.addWorkdays(today, n))
  const slotOf = new Map<string, { id: string; startsAt: Date }[]>()
  for (const expert of ctx.experts) {
    const rows = days.flatMap((day) => [
      { starts_at: new Date(`${day}T09:00:00+08:00`), ends_at: new Date(`${day}T10:30:00+08:00`), mode: 'visit' as const },
      { starts_at: new Date(`${day}T14:00:00+08:00`), ends_at: new Date(`${day}T15:30:00+08:00`), mode: 'remote' as const },
    ])
    const inserted = await trx
      .insertInto('expert_slot')
      .values(rows.map((r) => ({ ...r, team_id: expert.teamId, member_id: expert.memberId, area_id: expert.areaId })))
      .returning(['id', 'starts_at'])
      .execute()
    slotOf.set(
      expert.name,
      inserted.map((s) => ({ id: s.id, startsAt: s.starts_at })),
    )
  }
  const enterprise = (key: string) => ctx.enterprises.get(key)!
  const book = async (key: string, expertName: string, slotIndex: number, topic: string) => {
    const e = enterprise(key)
    await trx
      .insertInto('expert_booking')
      .values({
        slot_id: slotOf.get(expertName)![slotIndex]!.id,
        enterprise_id: e.id,
        area_id: e.areaId,
        topic,
        status: 'booked',
        booked_by: e.account ?? e.owner,
      })
      .execute()
  }
  await book('desai', '方行长', 0, '战"疫"专项贷款贴息申报材料辅导')
  await book('aole', '庄医师', 1, '新车间投产前的防疫布局复核')
  await book('shuoerbo', '专家 林会计师', 2, '社保费减免与研发费用加计扣除')

  // A visit that took place: a slot three working days ago, recorded by the law expert.
  const law = ctx.experts.find((x) => x.name === '专家 金律师')!
  const pastDay = addDays(today, -4)
  const past = await trx
    .insertInto('expert_slot')
    .values({
      team_id: law.teamId,
      member_id: law.memberId,
      area_id: law.areaId,
      starts_at: new Date(`${pastDay}T09:00:00+08:00`),
      ends_at: new Date(`${pastDay}T10:30:00+08:00`),
      mode: 'visit',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const oulong = enterprise('oulong')
  await trx
    .insertInto('expert_booking')
    .values({
      slot_id: past.id,
      enterprise_id: oulong.id,
      area_id: oulong.areaId,
      topic: '海外订单违约纠纷：不可抗力证明与谈判策略',
      status: 'visited',
      visit_record: '上门审阅合同条款；建议向贸促会申请不可抗力事实性证明，并与外商协商延期交付。',
      visited_at: new Date(`${pastDay}T10:30:00+08:00`),
      booked_by: oulong.owner,
    })
    .execute()

  const problemOf = async (key: string, category: string) =>
    (
      await trx
        .selectFrom('problem')
        .select('id')
        .where('enterprise_id', '=', enterprise(key).id)
        .where('category', '=', category as never)
        .executeTakeFirst()
    )?.id ?? null
  const member = (name: string) => ctx.experts.find((x) => x.name === name)!.memberId
  const panel = await trx
    .insertInto('expert_consultation')
    .values({
      kind: 'panel',
      enterprise_id: oulong.id,
      area_id: oulong.areaId,
      problem_id: await problemOf('oulong', 'legal'),
      topic: '瓯珑电气海外订单违约纠纷集中会诊',
      scheduled_at: new Date(`${addDays(today, -2)}T15:00:00+08:00`),
      status: 'concluded',
      notes: '法律、商贸专家共同研判合同与往来函件。',
      conclusion: '属不可抗力情形，可主张延期履行；先申请事实性证明，再与外商协商，必要时提起仲裁。',
      created_by: ctx.accounts('liaison3'),
      concluded_by: ctx.accounts('expert'),
      concluded_at: new Date(`${addDays(today, -2)}T17:00:00+08:00`),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trx
    .insertInto('expert_consultation_member')
    .values(['专家 金律师', '曹律师', '曾经理'].map((name) => ({ consultation_id: panel.id, member_id: member(name) })))
    .execute()
  await trx
    .insertInto('expert_panel_action')
    .values([
      {
        consultation_id: panel.id,
        description: '协助企业向贸促会申请不可抗力事实性证明',
        owner_account_id: ctx.accounts('liaison3'),
        due_on: calendar.addWorkdays(today, 2),
      },
      {
        consultation_id: panel.id,
        description: '起草延期交付协商函（中英文）',
        owner_account_id: ctx.accounts('expert'),
        due_on: calendar.addWorkdays(today, 3),
      },
    ])
    .execute()
  const mingtai = enterprise('mingtai')
  const remote = await trx
    .insertInto('expert_consultation')
    .values({
      kind: 'remote',
      enterprise_id: mingtai.id,
      area_id: mingtai.areaId,
      problem_id: null,
      topic: '废气处理设施运行参数远程答疑',
      scheduled_at: new Date(`${days[0]}T10:00:00+08:00`),
      video_link: 'https://meet.gridline.example/r/mingtai-tech',
      status: 'scheduled',
      created_by: ctx.accounts('liaison3'),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trx
    .insertInto('expert_consultation_member')
    .values({ consultation_id: remote.id, member_id: member('宋高工') })
    .execute()
}

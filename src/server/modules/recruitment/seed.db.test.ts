import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { loadDemoData } from '../../seed/demo.ts'
import { computeRecruitmentStats } from './index.ts'

describe(`recruitment demo data on ${testDatabaseKind()}`, () => {
  let ctx: TestContext

  beforeAll(async () => {
    ctx = await createTestContext()
    await loadDemoData(ctx.deps)
  }, 120_000)
  afterAll(async () => {
    await ctx.close()
  })

  it('has the report’s 20 teams of 5 with quota 2000 over 110 regions, team 1 in Jiangxi with the recruiter', async () => {
    const db = ctx.deps.db
    const teams = await db.selectFrom('recruitment_team').selectAll().orderBy('created_at').execute()
    expect(teams).toHaveLength(20)
    expect(teams[0]!.name).toBe('瓯海区第一外出招工专班')
    expect(teams[19]!.name).toBe('瓯海区第二十外出招工专班')
    expect(new Set(teams.map((t) => t.quota))).toEqual(new Set([2000]))
    expect(await db.selectFrom('recruitment_team_member').select('id').execute()).toHaveLength(100)
    expect(await db.selectFrom('recruitment_region').select('id').execute()).toHaveLength(110)
    const team1 = await db.selectFrom('recruitment_region').select('name').where('team_id', '=', teams[0]!.id).orderBy('position').execute()
    expect(team1.map((r) => r.name)).toEqual(['江西省鹰潭市', '江西省赣州市', '江西省吉安市', '江西省抚州市'])
    const member = await db
      .selectFrom('recruitment_team_member')
      .innerJoin('account', 'account.id', 'recruitment_team_member.account_id')
      .select(['account.username', 'recruitment_team_member.team_id'])
      .execute()
    expect(member).toEqual([{ username: 'recruiter', team_id: teams[0]!.id }])
  })

  it('keeps every bus’s seat counter equal to its seat rows and within its seats', async () => {
    const buses = await ctx.deps.db
      .selectFrom('bus')
      .select([
        'bus.seats',
        'bus.seats_taken',
        (eb) => eb.selectFrom('bus_seat').select(eb.fn.countAll<number>().as('n')).whereRef('bus_seat.bus_id', '=', 'bus.id').as('rows'),
      ])
      .execute()
    expect(buses.length).toBeGreaterThan(40)
    for (const bus of buses) {
      expect(Number(bus.rows)).toBe(bus.seats_taken)
      expect(bus.seats_taken).toBeLessThanOrEqual(bus.seats)
    }
  })

  it('gives thousands of sealed sign-ups and varied progress, no team at its quota yet', async () => {
    const signups = await ctx.deps.db.selectFrom('recruitment_signup').select(['phone_enc']).execute()
    expect(signups.length).toBeGreaterThan(5000)
    expect(signups.every((s) => s.phone_enc.startsWith('v1.'))).toBe(true)
    const stats = await computeRecruitmentStats(ctx.deps.db, { areaPath: '/' })
    const percents = stats.teams.map((t) => t.percent)
    expect(Math.max(...percents)).toBeLessThan(100)
    expect(Math.max(...percents) - Math.min(...percents)).toBeGreaterThan(30)
    const hires = await ctx.deps.db.selectFrom('recruitment_hire').select('id').execute()
    expect(stats.areas[0]).toMatchObject({ areaName: '瓯海区', teams: 20, quota: 40000, hires: hires.length })
  })
})

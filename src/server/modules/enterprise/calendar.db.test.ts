import type { FastifyInstance } from 'fastify'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createEnterpriseWorld } from '../../../../test/enterprise-factories.ts'
import { buildApp } from '../../app.ts'
import { forgetWorkCalendar, loadWorkCalendar, loadWorkCalendarCovering } from './calendar.service.ts'

describe(`working-day calendar on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: Awaited<ReturnType<typeof createEnterpriseWorld>>

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    world = await createEnterpriseWorld(ctx.deps, app)
  })
  afterEach(() => forgetWorkCalendar())
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const put = (cookie: string, year: number, payload: object, language = 'zh-CN') =>
    app.inject({ method: 'PUT', url: `/api/enterprise/calendar/${year}`, headers: { cookie, 'accept-language': language }, payload })

  it('loads the shipped years into the database on first use, citing the notices', async () => {
    const years = (await app.inject({ method: 'GET', url: '/api/enterprise/calendar', headers: { cookie: world.cookies.liaison } })).json()
    expect(years.map((y: { year: number; source: string; provisional: boolean }) => [y.year, y.source, y.provisional])).toEqual([
      [2020, 'shipped', false],
      [2025, 'shipped', false],
      [2026, 'shipped', false],
      [2027, 'shipped', true],
    ])
    const y2020 = (
      await app.inject({ method: 'GET', url: '/api/enterprise/calendar/2020', headers: { cookie: world.cookies.entA } })
    ).json()
    expect(y2020.notices.join(' ')).toContain('国办发明电〔2020〕1号')
    expect(y2020.days.filter((d: { kind: string }) => d.kind === 'workday').map((d: { date: string }) => d.date)).toEqual([
      '2020-01-19',
      '2020-04-26',
      '2020-05-09',
      '2020-06-28',
      '2020-09-27',
      '2020-10-10',
    ])
  })

  it('replaces a year from CSV without a release, and deadlines follow at once', async () => {
    const before = await loadWorkCalendar(ctx.deps.db, 2031, 2031)
    expect(before.isWorkday('2031-01-23')).toBe(true)
    const csv = 'date,kind,name\n2031-01-01,holiday,元旦\n2031-01-22,休,春节\n2031-01-23,holiday,春节\n2031-01-26,班,春节调休上班\n'
    const response = await put(world.cookies.admin, 2031, { csv, notices: ['国务院办公厅关于2031年部分节假日安排的通知（测试）'] })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({ year: 2031, source: 'import', holidays: 3, workdays: 1 })
    const after = await loadWorkCalendar(ctx.deps.db, 2031, 2031)
    expect(after.isWorkday('2031-01-23')).toBe(false)
    expect(after.isWorkday('2031-01-26')).toBe(true) // a Sunday, worked
    expect(after.addWorkdays('2031-01-21', 1)).toBe('2031-01-24')
  })

  it('covers the years of a whole city’s deadlines (300,000 dates) and the current year', async () => {
    const years = Array.from({ length: 300_000 }, (_, i) => (i === 150_000 ? 2020 : 2025))
    const calendar = await loadWorkCalendarCovering(ctx.deps.db, years, new Date('2026-12-08T02:00:00Z'))
    expect(calendar.isWorkday('2020-01-19')).toBe(true) // a Sunday worked in 2020, known only if 2020 is loaded
    expect(calendar.isWorkday('2026-10-01')).toBe(false) // National Day of the current year
  })

  it('lets an import replace a shipped year (the 2027 notice, when it is published)', async () => {
    const response = await put(world.cookies.admin, 2027, {
      days: [
        { date: '2027-02-05', kind: 'holiday', name: '春节' },
        { date: '2027-02-06', kind: 'holiday', name: '春节' },
        { date: '2027-02-20', kind: 'workday', name: '春节调休上班' },
      ],
    })
    expect(response.json()).toMatchObject({ source: 'import', provisional: false, holidays: 2, workdays: 1 })
    const years = (await app.inject({ method: 'GET', url: '/api/enterprise/calendar', headers: { cookie: world.cookies.admin } })).json()
    expect(years.find((y: { year: number }) => y.year === 2027)).toMatchObject({ source: 'import' })
  })

  it('refuses bad data with one message per day and imports nothing', async () => {
    const response = await put(world.cookies.admin, 2032, {
      days: [
        { date: '2032-01-01', kind: 'holiday', name: '元旦' },
        { date: '2032-01-01', kind: 'holiday', name: '元旦' },
        { date: '2032-01-07', kind: 'workday', name: '周三上班？' },
        { date: '2040-01-01', kind: 'holiday', name: '远年' },
      ],
    })
    expect(response.statusCode).toBe(422)
    expect(response.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'days.1.date:calendar.duplicateDate',
      'days.2.kind:calendar.workdayOnWeekday',
      'days.3.date:calendar.dateOutsideYear',
    ])
    expect(response.json().errors[1].message).toBe('调休上班日应为周六或周日')
    expect(
      (await app.inject({ method: 'GET', url: '/api/enterprise/calendar/2032', headers: { cookie: world.cookies.admin } })).statusCode,
    ).toBe(404)
  })

  it('is changed by an admin only', async () => {
    expect((await put(world.cookies.liaison, 2033, { days: [{ date: '2033-01-01', kind: 'holiday', name: '元旦' }] })).statusCode).toBe(403)
  })
})

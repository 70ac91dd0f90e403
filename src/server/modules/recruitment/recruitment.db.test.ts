import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { creditCode } from '../../../../test/enterprise-factories.ts'
import { createAreaTree, createTestAccount, login } from '../../../../test/factories.ts'
import { createArea } from '../area/area.service.ts'
import { buildApp } from '../../app.ts'

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

describe(`recruitment drives on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  const cookies: Record<string, string> = {}
  let team: { id: string; regions: { id: string; name: string }[] }
  let pointId: string
  let busId: string
  let postingA: string
  let postingB: string
  let ipSerial = 0

  const call = (cookie: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, language = 'zh-CN') =>
    app.inject({ method, url, headers: { cookie, 'accept-language': language }, ...(payload ? { payload } : {}) })
  /** A worker's public sign-up, each from its own address (the form is limited per address). */
  const signUp = (payload: object, language = 'zh-CN') =>
    app.inject({
      method: 'POST',
      url: '/api/public/recruitment/signups',
      remoteAddress: `10.9.${Math.floor(++ipSerial / 250)}.${ipSerial % 250}`,
      headers: { 'accept-language': language },
      payload,
    })
  const newBus = async (seats: number, departsInDays = 3) => {
    const response = await call(cookies.recruiter!, 'POST', '/api/recruitment/buses', {
      pointId,
      plate: `浙C${String(10000 + ipSerial++).slice(-5)}`,
      departsAt: inDays(departsInDays),
      seats,
      destination: '瓯海区人力资源市场',
    })
    expect(response.statusCode, response.body).toBe(201)
    return (response.json().buses as { id: string; plate: string }[]).at(-1)!
  }
  const seatsTaken = async (id: string) =>
    (await ctx.deps.db.selectFrom('bus').select('seats_taken').where('id', '=', id).executeTakeFirstOrThrow()).seats_taken

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    const tree = await createAreaTree(ctx.deps)
    const lucheng = await createArea(ctx.deps.db, null, {
      code: '330302000000',
      name: '鹿城区',
      level: 'district',
      parentCode: '330300000000',
    })
    const street = await createArea(ctx.deps.db, null, {
      code: '330304005000',
      name: '瞿溪街道',
      level: 'street',
      parentCode: '330304000000',
    })
    await createTestAccount(ctx.deps, 'admin', 'admin', tree.city.id)
    await createTestAccount(ctx.deps, 'recruiter', 'recruiter', tree.otherDistrict.id)
    await createTestAccount(ctx.deps, 'recruiter-lc', 'recruiter', lucheng.id)
    await createTestAccount(ctx.deps, 'leader', 'leader', tree.city.id)
    await createTestAccount(ctx.deps, 'ent-a', 'enterprise', street.id)
    await createTestAccount(ctx.deps, 'ent-b', 'enterprise', street.id)
    for (const name of ['admin', 'recruiter', 'recruiter-lc', 'leader', 'ent-a', 'ent-b']) cookies[name] = await login(app, name)
    const enterprise = async (name: string, account: string) => {
      const { id } = await ctx.deps.db
        .insertInto('enterprise')
        .values({ area_id: street.id, name, credit_code: creditCode('330304'), industry: 'electronics' })
        .returning('id')
        .executeTakeFirstOrThrow()
      await ctx.deps.db.updateTable('account').set({ enterprise_id: id }).where('username', '=', account).execute()
      return id
    }
    await enterprise('温州硕而博科技有限公司', 'ent-a')
    const enterpriseB = await enterprise('浙江万超电器有限公司', 'ent-b')

    const created = await call(cookies.recruiter!, 'POST', '/api/recruitment/teams', {
      name: '瓯海区第一外出招工专班',
      areaId: tree.otherDistrict.id,
      leaderName: '邹金伟',
      memberNames: ['张专员', '李专员'],
      startsOn: '2020-02-15',
      regions: [
        { province: '江西省', city: '鹰潭市', name: '江西省鹰潭市' },
        { province: '四川省', city: '广元市', county: '苍溪县', name: '四川省广元市苍溪县' },
      ],
    })
    expect(created.statusCode, created.body).toBe(201)
    team = created.json()
    expect(team).toMatchObject({
      quota: 2000,
      leaderName: '邹金伟',
      regions: [{ name: '江西省鹰潭市' }, { name: '四川省广元市苍溪县', county: '苍溪县' }],
    })
    const point = await call(cookies.recruiter!, 'POST', '/api/recruitment/points', {
      regionId: team.regions[0]!.id,
      name: '鹰潭集合点',
      address: '鹰潭市人力资源市场门口',
      meetsAt: inDays(2),
    })
    expect(point.statusCode, point.body).toBe(201)
    pointId = point.json().id
    busId = (await newBus(45)).id

    const own = await call(cookies['ent-a']!, 'POST', '/api/recruitment/postings', {
      title: 'SMT 操作员',
      positions: 200,
      wageMinFen: 550000,
      wageMaxFen: 700000,
      location: '瓯海区潘桥街道科技园',
    })
    expect(own.statusCode, own.body).toBe(201)
    expect(own.json()).toMatchObject({ enterpriseName: '温州硕而博科技有限公司', wageMinFen: 550000, state: 'open' })
    postingA = own.json().id
    const forB = await call(cookies.recruiter!, 'POST', '/api/recruitment/postings', {
      enterpriseId: enterpriseB,
      title: '电器装配工',
      positions: 300,
      wageMinFen: 550000,
      wageMaxFen: 750000,
      location: '瞿溪工业区',
    })
    expect(forB.statusCode, forB.body).toBe(201)
    postingB = forB.json().id
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  describe('public sign-up', () => {
    it('shows the running drive’s region with its collection point, bus seats and open jobs', async () => {
      const regions = (await app.inject({ method: 'GET', url: '/api/public/recruitment/regions' })).json().items
      expect(regions.map((r: { name: string }) => r.name).sort()).toEqual(['四川省广元市苍溪县', '江西省鹰潭市'])
      const detail = (await app.inject({ method: 'GET', url: `/api/public/recruitment/regions/${team.regions[0]!.id}` })).json()
      expect(detail.points[0]).toMatchObject({ name: '鹰潭集合点', buses: [{ id: busId, seatsFree: 45 }] })
      expect(detail.postings.map((p: { title: string }) => p.title).sort()).toEqual(['SMT 操作员', '电器装配工'])
    })

    it('signs a worker up with a seat and answers the number, bus and collection point', async () => {
      const response = await signUp({
        name: '王小明',
        phone: '138 1234 5678',
        regionId: team.regions[0]!.id,
        jobPostingId: postingA,
        busId,
      })
      expect(response.statusCode, response.body).toBe(201)
      expect(response.json()).toMatchObject({
        created: true,
        teamName: '瓯海区第一外出招工专班',
        regionName: '江西省鹰潭市',
        jobTitle: 'SMT 操作员',
        seat: { busId, pointName: '鹰潭集合点' },
      })
      expect(response.json().number).toMatch(/^ZG\d{6}$/)
      expect(response.body).not.toContain('王小明')
      expect(await seatsTaken(busId)).toBe(1)
    })

    it('answers a second sign-up with the same phone with a message only, telling nothing of the first and changing nothing', async () => {
      const first = await ctx.deps.db.selectFrom('recruitment_signup').selectAll().where('name', '=', '王小明').executeTakeFirstOrThrow()
      const again = await signUp({ name: '王大明', phone: '13812345678', regionId: team.regions[1]!.id, jobWanted: '电工' })
      expect(again.statusCode).toBe(200)
      // Whoever knows the phone learns neither the number nor the region, job, bus or collection point.
      expect(again.json()).toEqual({ created: false, message: '该手机号已报名，招工专员会与您联系' })
      const english = await signUp({ name: 'Wang', phone: '138 1234 5678', regionId: team.regions[0]!.id, busId }, 'en')
      expect(english.json()).toEqual({
        created: false,
        message: 'This phone has already signed up with this team; a recruiter will call you',
      })
      expect(await seatsTaken(busId)).toBe(1)
      const rows = await ctx.deps.db.selectFrom('recruitment_signup').selectAll().where('phone_index', '=', first.phone_index).execute()
      expect(rows).toEqual([first])
    })

    it('keeps the phone sealed at rest, masks it in lists and audits a reveal', async () => {
      const row = await ctx.deps.db
        .selectFrom('recruitment_signup')
        .select(['id', 'phone_enc', 'phone_index'])
        .where('name', '=', '王小明')
        .executeTakeFirstOrThrow()
      expect(row.phone_enc).not.toContain('12345678')
      expect(row.phone_index).not.toContain('12345678')
      const list = await call(cookies.recruiter!, 'GET', `/api/recruitment/signups?q=王小`)
      expect(list.json().items).toEqual([expect.objectContaining({ id: row.id, phoneMasked: '138****5678' })])
      expect(list.body).not.toContain('13812345678')
      const revealed = await call(cookies.recruiter!, 'POST', `/api/recruitment/signups/${row.id}/phone`)
      expect(revealed.json()).toEqual({ phone: '13812345678' })
      const audit = await ctx.deps.db
        .selectFrom('audit_log')
        .select(['action', 'username'])
        .where('entity_id', '=', row.id)
        .where('action', '=', 'reveal')
        .execute()
      expect(audit).toEqual([{ action: 'reveal', username: 'recruiter' }])
      // A leader reads progress but may not reveal phones.
      expect((await call(cookies.leader!, 'POST', `/api/recruitment/signups/${row.id}/phone`)).statusCode).toBe(403)
    })

    it('answers a bad form with problem+json naming each field, in the user’s language', async () => {
      const response = await signUp({ name: '', phone: '1381234', regionId: team.regions[0]!.id }, 'en')
      expect(response.statusCode).toBe(400)
      expect(response.headers['content-type']).toContain('application/problem+json')
      const errors = response.json().errors as { field: string; message: string }[]
      expect(errors.map((e) => e.field).sort()).toEqual(['name', 'phone'])
      expect(errors.find((e) => e.field === 'phone')!.message).toBe('Enter a valid mobile phone number')
      const posting = await call(cookies['ent-a']!, 'POST', '/api/recruitment/postings', {
        title: '普工',
        positions: 0,
        wageMinFen: 800000,
        wageMaxFen: 500000,
        location: '瓯海',
      })
      expect(posting.statusCode).toBe(400)
      expect((posting.json().errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['positions', 'wageMaxFen'])
    })
  })

  describe('bus seats', () => {
    it('never overbooks: 30 parallel sign-ups for 10 seats, exactly 10 get in', async () => {
      const bus = await newBus(10)
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          signUp({ name: `工人${i}`, phone: `1390000${String(1000 + i)}`, regionId: team.regions[0]!.id, busId: bus.id }),
        ),
      )
      const codes = responses.map((r) => r.statusCode)
      expect(codes.filter((c) => c === 201)).toHaveLength(10)
      expect(codes.filter((c) => c === 409)).toHaveLength(20)
      expect(responses.find((r) => r.statusCode === 409)!.json()).toMatchObject({
        code: 'RECRUIT_BUS_FULL',
        title: '该班直通车已满座，请选择其他班次',
      })
      expect(await seatsTaken(bus.id)).toBe(10)
      const seats = await ctx.deps.db.selectFrom('bus_seat').select('signup_id').where('bus_id', '=', bus.id).execute()
      expect(seats).toHaveLength(10)
      // A refused sign-up left nothing behind: the worker can try another bus.
      expect(await ctx.deps.db.selectFrom('recruitment_signup').select('id').where('name', 'like', '工人%').execute()).toHaveLength(10)
    })

    it('answers 409 for a full bus and frees the seat on cancel', async () => {
      const bus = await newBus(1)
      const first = await signUp({ name: '赵一', phone: '13700000001', regionId: team.regions[0]!.id, busId: bus.id })
      expect(first.statusCode).toBe(201)
      const second = await signUp({ name: '钱二', phone: '13700000002', regionId: team.regions[0]!.id })
      const secondId = (
        await ctx.deps.db.selectFrom('recruitment_signup').select('id').where('name', '=', '钱二').executeTakeFirstOrThrow()
      ).id
      expect(second.json().seat).toBeNull()
      const full = await call(cookies.recruiter!, 'PUT', `/api/recruitment/signups/${secondId}/seat`, { busId: bus.id })
      expect(full.statusCode).toBe(409)
      expect(full.json().errors).toEqual([expect.objectContaining({ field: 'busId', code: 'RECRUIT_BUS_FULL' })])
      const firstId = (await ctx.deps.db.selectFrom('recruitment_signup').select('id').where('name', '=', '赵一').executeTakeFirstOrThrow())
        .id
      const cancelled = await call(cookies.recruiter!, 'DELETE', `/api/recruitment/signups/${firstId}/seat`)
      expect(cancelled.json().seat).toBeNull()
      expect(await seatsTaken(bus.id)).toBe(0)
      const seated = await call(cookies.recruiter!, 'PUT', `/api/recruitment/signups/${secondId}/seat`, { busId: bus.id })
      expect(seated.statusCode, seated.body).toBe(200)
      expect(seated.json().seat).toMatchObject({ busId: bus.id })
      expect(await seatsTaken(bus.id)).toBe(1)
    })

    it('moves a seat to another bus, freeing the old one, and frees it when the worker withdraws', async () => {
      const a = await newBus(5)
      const b = await newBus(5)
      await signUp({ name: '孙三', phone: '13700000003', regionId: team.regions[0]!.id, busId: a.id })
      const id = (await ctx.deps.db.selectFrom('recruitment_signup').select('id').where('name', '=', '孙三').executeTakeFirstOrThrow()).id
      expect((await call(cookies.recruiter!, 'PUT', `/api/recruitment/signups/${id}/seat`, { busId: b.id })).json().seat.busId).toBe(b.id)
      expect([await seatsTaken(a.id), await seatsTaken(b.id)]).toEqual([0, 1])
      expect((await call(cookies.recruiter!, 'POST', `/api/recruitment/signups/${id}/state`, { state: 'withdrawn' })).json()).toMatchObject(
        { state: 'withdrawn', seat: null },
      )
      expect(await seatsTaken(b.id)).toBe(0)
    })

    it('refuses a bus of another region', async () => {
      const response = await signUp({ name: '周四', phone: '13700000004', regionId: team.regions[1]!.id, busId })
      expect(response.statusCode).toBe(422)
      expect(response.json().errors[0]).toMatchObject({ field: 'busId', code: 'RECRUIT_BUS_ELSEWHERE' })
    })
  })

  describe('pipeline and hires', () => {
    it('lets staff move a sign-up along but never to hired; the enterprise confirms the hire once', async () => {
      const id = (await ctx.deps.db.selectFrom('recruitment_signup').select('id').where('name', '=', '王小明').executeTakeFirstOrThrow()).id
      expect((await call(cookies.recruiter!, 'POST', `/api/recruitment/signups/${id}/state`, { state: 'contacted' })).json().state).toBe(
        'contacted',
      )
      expect((await call(cookies.recruiter!, 'POST', `/api/recruitment/signups/${id}/state`, { state: 'hired' })).statusCode).toBe(409)
      expect((await call(cookies.recruiter!, 'POST', `/api/recruitment/signups/${id}/state`, { state: 'boarded' })).json().state).toBe(
        'boarded',
      )
      // Wanchao's account cannot see, let alone confirm, a sign-up for Shuoerbo's posting.
      expect((await call(cookies['ent-b']!, 'POST', `/api/recruitment/signups/${id}/hire`)).statusCode).toBe(404)
      expect((await call(cookies['ent-b']!, 'GET', '/api/recruitment/signups')).json().items).toEqual([])
      expect((await call(cookies.recruiter!, 'POST', `/api/recruitment/signups/${id}/hire`)).statusCode).toBe(403)
      const hired = await call(cookies['ent-a']!, 'POST', `/api/recruitment/signups/${id}/hire`)
      expect(hired.statusCode, hired.body).toBe(200)
      expect(hired.json()).toMatchObject({ state: 'hired', enterpriseName: '温州硕而博科技有限公司' })
      expect((await call(cookies['ent-a']!, 'POST', `/api/recruitment/signups/${id}/hire`)).json().hiredAt).toBe(hired.json().hiredAt)
      expect(await ctx.deps.db.selectFrom('recruitment_hire').select('id').where('signup_id', '=', id).execute()).toHaveLength(1)
      const mine = (await call(cookies['ent-a']!, 'GET', '/api/recruitment/postings')).json().items
      expect(mine).toEqual([expect.objectContaining({ id: postingA, hires: 1 })])
    })

    it('lets staff match a sign-up to a posting so that enterprise can confirm it', async () => {
      const id = (await ctx.deps.db.selectFrom('recruitment_signup').select('id').where('name', '=', '钱二').executeTakeFirstOrThrow()).id
      expect((await call(cookies['ent-b']!, 'POST', `/api/recruitment/signups/${id}/hire`)).statusCode).toBe(404)
      expect(
        (await call(cookies.recruiter!, 'PUT', `/api/recruitment/signups/${id}/posting`, { jobPostingId: postingB })).json().jobTitle,
      ).toBe('电器装配工')
      expect((await call(cookies['ent-b']!, 'POST', `/api/recruitment/signups/${id}/hire`)).json().state).toBe('hired')
    })
  })

  describe('scope and progress', () => {
    it('shows a Lucheng recruiter none of Ouhai’s drives', async () => {
      const lc = cookies['recruiter-lc']!
      expect((await call(lc, 'GET', '/api/recruitment/teams')).json().items).toEqual([])
      expect((await call(lc, 'GET', '/api/recruitment/signups')).json()).toMatchObject({ items: [], total: 0 })
      expect((await call(lc, 'GET', '/api/recruitment/points')).json().items).toEqual([])
      expect((await call(lc, 'GET', '/api/recruitment/stats')).json().teams).toEqual([])
      const id = (await ctx.deps.db.selectFrom('recruitment_signup').select('id').limit(1).executeTakeFirstOrThrow()).id
      expect((await call(lc, 'GET', `/api/recruitment/signups/${id}`)).statusCode).toBe(404)
      expect((await call(lc, 'POST', `/api/recruitment/signups/${id}/phone`)).statusCode).toBe(404)
      expect(
        (await call(lc, 'POST', `/api/recruitment/teams/${team.id}/regions`, { province: '江西省', city: '赣州市', name: '江西省赣州市' }))
          .statusCode,
      ).toBe(404)
    })

    it('counts sign-ups, seats, boarded and hires per team, region and area from the rows', async () => {
      const db = ctx.deps.db
      const signups = await db.selectFrom('recruitment_signup').select(['region_id', 'state']).execute()
      const live = signups.filter((s) => s.state !== 'withdrawn')
      const hires = await db.selectFrom('recruitment_hire').select('id').execute()
      const seats = await db.selectFrom('bus_seat').select('id').execute()
      const stats = (await call(cookies.leader!, 'GET', '/api/recruitment/stats')).json()
      expect(stats.teams).toEqual([
        expect.objectContaining({
          id: team.id,
          quota: 2000,
          signups: live.length,
          seatsBooked: seats.length,
          boarded: live.filter((s) => s.state === 'boarded' || s.state === 'hired').length,
          hires: hires.length,
          percent: Math.round((hires.length / 2000) * 1000) / 10,
        }),
      ])
      expect(hires.length).toBe(2)
      expect(stats.regions.map((r: { name: string; signups: number }) => [r.name, r.signups])).toEqual([
        ['江西省鹰潭市', live.filter((s) => s.region_id === team.regions[0]!.id).length],
        ['四川省广元市苍溪县', live.filter((s) => s.region_id === team.regions[1]!.id).length],
      ])
      expect(stats.areas).toEqual([expect.objectContaining({ areaName: '瓯海区', teams: 1, quota: 2000, hires: 2 })])
    })
  })
})

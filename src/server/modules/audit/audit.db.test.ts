import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, createTestAccount, login, personInput, residentId } from '../../../../test/factories.ts'
import { personInputSchema, personUpdateSchema } from '../../../shared/schemas/person.ts'
import { auditQuerySchema, type AuditEntry } from '../../../shared/schemas/audit.ts'
import { buildApp } from '../../app.ts'
import type { Actor } from '../auth/actor.ts'
import * as people from '../people/person.service.ts'
import { auditTargets, browseAudit, entriesForExport, recordAudit } from './audit.service.ts'

describe(`audit log on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let tree: Awaited<ReturnType<typeof createAreaTree>>
  let worker: Actor
  let otherWorker: Actor
  let streetAdmin: Actor
  let villageBAdmin: Actor
  let cityAdmin: Actor

  /** An actor for an account created through the test factory (its display name is its username). */
  async function actorFor(
    username: string,
    role: 'admin' | 'grid_worker',
    area: { id: string; path: string; name: string },
    displayName = username,
  ): Promise<Actor> {
    await createTestAccount(ctx.deps, username, role, area.id)
    await ctx.deps.db.updateTable('account').set({ display_name: displayName }).where('username', '=', username).execute()
    const account = await ctx.deps.db.selectFrom('account').select('id').where('username', '=', username).executeTakeFirstOrThrow()
    return {
      account: {
        id: account.id,
        username,
        displayName,
        role,
        areaId: area.id,
        areaName: area.name,
        areaLevel: 'village',
        areaPath: area.path,
      },
      areaPath: area.path,
      ip: '10.0.0.9',
    }
  }

  const browse = (actor: Actor, query: Record<string, unknown> = {}) => browseAudit(ctx.deps.db, actor, auditQuerySchema.parse(query))
  const create = (actor: Actor, areaId: string, name: string) =>
    people.createPerson(ctx.deps, actor, personInputSchema.parse(personInput(areaId, { name, idNumber: residentId() })))

  let zhang: { id: string }
  let li: { id: string }

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    tree = await createAreaTree(ctx.deps)
    worker = await actorFor('wang-grid', 'grid_worker', tree.villageA, '王网格')
    otherWorker = await actorFor('chen-grid', 'grid_worker', tree.villageB, '陈网格')
    streetAdmin = await actorFor('street-admin', 'admin', tree.street, '街道管理员')
    villageBAdmin = await actorFor('villageb-admin', 'admin', tree.villageB, '东山管理员')
    cityAdmin = await actorFor('city-admin', 'admin', tree.city, '市管理员')
    zhang = await create(worker, tree.gridA.id, '张阿三')
    li = await create(worker, tree.villageA.id, '李四')
    for (const name of ['赵一', '钱二', '孙三']) await create(worker, tree.villageA.id, name)
    await create(otherWorker, tree.villageB.id, '周五')
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it('writes one summary row for a list of many people, without the searched name', async () => {
    const before = await ctx.deps.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const listed = await people.listPeople(ctx.deps, worker, { page: 1, pageSize: 50 })
    expect(listed.items).toHaveLength(5)
    const searched = await people.listPeople(ctx.deps, worker, { q: '张', page: 1, pageSize: 50 })
    expect(searched.items.map((p) => p.id)).toEqual([zhang.id])

    const rows = await ctx.deps.db.selectFrom('audit_log').selectAll().where('id', '>', String(0)).orderBy('id', 'desc').limit(2).execute()
    const after = await ctx.deps.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n) - Number(before.n)).toBe(2) // two requests, two rows
    const [search, list] = rows
    expect(list).toMatchObject({ action: 'list', entity_type: 'person', entity_id: null, target_count: 5, account_id: worker.account.id })
    expect([...list!.target_ids!].sort()).toEqual(listed.items.map((p) => p.id).sort())
    expect(search).toMatchObject({ action: 'list', target_count: 1, target_ids: [zhang.id], area_id: tree.gridA.id })
    // the filters are kept, the name typed into the search is not
    expect(search!.detail).toEqual({ query: { q: 'given', page: 1, pageSize: 50 } })
    expect(JSON.stringify(rows)).not.toContain('张')
  })

  it('shows names instead of ids, and makes reveals and changes stand out', async () => {
    await people.revealIdentity(ctx.deps, worker, zhang.id)
    const page = await browse(streetAdmin, { limit: 20 })
    const reveal = page.items.find((e) => e.action === 'reveal')!
    expect(reveal).toMatchObject({
      sensitive: true,
      actor: { username: 'wang-grid', displayName: '王网格' },
      subject: { personId: zhang.id, label: '张*三', unknown: false },
      area: { id: tree.gridA.id, name: '第一网格' },
    })
    const list = page.items.find((e) => e.action === 'list' && e.count === 5)!
    expect(list).toMatchObject({ sensitive: false, subject: null, query: { page: 1, pageSize: 50 } })
    const created = page.items.find((e) => e.action === 'create' && e.subject?.personId === li.id)!
    expect(created).toMatchObject({ sensitive: true, subject: { label: '李*' } })
    // and the ids of a summary row open as names
    const targets = await auditTargets(ctx.deps.db, streetAdmin, list.id)
    expect(targets.items.map((t) => t.label).sort()).toEqual(['孙*', '张*三', '李*', '赵*', '钱*'].sort())
    expect(targets.hidden).toBe(0)
  })

  it('filters by actor, person, action, "reveals and changes" and date range', async () => {
    const change = personUpdateSchema.parse({ ...personInput(tree.villageA.id, { name: '李四' }), idNumber: undefined })
    await people.updatePerson(ctx.deps, streetAdmin, li.id, change)
    await recordAudit(ctx.deps.db, streetAdmin, 'update', 'health_status', [{ id: li.id, areaId: tree.villageA.id }])

    const aboutLi = (await browse(streetAdmin, { personId: li.id, limit: 200 })).items
    // created, listed (in the page of five), changed by the admin, colour set
    expect(aboutLi.map((e) => `${e.action}:${e.entityType}`).sort()).toEqual([
      'create:person',
      'list:person',
      'update:health_status',
      'update:person',
    ])
    expect(aboutLi.every((e) => e.entityId === li.id || e.count !== null)).toBe(true)

    const byAdmin = (await browse(streetAdmin, { accountId: streetAdmin.account.id })).items
    expect(byAdmin.map((e) => e.action).sort()).toEqual(['update', 'update'])
    const reveals = (await browse(streetAdmin, { action: 'reveal' })).items
    expect(reveals.map((e) => e.subject?.personId)).toEqual([zhang.id])
    const sensitive = (await browse(streetAdmin, { sensitive: 'true', limit: 200 })).items
    expect(new Set(sensitive.map((e) => e.action))).toEqual(new Set(['create', 'reveal', 'update']))
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString()
    expect((await browse(streetAdmin, { from: tomorrow })).items).toEqual([])
    expect((await browse(streetAdmin, { to: tomorrow, action: 'reveal' })).items).toHaveLength(1)
  })

  it('finds and names rows recorded against a record of the person (a returnee)', async () => {
    const returnee = await ctx.deps.db
      .insertInto('returnee')
      .values({
        person_id: zhang.id,
        area_id: tree.gridA.id,
        came_from: '湖北武汉',
        arrived_on: '2026-12-01',
        observation_ends_on: '2026-12-15',
        status: 'observing',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(ctx.deps.db, worker, 'update', 'returnee', [{ id: returnee.id, areaId: tree.gridA.id }])
    const aboutZhang = (await browse(streetAdmin, { personId: zhang.id, entityType: 'returnee' })).items
    expect(aboutZhang).toHaveLength(1)
    expect(aboutZhang[0]).toMatchObject({ entityId: returnee.id, subject: { personId: zhang.id, label: '张*三' } })
    expect((await browse(streetAdmin, { personId: li.id, entityType: 'returnee' })).items).toEqual([])
  })

  it('shows an admin only the rows of their area, including lists from above that named their people', async () => {
    const inB = (await browse(villageBAdmin, { limit: 200 })).items
    // 周五's registration by 陈网格 is there; nothing about village A is
    expect(inB.some((e) => e.action === 'create' && e.subject?.label === '周*')).toBe(true)
    expect(inB.some((e) => e.subject?.personId === zhang.id || e.subject?.personId === li.id)).toBe(false)
    expect(inB.some((e) => e.actor?.username === 'wang-grid')).toBe(false)

    // the city admin lists everybody: village B's admin sees that row, but only B's person in it
    await people.listPeople(ctx.deps, cityAdmin, { page: 1, pageSize: 50 })
    const cityList = (await browse(villageBAdmin, { accountId: cityAdmin.account.id })).items
    expect(cityList).toHaveLength(1)
    expect(cityList[0]).toMatchObject({ action: 'list', count: 6, area: { name: '温州市' } })
    const seen = await auditTargets(ctx.deps.db, villageBAdmin, cityList[0]!.id)
    expect(seen.items.map((t) => t.label)).toEqual(['周*'])
    expect(seen.hidden).toBe(5)
    // a row of another area is not found at all
    const aRow = (await browse(streetAdmin, { action: 'reveal' })).items[0]!
    await expect(auditTargets(ctx.deps.db, villageBAdmin, aRow.id)).rejects.toMatchObject({ status: 404 })
  })

  it('pages through the log without gaps or repeats', async () => {
    const all = (await browse(streetAdmin, { limit: 200 })).items
    const paged: AuditEntry[] = []
    let before: string | undefined
    for (let i = 0; i < 50; i++) {
      const page = await browse(streetAdmin, { limit: 3, before })
      paged.push(...page.items)
      if (!page.nextCursor) break
      before = page.nextCursor
    }
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id))
    expect(all.length).toBeGreaterThan(6)
  })

  it('exports the filtered rows as an Excel-ready CSV in the reader’s language, and audits the export', async () => {
    await createTestAccount(ctx.deps, 'csv-admin', 'admin', tree.street.id)
    const cookie = await login(app, 'csv-admin')
    const formula = await create(worker, tree.villageA.id, '=HYPERLINK')
    await people.revealIdentity(ctx.deps, worker, formula.id)

    const zh = await app.inject({
      method: 'GET',
      url: '/api/audit/export.csv?action=reveal',
      headers: { cookie, 'accept-language': 'zh-CN' },
    })
    expect(zh.statusCode).toBe(200)
    expect(zh.headers['content-type']).toMatch(/^text\/csv/)
    expect(zh.body.startsWith('\uFEFF时间,操作人,用户名,操作')).toBe(true)
    const lines = zh.body.trim().split('\r\n')
    const api = await browse(streetAdmin, { action: 'reveal', limit: 200 })
    expect(lines).toHaveLength(1 + api.items.length)
    expect(lines.slice(1).every((l) => l.includes(',查看完整证件,人员,'))).toBe(true)
    expect(zh.body).toContain('王网格,wang-grid,查看完整证件,人员,张*三')
    // a name that looks like a formula stays text in Excel
    expect(zh.body).toContain(",'=********K,")

    const en = await app.inject({
      method: 'GET',
      url: `/api/audit/export.csv?personId=${zhang.id}&action=reveal`,
      headers: { cookie, 'accept-language': 'en' },
    })
    expect(en.body.startsWith('\uFEFFTime,By,Username,Action,Record type,Record,Records,Area,IP address,Query\r\n')).toBe(true)
    const enLines = en.body.trim().split('\r\n')
    expect(enLines).toHaveLength(2)
    expect(enLines[1]).toContain('Reveal identity,Person,张*三')

    const exports = await ctx.deps.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'detail', 'username'])
      .where('entity_type', '=', 'audit_log')
      .orderBy('id')
      .execute()
    expect(exports).toHaveLength(2)
    expect(exports[1]).toMatchObject({
      action: 'export',
      username: 'csv-admin',
      detail: { query: { personId: zhang.id, action: 'reveal', rows: 1 } },
    })
  })

  it('says when an export holds only the newest rows', async () => {
    const all = (await browse(streetAdmin, { action: 'create', limit: 200 })).items
    const capped = await entriesForExport(ctx.deps.db, streetAdmin, { action: 'create' }, 2)
    expect(capped).toMatchObject({ truncated: true })
    expect(capped.entries.map((e) => e.id)).toEqual(all.slice(0, 2).map((e) => e.id))
    expect((await entriesForExport(ctx.deps.db, streetAdmin, { action: 'create' }, all.length)).truncated).toBe(false)
  })

  it('refuses a person filter that is not an id, with a field message', async () => {
    const cookie = await login(app, 'csv-admin')
    const response = await app.inject({ method: 'GET', url: '/api/audit?personId=张三', headers: { cookie, 'accept-language': 'en' } })
    expect(response.statusCode).toBe(400)
    expect(response.json().errors[0]).toMatchObject({ field: 'personId' })
  })

  it('keeps the log append-only', async () => {
    await expect(sql`UPDATE audit_log SET target_count = 0`.execute(ctx.deps.db)).rejects.toThrow(/append-only/)
  })
})

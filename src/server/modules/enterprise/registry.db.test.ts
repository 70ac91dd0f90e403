import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createEnterpriseWorld, creditCode, enterpriseInput } from '../../../../test/enterprise-factories.ts'
import { buildApp } from '../../app.ts'

describe(`enterprise registry on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: Awaited<ReturnType<typeof createEnterpriseWorld>>

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    world = await createEnterpriseWorld(ctx.deps, app)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const register = (cookie: string, payload: object, language = 'zh-CN') =>
    app.inject({ method: 'POST', url: '/api/enterprise/registry', headers: { cookie, 'accept-language': language }, payload })
  const importCsv = (csv: string, mode: 'all' | 'valid', dryRun = false) =>
    app.inject({
      method: 'POST',
      url: '/api/enterprise/registry/import',
      headers: { cookie: world.cookies.liaison, 'accept-language': 'zh-CN' },
      payload: { csv, mode, dryRun },
    })
  const count = async () =>
    Number(
      (
        await ctx.deps.db
          .selectFrom('enterprise')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  describe('register', () => {
    it('refuses a credit code with a wrong check character, on the field, in the user’s language', async () => {
      const code = creditCode()
      const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0')
      const zh = await register(world.cookies.liaison, enterpriseInput(world.tree.villageA.id, { creditCode: wrong }))
      expect(zh.statusCode).toBe(400)
      expect(zh.json().errors).toEqual([
        { field: 'creditCode', code: 'creditCode.check', message: '统一社会信用代码校验位不正确，请核对后重新输入' },
      ])
      const en = await register(world.cookies.liaison, enterpriseInput(world.tree.villageA.id, { creditCode: 'ABC' }), 'en')
      expect(en.json().errors).toEqual([expect.objectContaining({ field: 'creditCode', code: 'creditCode.format' })])
    })

    it('refuses the same credit code twice (also typed in lower case) with 409 on the field', async () => {
      const code = creditCode()
      expect((await register(world.cookies.liaison, enterpriseInput(world.tree.villageA.id, { creditCode: code }))).statusCode).toBe(201)
      const again = await register(
        world.cookies.admin,
        enterpriseInput(world.tree.villageB.id, { creditCode: code.toLowerCase(), ownerAccountId: await world.accountId('liaison') }),
      )
      expect(again.statusCode).toBe(409)
      expect(again.json().errors).toEqual([expect.objectContaining({ field: 'creditCode', code: 'ENTERPRISE_DUPLICATE_CREDIT_CODE' })])
    })

    it('needs a liaison officer who serves the area', async () => {
      const none = await register(world.cookies.admin, enterpriseInput(world.tree.villageA.id))
      expect(none.json().code).toBe('ENTERPRISE_NO_OWNER')
      const far = await register(
        world.cookies.admin,
        enterpriseInput(world.tree.villageA.id, { ownerAccountId: await world.accountId('liaison-other') }),
      )
      expect(far.json().code).toBe('ENTERPRISE_OWNER_INVALID')
      const outside = await register(world.cookies.liaison, enterpriseInput(world.tree.otherDistrict.id))
      expect(outside.json().code).toBe('AREA_OUTSIDE_SCOPE')
      expect((await register(world.cookies.expert, enterpriseInput(world.tree.villageA.id))).statusCode).toBe(403)
    })
  })

  describe('scope', () => {
    it('shows an enterprise account its own enterprise only, though its area node holds others', async () => {
      const list = await app.inject({ method: 'GET', url: '/api/enterprise/registry', headers: { cookie: world.cookies.entA } })
      expect(list.json().items.map((e: { name: string }) => e.name)).toEqual(['企业甲'])
      expect(
        (
          await app.inject({
            method: 'GET',
            url: `/api/enterprise/registry/${world.enterpriseB.id}`,
            headers: { cookie: world.cookies.entA },
          })
        ).statusCode,
      ).toBe(404)
      const mine = await app.inject({ method: 'GET', url: '/api/enterprise/registry/mine', headers: { cookie: world.cookies.entA } })
      expect(mine.json()).toMatchObject({ id: world.enterpriseA.id, owner: { displayName: 'liaison' } })
    })

    it('hides another district’s enterprises from a liaison', async () => {
      expect(
        (
          await app.inject({
            method: 'GET',
            url: `/api/enterprise/registry/${world.enterpriseOther.id}`,
            headers: { cookie: world.cookies.liaison },
          })
        ).statusCode,
      ).toBe(404)
    })
  })

  describe('owner', () => {
    it('keeps exactly one owner and the history of every change', async () => {
      const url = `/api/enterprise/registry/${world.enterpriseB.id}/owner`
      const changed = await app.inject({
        method: 'PUT',
        url,
        headers: { cookie: world.cookies.admin },
        payload: { ownerAccountId: await world.accountId('liaison2'), note: '轮岗' },
      })
      expect(changed.json().owner.displayName).toBe('liaison2')
      const history = (
        await app.inject({
          method: 'GET',
          url: `/api/enterprise/registry/${world.enterpriseB.id}/owners`,
          headers: { cookie: world.cookies.liaison },
        })
      ).json()
      expect(history.map((h: { displayName: string; until: string | null }) => [h.displayName, h.until === null])).toEqual([
        ['liaison2', true],
        ['liaison', false],
      ])
      const open = await ctx.deps.db
        .selectFrom('service_assignment')
        .select('id')
        .where('enterprise_id', '=', world.enterpriseB.id)
        .where('ended_at', 'is', null)
        .execute()
      expect(open).toHaveLength(1)
    })
  })

  describe('import', () => {
    const header =
      'name,credit_code,industry,above_scale,staff_local,staff_other_province,address,contact_name,contact_phone,area_code,liaison_username'
    const good = () => `德赛鞋业,${creditCode()},鞋业,是,420,312,瓯海区,余经理,13805770001,330382001201,liaison`
    const file = (...rows: string[]) => `\ufeff${[header, ...rows].join('\r\n')}`

    it('reports every bad row and column, and imports nothing in `all` mode', async () => {
      const duplicate = creditCode()
      const before = await count()
      const response = await importCsv(
        file(
          good(),
          `万超电器,${creditCode().slice(0, 17)}Y,电气,是,160,210,,,,330382001201,liaison`, // line 3: check character
          `无名厂,${creditCode()},造船,也许,-5,0,,,1234,999999999999,nobody`, // line 4: industry, yes/no, number, phone, area
          `重复甲,${duplicate},服装,否,10,10,,,,330382001202,liaison`,
          `重复乙,${duplicate},服装,否,10,10,,,,330382001202,liaison`, // line 6: duplicate in the file
          `远方厂,${creditCode()},服装,否,10,10,,,,330382001202,liaison-other`, // line 7: liaison not serving the area
        ),
        'all',
      )
      expect(response.statusCode).toBe(200)
      const report = response.json()
      expect(report).toMatchObject({ rows: 6, valid: 2, imported: 0 })
      const byLine = report.errors.map((e: { line: number; field: string; code: string }) => `${e.line}:${e.field}:${e.code}`)
      expect(byLine).toEqual([
        '3:credit_code:creditCode.check',
        '4:above_scale:import.yesNo',
        '4:area_code:import.unknownArea',
        '4:contact_phone:phone.format',
        '4:industry:invalid_value',
        '4:staff_local:import.number',
        '6:credit_code:import.duplicateInFile',
        '7:liaison_username:import.unknownLiaison',
      ])
      expect(report.errors[0].message).toBe('统一社会信用代码校验位不正确，请核对后重新输入')
      expect(await count()).toBe(before)
    })

    it('imports the valid rows when asked, and says which codes were registered already', async () => {
      const before = await count()
      const existing = creditCode()
      await register(world.cookies.liaison, enterpriseInput(world.tree.villageA.id, { creditCode: existing }))
      const csv = file(
        good(),
        good(),
        `坏行,${creditCode()},鞋业,是,1,1,,,,000000000000,liaison`,
        `老企业,${existing},鞋业,是,1,1,,,,330382001201,liaison`,
      )
      const dry = (await importCsv(csv, 'valid', true)).json()
      expect(dry).toMatchObject({ rows: 4, valid: 2, imported: 0 })
      expect(await count()).toBe(before + 1)
      const done = (await importCsv(csv, 'valid')).json()
      expect(done).toMatchObject({ valid: 2, imported: 2 })
      expect(done.errors.map((e: { line: number; code: string }) => `${e.line}:${e.code}`)).toEqual([
        '4:import.unknownArea',
        '5:ENTERPRISE_DUPLICATE_CREDIT_CODE',
      ])
      expect(await count()).toBe(before + 3)
    })

    it('names missing header columns instead of guessing', async () => {
      const report = (await importCsv('名称,代码\n甲,乙', 'all')).json()
      expect(report.errors).toEqual([
        expect.objectContaining({ line: 1, code: 'import.header', field: 'name,credit_code,industry,area_code' }),
      ])
    })
  })

  describe('export', () => {
    it('writes CSV for Excel in the import layout, contact phones masked, and audits it', async () => {
      const response = await app.inject({
        method: 'GET',
        url: '/api/enterprise/registry/export.csv',
        headers: { cookie: world.cookies.liaison },
      })
      expect(response.headers['content-type']).toMatch(/^text\/csv/)
      expect(response.body.startsWith('\ufeffname,credit_code,industry,above_scale')).toBe(true)
      expect(response.body).toContain('德赛鞋业')
      expect(response.body).toContain('138****0001')
      expect(response.body).not.toContain('13805770001')
      const audit = await ctx.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_type', '=', 'enterprise')
        .where('action', '=', 'export')
        .execute()
      expect(audit).toHaveLength(1)
      // What was exported imports again (as duplicates: the report says so line by line).
      const again = (await importCsv(response.body, 'all', true)).json()
      expect(again.errors.length).toBeGreaterThan(0)
      expect(again.errors.every((e: { code: string }) => e.code === 'ENTERPRISE_DUPLICATE_CREDIT_CODE')).toBe(true)
    })
  })
})

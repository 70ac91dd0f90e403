import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { residentId } from '../../../../test/factories.ts'
import { codedProperty, createHousingWorld, type HousingWorld } from '../../../../test/housing-fixtures.ts'
import { buildApp } from '../../app.ts'
import { readXlsx, writeXlsx } from './xlsx.ts'

describe(`house-code import and export on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: HousingWorld

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    world = await createHousingWorld(ctx.deps, app)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const HEADER = 'area_code,address,rooms,beds,capacity,landlord_name,landlord_id_type,landlord_id_number,landlord_phone'
  const importFile = (body: Buffer | string, type: string, query = '', language = 'en') =>
    app.inject({
      method: 'POST',
      url: `/api/housing/import${query}`,
      headers: { cookie: world.cookies.worker, 'content-type': type, 'accept-language': language },
      payload: body,
    })
  const count = async () =>
    Number(
      (
        await ctx.deps.db
          .selectFrom('rental_property')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('reports every bad row and imports nothing from a file with errors', async () => {
    const good = residentId()
    const wrongDigit = `${residentId().slice(0, 17)}Z`
    const csv = [
      HEADER,
      `330382001201,导入 1 号,5,10,10,赵一,resident_id,${good},13800000011`,
      `330382001299,导入 2 号,5,10,10,钱二,resident_id,${residentId()},`,
      `330382001201,导入 3 号,five,10,10,孙三,,${wrongDigit},12345`,
      `330382001202,导入 4 号,5,10,10,李四,,${residentId()},`,
    ].join('\n')
    const before = await count()
    const response = await importFile(csv, 'text/csv', '', 'zh-CN')
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toMatchObject({ total: 4, imported: 0, skipped: 4 })
    expect(response.json().errors.map((e: { line: number; field: string; code: string }) => `${e.line} ${e.field} ${e.code}`)).toEqual([
      '3 area_code housing.import_area',
      '4 rooms housing.import_number',
      '4 landlord_id_number id.format',
      '4 landlord_phone phone.format',
      '5 area_code housing.import_area', // village B is outside the village A worker's area
    ])
    expect(response.json().errors[0].message).toBe('区划代码不存在或不在您的管辖范围内')
    expect(await count()).toBe(before)
  })

  it('imports the valid rows when asked, creating landlords and applications waiting for inspection', async () => {
    const landlordId = residentId()
    const csv = `\uFEFF${HEADER}\r\n330382001201,导入 10 号,4,8,8,周五,,${landlordId},13800000012\r\n330382001201,导入 11 号,4,8,8,周五,,${landlordId},\r\n330382001201,导入 12 号,0,8,8,吴六,,${residentId()},\r\n`
    const response = await importFile(csv, 'text/csv', '?validRowsOnly=true')
    expect(response.json()).toMatchObject({
      total: 3,
      imported: 2,
      skipped: 1,
      errors: [expect.objectContaining({ line: 4, field: 'rooms' })],
    })
    const rows = await ctx.deps.db
      .selectFrom('rental_property')
      .innerJoin('person', 'person.id', 'rental_property.landlord_person_id')
      .select(['rental_property.status', 'person.name', 'person.is_landlord', 'person.id'])
      .where('rental_property.address', 'like', '导入 1_ 号')
      .execute()
    expect(rows).toHaveLength(2)
    expect(new Set(rows.map((r) => r.id)).size).toBe(1) // one landlord with two properties
    expect(rows.every((r) => r.status === 'submitted' && r.is_landlord && r.name === '周五')).toBe(true)
    // The same file again: the properties exist now.
    const again = await importFile(csv, 'text/csv', '?validRowsOnly=true')
    expect(again.json().errors.filter((e: { code: string }) => e.code === 'housing.import_duplicate')).toHaveLength(2)
  })

  it('reads an Excel workbook with Chinese headings, and checks a landlord’s registered name', async () => {
    const xlsx = writeXlsx('Sheet1', [
      ['区划代码', '地址', '房间数', '床位数', '核定人数', '房东姓名', '房东证件号码', '房东手机号'],
      ['330382001201', '表格 1 号', 3, 6, 6, '郑老板', '11010519491231002X', '13800000013'],
    ])
    const dryRun = await importFile(Buffer.from(xlsx), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '?dryRun=true')
    expect(dryRun.json()).toMatchObject({ total: 1, imported: 0, errors: [] })
    const imported = await importFile(Buffer.from(xlsx), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(imported.json()).toMatchObject({ imported: 1, errors: [] })
    const renamed = writeXlsx('Sheet1', [
      ['区划代码', '地址', '房间数', '床位数', '核定人数', '房东姓名', '房东证件号码'],
      ['330382001201', '表格 2 号', 3, 6, 6, '别人', '11010519491231002X'],
    ])
    expect((await importFile(Buffer.from(renamed), 'application/octet-stream')).json().errors).toEqual([
      expect.objectContaining({ line: 2, field: 'landlord_name', code: 'housing.import_landlord_name' }),
    ])
  })

  it('refuses a file without the needed columns', async () => {
    const response = await importFile('name,phone\n张三,138\n', 'text/csv')
    expect(response.statusCode).toBe(422)
    expect(response.json()).toMatchObject({ code: 'HOUSING_IMPORT_FORMAT', detail: expect.stringContaining('area_code') })
  })

  it('exports the property list as CSV and Excel, phones masked', async () => {
    const { id } = await codedProperty(app, world)
    const address = (await ctx.deps.db.selectFrom('rental_property').select('address').where('id', '=', id).executeTakeFirstOrThrow())
      .address
    const csv = await app.inject({
      method: 'GET',
      url: '/api/housing/properties/export?format=csv&status=code_issued',
      headers: { cookie: world.cookies.worker, 'accept-language': 'zh-CN' },
    })
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    expect(csv.body.startsWith('\uFEFF地址,所属区域,房东')).toBe(true)
    expect(csv.body).toContain(address)
    expect(csv.body).toContain('138****5678')
    expect(csv.body).not.toContain('13812345678')
    const xlsx = await app.inject({
      method: 'GET',
      url: '/api/housing/properties/export?format=xlsx',
      headers: { cookie: world.cookies.worker, 'accept-language': 'en' },
    })
    const rows = readXlsx(xlsx.rawPayload)
    expect(rows[0]).toEqual([
      'Address',
      'Area',
      'Landlord',
      'Landlord phone',
      'Rooms',
      'Beds',
      'Capacity',
      'Occupants',
      'Status',
      'Code issued',
    ])
    expect(rows.some((r) => r[0] === address && r[8] === 'code_issued')).toBe(true)
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('action', '=', 'export').execute()
    expect(audit.length).toBeGreaterThan(0)
  })
})

import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../test/db.ts'
import { createAreaTree, createTestAccount, login, personInput } from '../../../test/factories.ts'
import { buildApp } from '../app.ts'

describe(`problem+json answers on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let cookie: string
  let tree: Awaited<ReturnType<typeof createAreaTree>>

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    tree = await createAreaTree(ctx.deps)
    await createTestAccount(ctx.deps, 'worker', 'grid_worker', tree.villageA.id)
    cookie = await login(app, 'worker')
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const post = (payload: unknown, language = 'zh-CN') =>
    app.inject({ method: 'POST', url: '/api/people', headers: { cookie, 'accept-language': language }, payload: payload as object })

  it('names every bad field, in Chinese by default', async () => {
    const response = await post({ ...personInput(tree.villageA.id), name: '', idNumber: '110105194912310021', phone: '12345' })
    expect(response.statusCode).toBe(400)
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
    const body = response.json()
    expect(body).toMatchObject({ status: 400, code: 'VALIDATION', title: '提交的内容有误，请按提示修改' })
    expect(body.type).toMatch(/^https?:\/\//)
    const byField = Object.fromEntries(body.errors.map((e: { field: string; message: string }) => [e.field, e.message]))
    expect(byField).toEqual({
      name: '此项为必填项',
      idNumber: '身份证号校验位不正确，请核对后重新输入',
      phone: '请输入正确的手机号码',
    })
  })

  it('answers in English when asked', async () => {
    const response = await post({ ...personInput(tree.villageA.id), idNumber: '110105194912310021' }, 'en-GB,en;q=0.9')
    expect(response.json()).toMatchObject({
      title: 'Some fields need correcting',
      errors: [{ field: 'idNumber', code: 'id.check_digit', message: 'The ID number check digit is wrong: please check the number' }],
    })
  })

  it('words a wrong type and a wrong choice with Zod’s own locale', async () => {
    const response = await post({ ...personInput(tree.villageA.id), kind: 'visitor', stayedOverHoliday: 'yes' }, 'en')
    const fields = response.json().errors.map((e: { field: string; message: string }) => `${e.field}: ${e.message}`)
    expect(fields).toEqual([
      expect.stringMatching(/^kind: Invalid option/),
      expect.stringMatching(/^stayedOverHoliday: Invalid input: expected boolean/),
    ])
  })

  it('refuses a NUL or other control character in any text field, naming the field, and stores nothing', async () => {
    const before = await ctx.deps.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const response = await post({ ...personInput(tree.villageA.id), name: 'Wang\u0000Wu', origin: 'a\u001bb' }, 'en')
    expect(response.statusCode).toBe(400)
    expect(response.json().errors).toEqual([
      { field: 'name', code: 'text.control', message: 'Contains an invisible control character: remove it and try again' },
      { field: 'origin', code: 'text.control', message: 'Contains an invisible control character: remove it and try again' },
    ])
    const chinese = await post({ ...personInput(tree.villageA.id), name: '王\u0000五' })
    expect(chinese.json().errors[0]).toMatchObject({ field: 'name', message: '含有不可见的控制字符，请删除后重试' })
    const after = await ctx.deps.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('answers an update with nothing to change with 400, not an empty UPDATE', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/isolation-orders/00000000-0000-4000-8000-000000000000',
      headers: { cookie, 'accept-language': 'en' },
      payload: {},
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().errors).toEqual([{ field: '', code: 'update.empty', message: 'There is nothing to change' }])
  })

  it('keeps tabs and line breaks, which text areas hold', async () => {
    const response = await post({ ...personInput(tree.villageA.id), origin: '江西\t上饶\r\n广丰' })
    expect(response.statusCode).toBe(201)
  })

  it('answers malformed JSON with a problem, not a crash', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '{"name": ',
    })
    expect(response.statusCode).toBe(400)
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(response.json()).toMatchObject({ code: 'INVALID_JSON', title: '提交的数据格式有误（不是有效的 JSON）' })
  })

  it('titles a wrong content type in the reader’s language', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { cookie, 'content-type': 'text/xml', 'accept-language': 'en' },
      payload: '<person/>',
    })
    expect(response.statusCode).toBe(415)
    expect(response.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', title: 'Unsupported content type: send JSON' })
  })

  it('answers an unknown API route and a bad id with problems', async () => {
    const unknown = await app.inject({ method: 'GET', url: '/api/nothing-here', headers: { cookie } })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('NOT_FOUND')
    const badId = await app.inject({ method: 'GET', url: '/api/people/not-a-uuid', headers: { cookie } })
    expect(badId.statusCode).toBe(400)
    expect(badId.json().errors[0].field).toBe('id')
  })

  it('serves the OpenAPI description and health checks', async () => {
    const spec = await app.inject({ method: 'GET', url: '/docs/json' })
    expect(spec.json().paths).toHaveProperty('/api/people/')
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' })
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready', database: testDatabaseKind() })
  })
})

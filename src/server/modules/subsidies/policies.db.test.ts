import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createSubsidyWorld, openVersion } from '../../../../test/subsidy-core-fixtures.ts'
import { buildApp } from '../../app.ts'

describe(`subsidy policies on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  let world: Awaited<ReturnType<typeof createSubsidyWorld>>

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    world = await createSubsidyWorld(ctx.deps, app)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const create = (cookie: string, payload: object, language = 'zh-CN') =>
    app.inject({
      method: 'POST',
      url: '/api/subsidies/policies',
      headers: { cookie, 'accept-language': language },
      payload: { budgetFen: 1_000_000, version: openVersion(), ...payload },
    })
  const setState = (cookie: string, id: string, state: string) =>
    app.inject({ method: 'POST', url: `/api/subsidies/policies/${id}/state`, headers: { cookie }, payload: { state } })

  it('creates a draft at the officer’s node with version 1; codes are unique', async () => {
    const created = await create(world.cookies.policy, { code: 'P-ONE' })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({
      code: 'P-ONE',
      state: 'draft',
      areaName: '乐清市',
      currentVersion: 1,
      budgetFen: 1_000_000,
      committedFen: 0,
      paidFen: 0,
      versions: [{ version: 1, createdBy: 'policy' }],
    })
    const again = await create(world.cookies.policy2, { code: 'P-ONE' })
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ code: 'subsidy.policyCodeTaken', errors: [{ field: 'code' }] })
  })

  it('moves draft → published → closed → published; never back to draft', async () => {
    const { id } = (await create(world.cookies.policy, { code: 'P-STATES' })).json()
    expect((await setState(world.cookies.policy, id, 'published')).json().state).toBe('published')
    expect((await setState(world.cookies.policy, id, 'closed')).json().state).toBe('closed')
    expect((await setState(world.cookies.policy, id, 'published')).json().state).toBe('published')
    const back = await setState(world.cookies.policy, id, 'draft')
    expect(back.statusCode).toBe(409)
    expect(back.json().code).toBe('subsidy.policyTransition')
  })

  it('refuses rules and formulas that do not fit, on the field, in the caller’s language', async () => {
    const response = await create(
      world.cookies.policy,
      {
        code: 'P-BAD',
        version: openVersion({
          rules: [{ fact: 'industry', op: 'gte', number: 3 }],
          formula: { kind: 'per_unit', input: 'interestPaid', fenPerUnit: 100 },
        }),
      },
      'en',
    )
    expect(response.statusCode).toBe(400)
    const errors = response.json().errors as { field: string; message: string }[]
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'version.rules.0.op', message: 'This operator does not fit the condition' }),
        expect.objectContaining({
          field: 'version.formula.input',
          message: 'The formula needs an input of the right unit (an amount for a share, a count per unit)',
        }),
      ]),
    )
  })

  it('only officers of the policy’s subtree change it; enterprises cannot create; a street sees its district’s policies', async () => {
    const { id } = (await create(world.cookies.policy, { code: 'P-SCOPE' })).json()
    expect((await setState(world.cookies.policyOther, id, 'published')).statusCode).toBe(404)
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: `/api/subsidies/policies/${id}/budget`,
          headers: { cookie: world.cookies.policyOther },
          payload: { budgetFen: 1 },
        })
      ).statusCode,
    ).toBe(404)
    expect((await create(world.cookies.entA, { code: 'P-ENT' })).statusCode).toBe(403)
    await setState(world.cookies.policy, id, 'published')
    const seen = await app.inject({ method: 'GET', url: `/api/subsidies/policies/${id}`, headers: { cookie: world.cookies.entA } })
    expect(seen.statusCode).toBe(200)
    const other = await app.inject({ method: 'GET', url: `/api/subsidies/policies/${id}`, headers: { cookie: world.cookies.policyOther } })
    expect(other.statusCode).toBe(404)
  })
})

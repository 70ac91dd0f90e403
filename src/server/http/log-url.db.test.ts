import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../test/db.ts'
import { createAreaTree, createTestAccount, login, residentId } from '../../../test/factories.ts'
import { addDays, chinaDay } from '../../shared/schemas/returnees.ts'
import { buildApp } from '../app.ts'

describe(`request log lines carry no token or personal value, on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let app: FastifyInstance
  const lines: string[] = []

  beforeAll(async () => {
    ctx = await createTestContext()
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    app = await buildApp({ ...ctx.deps, config: { ...ctx.deps.config, logLevel: 'info' } }, { logStream: stream })
  }, 180_000)
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it('logs the self-report routes and searches without the token, phone or ID number', async () => {
    const tree = await createAreaTree(ctx.deps)
    await createTestAccount(ctx.deps, 'worker', 'grid_worker', tree.villageA.id)
    const worker = await login(app, 'worker')
    const idNumber = residentId('522101')
    const phone = '13912340001'
    const created = await app.inject({
      method: 'POST',
      url: '/api/returnees',
      headers: { cookie: worker },
      payload: {
        person: { name: '刘洋', idType: 'resident_id', idNumber, phone },
        areaId: tree.gridA.id,
        cameFrom: '贵州遵义',
        arrivedOn: addDays(chinaDay(new Date()), -2),
        beforeReturn: [],
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const path = created.json().selfServicePath as string
    const token = path.split('/').pop()!

    expect((await app.inject({ method: 'GET', url: `/api/self/${token}` })).statusCode).toBe(200)
    expect(
      (await app.inject({ method: 'POST', url: `/api/self/${token}/reports`, payload: { temperature: 36.6, symptoms: [] } })).statusCode,
    ).toBeLessThan(300)
    await app.inject({ method: 'GET', url: path })
    await app.inject({ method: 'GET', url: `/api/people?q=${idNumber}&phone=${phone}`, headers: { cookie: worker } })

    const log = lines.join('')
    // The lines are there, with the route's shape…
    expect(log).toContain('/api/self/[redacted]/reports')
    expect(log).toContain('"url":"/self/[redacted]"')
    expect(log).toContain('"url":"/api/people"')
    // …and none of the values.
    for (const secret of [token, idNumber, phone]) expect(log).not.toContain(secret)
  })
})

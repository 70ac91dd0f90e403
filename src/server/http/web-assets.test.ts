import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/db.ts'
import { buildApp, WEB_DIST } from '../app.ts'

/** Needs the built UI (`npm test` builds it first; alone: `npm run build:web`). */
describe('the built web UI as a phone on a slow network receives it', () => {
  let ctx: TestContext
  let app: FastifyInstance
  let script: string

  beforeAll(async () => {
    ctx = await createTestContext()
    app = await buildApp(ctx.deps, { logger: false })
    const entry = readdirSync(join(WEB_DIST, 'assets')).find((name) => /^index-.*\.js$/.test(name))
    if (!entry) throw new Error(`no built entry script in ${WEB_DIST}/assets: run npm run build:web`)
    script = `/assets/${entry}`
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it('sends a hashed script Brotli-compressed when the browser accepts it, cached for a year', async () => {
    const plain = await app.inject({ method: 'GET', url: script, headers: { 'accept-encoding': 'identity' } })
    const response = await app.inject({ method: 'GET', url: script, headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-encoding']).toBe('br')
    expect(response.headers['content-type']).toMatch(/javascript/)
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(response.headers.vary).toMatch(/accept-encoding/i)
    expect(response.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2)
    expect(brotliDecompressSync(response.rawPayload).equals(plain.rawPayload)).toBe(true)
  })

  it('falls back to gzip, and to the plain file', async () => {
    const gzipped = await app.inject({ method: 'GET', url: script, headers: { 'accept-encoding': 'gzip' } })
    expect(gzipped.headers['content-encoding']).toBe('gzip')
    const plain = await app.inject({ method: 'GET', url: script, headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(gunzipSync(gzipped.rawPayload).equals(plain.rawPayload)).toBe(true)
  })

  it.each(['/', '/gate', '/sw.js'])('has %s revalidated every time (it names the hashed files)', async (url) => {
    const response = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } })
    expect(response.statusCode).toBe(200)
    expect(response.headers['cache-control']).toBe('no-cache')
  })
})

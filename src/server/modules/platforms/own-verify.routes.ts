import type { FastifyPluginAsync } from 'fastify'
import {
  NATIONAL_COLOUR_CODES,
  NATIONAL_ID_TYPE_CODES,
  VERIFY_RESULT_CODES,
  type NationalVerifyResponse,
} from '../../../shared/health-code-standard.ts'
import { nationalVerifyRequestSchema } from '../../../shared/schemas/platforms.ts'
import { insertAuditRows } from '../audit/audit.repository.ts'
import { readCode } from '../codes/code-reader.ts'
import { checkRequestSignature, SIGNATURE_HEADERS, signResponse } from './platform-signing.ts'
import { platformSecrets } from './platforms.service.ts'

/** A peer platform verifying many codes at its gates: generous, but bounded. */
const PEER_RATE_LIMIT = { max: 600, timeWindow: '1 minute' }

/**
 * Our own 验码 endpoint in the national interface's shape, so another province's platform can
 * verify the codes we issued (issue 20 item 2). Authenticated by the same signed-request scheme
 * with the app id and secret of its registration here, rate-limited, and audited (the platform,
 * its region and the result; never the code or the person).
 */
export const ownVerifyRoutes: FastifyPluginAsync = async (app) => {
  // The signature covers the exact bytes: keep them (this plugin only).
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    ;(request as unknown as { rawBody: string }).rawBody = body as string
    try {
      done(null, JSON.parse(body as string))
    } catch {
      done(null, {})
    }
  })
  app.post(
    '/verify',
    {
      config: { public: true, rateLimit: PEER_RATE_LIMIT },
      schema: { tags: ['health platforms'], summary: "验码 for other provinces' platforms (signed request, national shape)" },
    },
    async (request, reply) => {
      const raw = (request as unknown as { rawBody?: string }).rawBody ?? ''
      const peers = await platformSecrets(app.deps)
      const check = checkRequestSignature(request.headers, raw, (appId) => peers.get(appId)?.secret)
      const appId = String(request.headers[SIGNATURE_HEADERS.appId] ?? '')
      const peer = peers.get(appId)
      let answer: NationalVerifyResponse
      if (check !== 'ok') {
        answer = { code: check === 'stale' ? VERIFY_RESULT_CODES.expiredRequest : VERIFY_RESULT_CODES.badSignature, message: check }
      } else {
        const body = nationalVerifyRequestSchema.safeParse(request.body)
        const read = body.success ? await readCode(app.deps, body.data.code, new Date()) : null
        if (!body.success) {
          // The national shape has no problem+json: the field messages go in `message`.
          answer = {
            code: VERIFY_RESULT_CODES.badRequest,
            message: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          }
        } else if (!read?.valid || read.kind !== 'health' || !read.colour) {
          answer =
            read?.reason === 'REVOKED'
              ? { code: VERIFY_RESULT_CODES.revoked, message: '码已失效' }
              : { code: VERIFY_RESULT_CODES.unknownCode, message: '码不存在' }
        } else {
          answer = {
            code: VERIFY_RESULT_CODES.ok,
            message: 'ok',
            data: {
              colourCode: NATIONAL_COLOUR_CODES[read.colour],
              maskedName: read.holder?.name ?? '',
              // A birth date is signed in only for a mainland resident ID (docs/CODES.md §1).
              idTypeCode: (read.holder?.birthDate ? NATIONAL_ID_TYPE_CODES.resident_id : NATIONAL_ID_TYPE_CODES.other).code,
              idTail: read.holder?.idTail ?? '',
              statusTime: new Date().toISOString(),
              issuerRegion:
                (
                  await app.deps.db
                    .selectFrom('area')
                    .select('code')
                    .where('parent_id', 'is', null)
                    .orderBy('code')
                    .limit(1)
                    .executeTakeFirst()
                )?.code.slice(0, 6) ?? '',
            },
          }
        }
      }
      await insertAuditRows(app.deps.db, [
        {
          account_id: null,
          username: peer ? `platform:${peer.name}` : `platform:${appId.slice(0, 40)}`,
          action: 'read',
          entity_type: 'health_code',
          entity_id: null,
          area_id: null,
          ip: request.ip,
          detail: JSON.stringify({
            purpose: 'platform_verify',
            result: answer.code,
            signature: check,
            verifierRegion: String((request.body as { verifierRegion?: unknown })?.verifierRegion ?? '').slice(0, 12),
          }),
        },
      ])
      const text = JSON.stringify(answer)
      const nonce = String(request.headers[SIGNATURE_HEADERS.nonce] ?? '')
      const signed = peer ? signResponse(peer.secret, nonce, text) : {}
      return reply
        .status(check === 'unknown_app' ? 401 : 200)
        .headers({ 'content-type': 'application/json', ...signed })
        .send(text)
    },
  )
}

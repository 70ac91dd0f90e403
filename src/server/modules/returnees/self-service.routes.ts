import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { selfConsultationRequestSchema } from '../../../shared/schemas/consultation.ts'
import { chinaDay, dailyReportInputSchema, selfServiceViewSchema, type SelfServiceView } from '../../../shared/schemas/returnees.ts'
import { selectInScope, WHOLE_TREE } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { queueConsultation } from '../consultation/consultation.service.ts'
import { SelfServiceLinkInvalidError, SelfServiceLinkReplacedError } from './returnees.errors.ts'
import { recordDailyReport } from './returnees.service.ts'
import { findSelfServiceLink } from './self-service-links.ts'

const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{32}$/) })
/** Guessing links is pointless (192 random bits) but cheap to slow down anyway. */
const rateLimit = { max: 30, timeWindow: '1 minute' }

async function requireLink(deps: Deps, token: string, now: Date) {
  const link = await findSelfServiceLink(deps.db, token, now)
  if (!link) throw new SelfServiceLinkInvalidError()
  if (link.revoked_at) throw new SelfServiceLinkReplacedError()
  return link
}

function observingReturnee(deps: Deps, id: string | null) {
  if (!id) return Promise.resolve(undefined)
  return selectInScope(deps.db, WHOLE_TREE, 'returnee')
    .selectAll('returnee')
    .where('returnee.id', '=', id)
    .where('returnee.status', '=', 'observing')
    .executeTakeFirst()
}

/**
 * The person's own phone page (no account): today's report and a consultation request, through
 * the link the landlord or grid worker passed on. It shows only the first character of the name.
 */
export const selfServiceRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['self-service']
  const config = { public: true, rateLimit }

  app.get(
    '/:token',
    { config, schema: { tags, summary: 'What the phone page shows', params: tokenParams, response: { 200: selfServiceViewSchema } } },
    async (request): Promise<SelfServiceView> => {
      const now = new Date()
      const link = await requireLink(app.deps, request.params.token, now)
      const returnee = await observingReturnee(app.deps, link.returnee_id)
      const reportedToday = returnee
        ? !!(await selectInScope(app.deps.db, WHOLE_TREE, 'returnee_report')
            .select('returnee_report.id')
            .where('returnee_report.returnee_id', '=', returnee.id)
            .where('returnee_report.phase', '=', 'observation')
            .where('returnee_report.day', '=', chinaDay(now))
            .executeTakeFirst())
        : false
      const order = link.isolation_order_id
        ? await selectInScope(app.deps.db, WHOLE_TREE, 'isolation_order')
            .select('isolation_order.ends_at')
            .where('isolation_order.id', '=', link.isolation_order_id)
            .where('isolation_order.status', '=', 'open')
            .executeTakeFirst()
        : undefined
      const consultation = await selectInScope(app.deps.db, WHOLE_TREE, 'consultation')
        .select(['consultation.status', 'consultation.video_url'])
        .where('consultation.person_id', '=', link.person_id)
        .orderBy('consultation.created_at', 'desc')
        .limit(1)
        .executeTakeFirst()
      return {
        greetingName: [...link.person_name][0] ?? '',
        returnee: returnee ? { observationEndsOn: returnee.observation_ends_on, reportedToday } : null,
        isolation: order ? { endsAt: order.ends_at.toISOString() } : null,
        consultation: consultation
          ? { status: consultation.status, videoUrl: consultation.status === 'in_progress' ? consultation.video_url : null }
          : null,
      }
    },
  )

  app.post(
    '/:token/reports',
    {
      config,
      schema: { tags, summary: 'Report today’s temperature', params: tokenParams, body: dailyReportInputSchema.omit({ day: true }) },
    },
    async (request, reply) => {
      const now = new Date()
      const link = await requireLink(app.deps, request.params.token, now)
      const returnee = await observingReturnee(app.deps, link.returnee_id)
      if (!returnee) throw new SelfServiceLinkInvalidError()
      await app.deps.db
        .transaction()
        .execute((trx) => recordDailyReport(trx, returnee, request.body, { kind: 'self', accountId: null }, now))
      return reply.status(204).send()
    },
  )

  app.post(
    '/:token/consultations',
    {
      config,
      schema: { tags, summary: 'Ask for a remote consultation (微医通)', params: tokenParams, body: selfConsultationRequestSchema },
    },
    async (request, reply) => {
      const now = new Date()
      const link = await requireLink(app.deps, request.params.token, now)
      await queueConsultation(app.deps.db, {
        personId: link.person_id,
        areaId: link.area_id,
        reason: request.body.reason,
        via: 'self',
        accountId: null,
        now,
      })
      return reply.status(204).send()
    },
  )
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  acknowledgeAlertBodySchema,
  alertSchema,
  handleAlertBodySchema,
  ROLES_HANDLING_ALERTS,
  ROLES_READING_ALERTS,
} from '../../../shared/schemas/alerts.ts'
import { idParamsSchema } from '../../../shared/schemas/common.ts'
import { actorOf } from '../../http/auth-hooks.ts'
import { recordAudit } from '../audit/audit.service.ts'
import { acknowledgeAlert, handleAlert, listAlertEvents } from './alert-actions.service.ts'
import { AlertHub } from './alert-hub.ts'

/** A stream ends after this long; the browser reconnects at once and the session is checked again. */
const STREAM_MAX_MS = 30 * 60_000
const PING_MS = 20_000

/**
 * The live alert channel (server-sent events) and what people do with an alert. Each stream
 * carries only alerts of the subscriber's area; every person shown on it is audited as a read.
 */
export const alertStreamRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['alerts']
  const hub = new AlertHub(app.deps.db, (error) => app.log.error({ err: { message: (error as Error).message } }, 'alert fan-out failed'))
  await hub.start()
  const open = new Set<() => void>()
  app.addHook('preClose', async () => {
    for (const end of [...open]) end()
    await hub.close()
  })

  app.get(
    '/stream',
    { config: { roles: ROLES_READING_ALERTS }, schema: { tags, summary: 'Live alerts of your area (text/event-stream: `alert` events)' } },
    (request, reply) => {
      const actor = actorOf(request)
      reply.hijack()
      const res = reply.raw
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      })
      res.write('retry: 3000\nevent: ready\ndata: {}\n\n')
      const unsubscribe = hub.subscribe(actor, ({ message, personId, areaId }) => {
        res.write(`event: alert\ndata: ${JSON.stringify(message)}\n\n`)
        if (personId) {
          recordAudit(app.deps.db, actor, 'read', 'person', [{ id: personId, areaId }]).catch((error: unknown) =>
            app.log.error({ err: { message: (error as Error).message } }, 'audit of a live alert failed'),
          )
        }
      })
      const ping = setInterval(() => res.write(': ping\n\n'), PING_MS)
      const end = () => {
        clearInterval(ping)
        clearTimeout(expiry)
        unsubscribe()
        open.delete(end)
        if (!res.writableEnded) res.end()
      }
      const expiry = setTimeout(end, STREAM_MAX_MS)
      open.add(end)
      request.raw.on('close', end)
    },
  )

  app.post(
    '/:id/acknowledge',
    {
      config: { roles: ROLES_HANDLING_ALERTS },
      schema: {
        tags,
        summary: 'Acknowledge an alert (it stops escalating)',
        params: idParamsSchema,
        body: acknowledgeAlertBodySchema,
        response: { 200: alertSchema },
      },
    },
    async (request) => acknowledgeAlert(app.deps, actorOf(request), request.params.id, request.body.note),
  )

  app.post(
    '/:id/handle',
    {
      config: { roles: ROLES_HANDLING_ALERTS },
      schema: {
        tags,
        summary: 'Close an alert with what was done',
        params: idParamsSchema,
        body: handleAlertBodySchema,
        response: { 200: alertSchema },
      },
    },
    async (request) => handleAlert(app.deps, actorOf(request), request.params.id, request.body.note),
  )

  app.get(
    '/:id/events',
    {
      config: { roles: ROLES_READING_ALERTS },
      schema: {
        tags,
        summary: 'What happened to an alert',
        params: idParamsSchema,
        response: {
          200: z.array(
            z.object({
              action: z.string(),
              note: z.string().nullable(),
              escalationLevel: z.number().nullable(),
              at: z.string(),
              by: z.string().nullable(),
            }),
          ),
        },
      },
    },
    async (request) => listAlertEvents(app.deps, actorOf(request), request.params.id),
  )
}

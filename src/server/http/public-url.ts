import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { FastifyRequest } from 'fastify'
import type { Config } from '../config.ts'
import { publicSiteSchema } from '../../shared/schemas/site.ts'

/**
 * The base of every link or QR the platform prints or sends (posters, registration, self-report,
 * /me invitations). PUBLIC_URL when set: a phone must reach it, and a staff browser on
 * localhost must not leak `localhost` onto a printed poster. Without it, the address the request
 * came in on (what the staff member's browser used) — the start banner warns about that.
 */
export function publicBase(config: Pick<Config, 'publicUrl'>, request?: Pick<FastifyRequest, 'protocol' | 'host'>): string {
  if (config.publicUrl) return config.publicUrl
  if (request) return `${request.protocol}://${request.host}`
  return 'http://localhost'
}

/**
 * A full public link: `publicLink(config, '/h', request)` → `https://gate.example/h`.
 * @param path starts with `/`; may carry a query or fragment
 */
export function publicLink(config: Pick<Config, 'publicUrl'>, path: string, request?: Pick<FastifyRequest, 'protocol' | 'host'>): string {
  return `${publicBase(config, request)}${path}`
}

/** `GET /api/public/site`: what the web needs to print links (no sign-in). */
export const publicSiteRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/site',
    {
      config: { public: true },
      schema: { tags: ['site'], summary: 'The public address links and QR codes are printed with', response: { 200: publicSiteSchema } },
    },
    async (request) => ({ publicUrl: publicBase(app.deps.config, request), configured: app.deps.config.publicUrl !== undefined }),
  )
}

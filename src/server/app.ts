import { existsSync, mkdirSync } from 'node:fs'
import { join, sep } from 'node:path'
import fastifyCookie from '@fastify/cookie'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyContextConfig, type FastifyInstance, type FastifyReply, type FastifySchema } from 'fastify'
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { sql } from 'kysely'
import type { Deps } from './deps.ts'
import { registerAuthHooks } from './http/auth-hooks.ts'
import { urlForLog } from './http/log-url.ts'
import { DatabaseNotReadyError, handleError, handleNotFound } from './http/problem.ts'
import { publicSiteRoutes } from './http/public-url.ts'
import { registerSecurity } from './http/security.ts'
import { zodValidatorCompiler } from './http/validation.ts'
import { areaRoutes } from './modules/area/area.routes.ts'
import { auditRoutes } from './modules/audit/audit.routes.ts'
import { authRoutes } from './modules/auth/auth.routes.ts'
import { accountSecurityRoutes } from './modules/auth/account-security.routes.ts'
import { overviewRoutes } from './modules/overview/overview.routes.ts'
import { personRoutes } from './modules/people/person.routes.ts'
import { alertRoutes } from './modules/alerts/alerts.routes.ts'
import { alertStreamRoutes } from './modules/alerts/alert-stream.routes.ts'
import { broadcastRoutes } from './modules/broadcast/broadcast.routes.ts'
import { consultationRoutes } from './modules/consultation/consultation.routes.ts'
import { deviceRoutes } from './modules/devices/devices.routes.ts'
import { isolationRoutes } from './modules/isolation/isolation.routes.ts'
import { returneeRoutes } from './modules/returnees/returnees.routes.ts'
import { selfServiceRoutes } from './modules/returnees/self-service.routes.ts'
import { codesRoutes } from './modules/codes/codes.routes.ts'
import { gateRoutes } from './modules/gate/gate.routes.ts'
import { ownVerifyRoutes, platformRoutes } from './modules/platforms/index.ts'
import { housingRoutes } from './modules/housing/index.ts'
import { enterpriseRoutes } from './modules/enterprise/index.ts'
import { recruitmentRoutes } from './modules/recruitment/index.ts'
import { noticesRoutes } from './modules/notices/index.ts'
import { subsidyRoutes } from './modules/subsidies/index.ts'
import { residentLinkRoutes, residentPublicRoutes } from './modules/resident/index.ts'

/** A route as `buildApp`'s onRoute option sees it. */
export interface RouteSeen {
  method: string
  url: string
  schema?: FastifySchema
  config?: FastifyContextConfig
}

export const WEB_DIST = join(import.meta.dirname, '../../dist/web')

/**
 * Builds the HTTP application (API, OpenAPI docs, web UI). main.ts calls listen(); tests
 * call inject(). Logs carry method, URL and status only: never bodies, where personal data is.
 */
export async function buildApp(
  deps: Deps,
  options: {
    logger?: boolean
    /** Where log lines go (stdout by default); tests read them to prove nothing personal is logged. */
    logStream?: NodeJS.WritableStream
    /** Sees every route as it is added, with its schema and config: the route-coverage and security tests list them. */
    onRoute?: (route: RouteSeen) => void
  } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: deps.config.logLevel,
            ...(options.logStream && { stream: options.logStream }),
            // No query string, no token in a path: see urlForLog.
            serializers: {
              req: (req) => ({ method: req.method, url: urlForLog(req.url), remoteAddress: req.ip }),
            },
          },
    trustProxy: deps.config.trustProxy,
    bodyLimit: 5 * 1024 * 1024,
    // The router's own refusals (a path parameter over 100 characters: 414; a malformed URL:
    // 400) otherwise leave as Fastify's plain JSON, bypassing the one problem+json handler.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
  }).withTypeProvider<ZodTypeProvider>()
  app.decorate('deps', deps)
  if (options.onRoute) {
    const onRoute = options.onRoute
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat())
        if (method !== 'HEAD') onRoute({ method, url: route.url, schema: route.schema, config: route.config })
    })
  }
  app.setValidatorCompiler(zodValidatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler(handleError)

  await app.register(fastifyCookie)
  await app.register(fastifyRateLimit, { global: false })
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Gridline API', version: '0.1.0', description: 'Grassroots precise smart control and enterprise resumption.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'gl_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' })
  registerSecurity(app, deps.config.publicUrl ? [new URL(deps.config.publicUrl).origin] : [])
  // Started before the database was ever reached: no schema to query yet, so the API says 503
  // (Retry-After) instead of failing on missing tables once PostgreSQL answers but before migrating.
  const schema = deps.schema
  if (schema) {
    app.addHook('onRequest', async (request) => {
      if (!schema.ready && request.url.startsWith('/api/')) throw new DatabaseNotReadyError()
    })
  }
  registerAuthHooks(app)

  // Liveness: the process answers. Readiness: it can serve data (a load balancer sends traffic).
  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    try {
      if (schema && !schema.ready) throw new DatabaseNotReadyError()
      await sql`SELECT 1`.execute(deps.db)
      return { status: 'ready', database: deps.dbKind }
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: deps.dbKind })
    }
  })

  await app.register(publicSiteRoutes, { prefix: '/api/public' })
  await app.register(authRoutes, { prefix: '/api/auth' })
  await app.register(accountSecurityRoutes, { prefix: '/api/auth' })
  await app.register(areaRoutes, { prefix: '/api/areas' })
  await app.register(personRoutes, { prefix: '/api/people' })
  await app.register(auditRoutes, { prefix: '/api/audit' })
  await app.register(overviewRoutes, { prefix: '/api/overview' })
  await app.register(codesRoutes, { prefix: '/api/codes' })
  await app.register(gateRoutes, { prefix: '/api/gate' })
  await app.register(platformRoutes, { prefix: '/api/health-platforms' })
  await app.register(ownVerifyRoutes, { prefix: '/api/hcode/v1' })
  await app.register(alertRoutes, { prefix: '/api/alerts' })
  await app.register(alertStreamRoutes, { prefix: '/api/alerts' })
  await app.register(returneeRoutes, { prefix: '/api/returnees' })
  await app.register(selfServiceRoutes, { prefix: '/api/self' })
  await app.register(isolationRoutes, { prefix: '/api/isolation-orders' })
  await app.register(deviceRoutes, { prefix: '/api/devices' })
  await app.register(consultationRoutes, { prefix: '/api/consultations' })
  await app.register(broadcastRoutes, { prefix: '/api/announcements' })
  await app.register(housingRoutes, { prefix: '/api/housing' })
  await app.register(enterpriseRoutes, { prefix: '/api/enterprise' })
  await app.register(recruitmentRoutes)
  await app.register(noticesRoutes, { prefix: '/api' })
  await app.register(subsidyRoutes, { prefix: '/api/subsidies' })
  await app.register(residentPublicRoutes, { prefix: '/api/public/me' })
  await app.register(residentLinkRoutes, { prefix: '/api/me-links' })

  // Registered even before the first build, and with a wildcard route, so a rebuilt UI is
  // served without a restart (hashed file names change on every build).
  mkdirSync(WEB_DIST, { recursive: true })
  await app.register(fastifyStatic, {
    root: WEB_DIST,
    wildcard: true,
    preCompressed: true,
    cacheControl: false,
    setHeaders: webCacheHeaders,
  })
  app.setNotFoundHandler((request, reply) => {
    // The web UI routes on the client: any non-API GET gets index.html.
    if (request.method === 'GET' && !request.url.startsWith('/api/') && existsSync(join(WEB_DIST, 'index.html'))) {
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html', WEB_DIST)
    }
    return handleNotFound(request, reply)
  })
  return app
}

/**
 * Vite names every built asset by its content hash: a phone may keep it for a year without asking
 * again. index.html and the service worker name those hashes, so they are revalidated each time.
 */
function webCacheHeaders(reply: FastifyReply, path: string): void {
  const inAssets = path.startsWith(join(WEB_DIST, 'assets') + sep)
  reply.header('cache-control', inAssets ? 'public, max-age=31536000, immutable' : 'no-cache')
}

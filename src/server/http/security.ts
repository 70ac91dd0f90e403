import type { FastifyInstance, FastifyRequest } from 'fastify'
import { DomainError } from '../errors.ts'

/**
 * What a public government site sends with every answer, and the one cross-site rule.
 *
 * The CSP is what the built UI needs and no more: scripts only from us (plus compiling the
 * zxing WebAssembly we serve), Ant Design's CSS-in-JS <style> elements, QR canvases as data:/blob:
 * images, the camera as a blob: stream, the offline scanner's service worker. Nobody may frame
 * us (clickjacking a gate decision or a payout). Tokens live in some public paths
 * (self-report links), so no Referer ever leaves.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Registers the headers and the cross-site request refusal.
 * @param allowedOrigins origins besides the request's own that may send state-changing requests (PUBLIC_URL's)
 */
export function registerSecurity(app: FastifyInstance, allowedOrigins: string[]) {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return
    if (isCrossSite(request, allowedOrigins)) throw new DomainError('CROSS_SITE_REQUEST', 403)
  })
  app.addHook('onSend', async (request, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY)
    reply.header('x-frame-options', 'DENY')
    reply.header('x-content-type-options', 'nosniff')
    reply.header('referrer-policy', 'no-referrer')
    reply.header('cross-origin-opener-policy', 'same-origin')
    reply.header('permissions-policy', 'camera=(self), microphone=(), geolocation=()')
    // Only over TLS: sent on plain http it would be ignored, and it must not pin a LAN address.
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains')
  })
}

/**
 * A browser says where a request comes from: Sec-Fetch-Site (every current browser) or else
 * Origin. Requests with neither are not from a browser page (curl, devices, API clients) and
 * carry no victim's cookie, so they pass; SameSite=Lax cookies alone do not stop a text/plain
 * form POST from a sibling site or an old browser.
 */
export function isCrossSite(request: Pick<FastifyRequest, 'headers' | 'protocol' | 'host'>, allowedOrigins: string[]): boolean {
  const fetchSite = request.headers['sec-fetch-site']
  if (fetchSite === 'same-origin' || fetchSite === 'none') return false
  const origin = request.headers.origin
  if (origin === undefined) return fetchSite !== undefined // 'same-site' / 'cross-site' without an Origin
  const own = `${request.protocol}://${request.host}`
  return origin !== own && !allowedOrigins.includes(origin)
}

/**
 * The service worker: keeps the app shell, its scripts and styles and the QR decoder's wasm on
 * the phone, so the gate scanner reloads without a network. API calls are never cached here:
 * the page itself decides what to do offline (cached trust list, queued scans in IndexedDB).
 *
 * vite.config.ts builds this file to /sw.js and replaces `self.__GL_PRECACHE` with the files
 * the gate page needs (hashed names), so a new build installs a new worker and cache.
 */

// The project compiles against the DOM library, not WebWorker: the few worker types used here.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void
}
interface FetchEvent extends ExtendableEvent {
  request: Request
  respondWith(response: Response | Promise<Response>): void
}
interface WorkerScope {
  __GL_PRECACHE: string[]
  location: Location
  skipWaiting(): Promise<void>
  clients: { claim(): Promise<void> }
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void
}
declare const self: WorkerScope

const PRECACHE: string[] = self.__GL_PRECACHE
const CACHE_PREFIX = 'gridline-shell-'
// File names carry content hashes, so the list's own hash names this build's cache.
const CACHE = CACHE_PREFIX + hash(PRECACHE.join(','))
const INDEX = '/index.html'
/** A navigation waits this long for the network before the cached shell is used (a gate on one bar). */
const NAVIGATION_TIMEOUT_MS = 3000

function hash(text: string): string {
  let h = 0
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0
  return (h >>> 0).toString(36)
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE).map((name) => caches.delete(name))),
      )
      .then(() => self.clients.claim()),
  )
})

function withTimeout(request: Request, ms: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms)
    fetch(request).then(
      (response) => {
        clearTimeout(timer)
        resolve(response)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error instanceof Error ? error : new Error(String(error)))
      },
    )
  })
}

/** Pages: the network first (fresh shell after a deploy), the cached shell when it fails. */
async function navigate(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE)
  try {
    const response = await withTimeout(request, NAVIGATION_TIMEOUT_MS)
    if (response.ok && response.headers.get('content-type')?.includes('text/html')) await cache.put(INDEX, response.clone())
    return response
  } catch {
    return (await cache.match(INDEX)) ?? Response.error()
  }
}

/** Hashed assets never change: the cache first, and whatever else is fetched is kept too. */
async function asset(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE)
  const cached = await cache.match(request)
  if (cached) return cached
  const response = await fetch(request)
  if (response.ok) await cache.put(request, response.clone())
  return response
}

self.addEventListener('fetch', (event) => {
  const { request } = event
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin) return
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/docs')) return
  if (request.mode === 'navigate') event.respondWith(navigate(request))
  else if (url.pathname.startsWith('/assets/')) event.respondWith(asset(request))
})

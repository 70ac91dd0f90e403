export { invalidatePlatformCache, queuePendingScan, readPlatformCode, reverifyPendingScans, startReverification } from './platforms.service.ts'
export { platformRoutes } from './platforms.routes.ts'

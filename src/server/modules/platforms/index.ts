export {
  invalidatePlatformCache,
  queuePendingScan,
  readPlatformCode,
  reverifyPendingScans,
  startReverification,
} from './platforms.service.ts'
export { platformRoutes } from './platforms.routes.ts'
export { DEMO_PLATFORMS, seedHealthPlatforms, startDemoPlatform, type DemoPlatformKey } from './demo-platforms.ts'
export { startHealthPlatformSimulator, SIMULATOR_MODES, type HealthPlatformSimulator } from './platform-simulator.ts'
export { ownVerifyRoutes } from './own-verify.routes.ts'

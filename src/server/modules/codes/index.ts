/** What other modules use of the codes module (STYLE.md: cross-module imports go through index.ts). */
export { currentHealthStatus, healthHistory } from './health-history.service.ts'
export { applyHealthStatuses, type ColourChange, type ColourOrigin } from './health-status.service.ts'

/** What other modules use of the resident module (STYLE.md: cross-module imports go through index.ts). */
export { residentLinkRoutes, residentPublicRoutes } from './resident.routes.ts'

/** What other modules use of the house-code module (STYLE.md: cross-module imports go through index.ts). */
export { housingRoutes } from './housing.routes.ts'
export { applyOccupancyRule } from './gate-occupancy.ts'
export { isAcceptedOccupant } from './occupancy.repository.ts'
export { housingNumbers, ZERO_HOUSING, type HousingNumbers } from './reports.service.ts'
export { installSmsGateway, outboxSmsGateway, smsGateway, type SmsGateway, type SmsMessage } from './sms-gateway.ts'

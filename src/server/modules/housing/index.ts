/** What other modules use of the house-code module (STYLE.md: cross-module imports go through index.ts). */
export { housingRoutes } from './housing.routes.ts'
export { applyOccupancyRule } from './gate-occupancy.ts'
export { currentHomeOf, isAcceptedOccupant } from './occupancy.repository.ts'
export { readTable, writeCsv } from './table-file.ts'
export { installSmsGateway, outboxSmsGateway, smsGateway, type SmsGateway, type SmsMessage } from './sms-gateway.ts'
export { maskName } from './registration.service.ts'

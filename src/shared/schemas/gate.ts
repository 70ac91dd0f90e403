import { z } from 'zod'

export const GATE_DECISIONS = ['admit', 'admit_escort', 'home_isolation', 'centralised_isolation', 'refuse'] as const
export type GateDecision = (typeof GATE_DECISIONS)[number]

export const HEALTH_COLOURS = ['green', 'yellow', 'red'] as const
export type HealthColour = (typeof HEALTH_COLOURS)[number]

/** The guard's comparison of the code's holder with the person: 本人核验 or 非本人. */
export const IDENTITY_CHECKS = ['confirmed', 'not_holder'] as const
export type IdentityCheck = (typeof IDENTITY_CHECKS)[number]

/**
 * How far a scan's time may lie from its arrival at the server: an offline queue may upload up
 * to 72 h late; a phone clock may run a little fast. Outside, the scan is refused (docs/CODES.md §2).
 */
export const SCAN_MAX_AGE_MS = 72 * 3600 * 1000
export const SCAN_MAX_AHEAD_MS = 5 * 60 * 1000

/** 37.3 °C and above is abnormal (PRODUCT.md §2). */
export const FEVER_THRESHOLD_C = 37.3

/** One scan at a gate, as the scanner sends it (also when uploading its offline queue). */
export const gateScanBodySchema = z.object({
  clientScanId: z.uuid(),
  checkpointId: z.uuid(),
  deviceId: z.string().trim().min(1).max(64),
  healthCode: z.string().trim().min(1).max(4096),
  houseCode: z.string().trim().min(1).max(4096).optional(),
  temperature: z.number().min(30).max(45).optional(),
  /** When the guard scanned; defaults to arrival time. An offline queue sends the real time. */
  scannedAt: z.iso.datetime({ offset: true }).optional(),
  /** The identity step: 本人核验 (confirmed) or 非本人 (not_holder, refused). Absent when not asked. */
  identityCheck: z.enum(IDENTITY_CHECKS).optional(),
})
export type GateScanBody = z.infer<typeof gateScanBodySchema>

export const gateDecisionSchema = z.object({
  passageId: z.uuid(),
  clientScanId: z.uuid(),
  decision: z.enum(GATE_DECISIONS),
  /** Machine codes: HEALTH_GREEN, HEALTH_YELLOW, FEVER, CODE_BAD_SIGNATURE, HOUSE_OCCUPANT… */
  reasons: z.array(z.string()),
  colour: z.enum(HEALTH_COLOURS).nullable(),
  personName: z.string().nullable(),
  temperature: z.number().nullable(),
  scannedAt: z.string(),
  identityCheck: z.enum(IDENTITY_CHECKS).nullable(),
  /** true when this scan id had been received before: the stored decision is returned. */
  duplicate: z.boolean(),
})
export type GateDecisionResult = z.infer<typeof gateDecisionSchema>

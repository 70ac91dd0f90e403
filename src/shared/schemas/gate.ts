import { z } from 'zod'

export const GATE_DECISIONS = ['admit', 'admit_escort', 'home_isolation', 'centralised_isolation', 'refuse'] as const
export type GateDecision = (typeof GATE_DECISIONS)[number]

export const HEALTH_COLOURS = ['green', 'yellow', 'red'] as const
export type HealthColour = (typeof HEALTH_COLOURS)[number]

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
  /** true when this scan id had been received before: the stored decision is returned. */
  duplicate: z.boolean(),
})
export type GateDecisionResult = z.infer<typeof gateDecisionSchema>

import { z } from 'zod'

export const GATE_DECISIONS = ['admit', 'admit_escort', 'home_isolation', 'centralised_isolation', 'refuse'] as const
export type GateDecision = (typeof GATE_DECISIONS)[number]

export const HEALTH_COLOURS = ['green', 'yellow', 'red'] as const
export type HealthColour = (typeof HEALTH_COLOURS)[number]

/** The guard's comparison of the code's holder with the person: 本人核验 or 非本人. */
export const IDENTITY_CHECKS = ['confirmed', 'not_holder'] as const
export type IdentityCheck = (typeof IDENTITY_CHECKS)[number]

/** What a checkpoint does when another province's platform cannot answer (issue 20). */
export const UNVERIFIED_POLICIES = ['refuse', 'admit_manual'] as const
export type UnverifiedPolicy = (typeof UNVERIFIED_POLICIES)[number]

/** The proof a guard checked by hand while the code waits for verification (待核验). */
export const MANUAL_PROOFS = ['paper', 'phone'] as const
export type ManualProof = (typeof MANUAL_PROOFS)[number]

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
  /** 待核验 under an admit_manual checkpoint: the proof the guard checked by hand */
  manualProof: z.enum(MANUAL_PROOFS).optional(),
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
  /** the other province's platform that verified the code online */
  verifiedOnlineBy: z.string().nullable(),
  /** 待核验: the platform could not answer; the scan is verified again when it does */
  pendingVerification: z.boolean(),
  manualProof: z.enum(MANUAL_PROOFS).nullable(),
  /** true when this scan id had been received before: the stored decision is returned. */
  duplicate: z.boolean(),
})
export type GateDecisionResult = z.infer<typeof gateDecisionSchema>

/** A code read before the identity step: whose it is and what its colour is, nothing logged. */
export const gateLookupBodySchema = z.object({ checkpointId: z.uuid(), healthCode: z.string().trim().min(1).max(4096) })
export const gateLookupSchema = z.object({
  valid: z.boolean(),
  reason: z.string(),
  colour: z.enum(HEALTH_COLOURS).nullable(),
  holder: z
    .object({ name: z.string(), idType: z.string().optional(), idTail: z.string().optional(), birthDate: z.string().optional() })
    .nullable(),
  verifiedOnlineBy: z.string().nullable(),
  pendingVerification: z.boolean(),
  unverifiedPolicy: z.enum(UNVERIFIED_POLICIES),
})
export type GateLookup = z.infer<typeof gateLookupSchema>

import { z } from 'zod'
import { pageQuerySchema } from './common.ts'
import { PAYMENT_STATES, batchSchema } from './subsidies.ts'

/** Payout batches in detail: the batch with each payment instruction (one per application and attempt). */

export const batchPaymentSchema = z.object({
  /** The instruction id of the bank file. */
  id: z.uuid(),
  applicationId: z.uuid(),
  applicationNumber: z.string(),
  enterpriseName: z.string(),
  policyCode: z.string(),
  policyTitle: z.string(),
  /** 1 for the first payment of an application, 2 for its first retry… */
  attempt: z.number(),
  state: z.enum(PAYMENT_STATES),
  amountFen: z.number(),
  payeeAccountName: z.string(),
  payeeBankName: z.string(),
  /** Only the last four digits are shown; the full number is only in the bank file. */
  payeeAccountNoMasked: z.string(),
  bankReference: z.string().nullable(),
  failureReason: z.string().nullable(),
  settledAt: z.string().nullable(),
})
export type BatchPayment = z.infer<typeof batchPaymentSchema>

/** One import of the bank's result file: who, when, which file (SHA-256) and what it changed. */
export const resultImportSchema = z.object({
  id: z.uuid(),
  importedAt: z.string(),
  importedByName: z.string().nullable(),
  fileSha256: z.string(),
  rows: z.number(),
  paid: z.number(),
  failed: z.number(),
  unchanged: z.number(),
  errors: z.number(),
})
export type ResultImport = z.infer<typeof resultImportSchema>

export const batchDetailSchema = batchSchema.extend({
  note: z.string().nullable(),
  /** The creating account: the one officer who may not approve the batch. */
  createdBy: z.uuid().nullable(),
  createdByName: z.string().nullable(),
  approvedByName: z.string().nullable(),
  paymentList: z.array(batchPaymentSchema),
  resultImports: z.array(resultImportSchema),
})
export type BatchDetail = z.infer<typeof batchDetailSchema>

/** Applications ready to be paid (approved, or failed and waiting for a retry). */
export const payableQuerySchema = pageQuerySchema.extend({
  policyId: z.uuid().optional(),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
})

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

export const batchDetailSchema = batchSchema.extend({
  note: z.string().nullable(),
  createdByName: z.string().nullable(),
  paymentList: z.array(batchPaymentSchema),
})
export type BatchDetail = z.infer<typeof batchDetailSchema>

/** Applications ready to be paid (approved, or failed and waiting for a retry). */
export const payableQuerySchema = pageQuerySchema.extend({
  policyId: z.uuid().optional(),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
})

import type { DbOrTrx } from '../../db/database.ts'

/**
 * Queues a notice in the outbox (in the same transaction as what caused it). The in-app list
 * reads it; an SMS gateway adapter, when configured, delivers it.
 */
export async function notify(
  db: DbOrTrx,
  input: { areaId: string; kind: string; body: string; recipientPersonId?: string | null; recipientAccountId?: string | null; now: Date },
): Promise<void> {
  await db
    .insertInto('notification')
    .values({
      area_id: input.areaId,
      kind: input.kind,
      body: input.body,
      recipient_person_id: input.recipientPersonId ?? null,
      recipient_account_id: input.recipientAccountId ?? null,
      created_at: input.now,
      read_at: null,
    })
    .execute()
}

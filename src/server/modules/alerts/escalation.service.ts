import { sql } from 'kysely'
import type { AreaLevel } from '../../../shared/areas.ts'
import type { Role } from '../../../shared/roles.ts'
import type { Db } from '../../db/database.ts'
import { updateInScope, WHOLE_TREE } from '../../db/scope.ts'
import { announceAlertChange } from './alert-events.ts'

/** How long an alert may stay unacknowledged at each level before it goes up. */
export interface EscalationPolicy {
  /** grid worker → village cadre, counted from when the alert was raised */
  toCadreAfterMs: number
  /** village cadre → street, counted from the first escalation */
  toStreetAfterMs: number
}

/** Who hears of an alert at each level: the village's cadres, then the street's staff. */
const RECIPIENTS: Record<1 | 2, { roles: Role[]; levels: AreaLevel[] }> = {
  1: { roles: ['village_cadre'], levels: ['village', 'grid'] },
  2: { roles: ['admin', 'leader', 'health_officer', 'village_cadre', 'grid_worker'], levels: ['street'] },
}

/**
 * Escalates every open (unacknowledged) alert whose delay has passed, one level per call, and
 * queues an in-app notice to the accounts of the new level whose area contains the alert's.
 * Safe to run from several processes: each UPDATE moves an alert from one level to the next once.
 * @param now the clock (tests pass their own)
 * @returns how many alerts went up a level
 */
export async function escalateOverdueAlerts(db: Db, policy: EscalationPolicy, now: Date): Promise<number> {
  let moved = 0
  for (const level of [1, 2] as const) {
    const deadline = new Date(now.getTime() - (level === 1 ? policy.toCadreAfterMs : policy.toStreetAfterMs))
    moved += await db.transaction().execute(async (trx) => {
      const rows = await updateInScope(trx, WHOLE_TREE, 'alert')
        .set({ escalation_level: level, escalated_at: now })
        .where('alert.status', '=', 'open')
        .where('alert.escalation_level', '=', level - 1)
        .where(level === 1 ? 'alert.created_at' : 'alert.escalated_at', '<=', deadline)
        .returning(['alert.id', 'alert.area_id', 'alert.kind'])
        .execute()
      for (const row of rows) {
        await trx
          .insertInto('alert_event')
          .values({
            alert_id: row.id,
            area_id: row.area_id,
            action: 'escalated',
            account_id: null,
            escalation_level: level,
            note: null,
            at: now,
          })
          .execute()
        const { roles, levels } = RECIPIENTS[level]
        // Accounts whose area node is the alert's node or one above it, at the level's tier.
        await trx
          .insertInto('notification')
          .columns(['area_id', 'recipient_account_id', 'kind', 'body', 'created_at'])
          .expression((eb) =>
            eb
              .selectFrom('account')
              .innerJoin('area as home', 'home.id', 'account.area_id')
              .innerJoin('area as target', (join) => join.on('target.id', '=', row.area_id))
              .select([
                eb.val(row.area_id).as('area_id'),
                'account.id',
                eb.val('alert_escalated').as('kind'),
                eb.val(`alert ${row.kind} escalated to level ${level}`).as('body'),
                eb.val(now).as('created_at'),
              ])
              .where('account.role', 'in', roles)
              .where('account.disabled', '=', false)
              .where('home.level', 'in', levels)
              .where(sql<boolean>`target.path LIKE home.path || '%'`),
          )
          .execute()
        await announceAlertChange(trx, row.id, 'escalated')
      }
      return rows.length
    })
  }
  return moved
}

import type { AlertView } from '../../../shared/schemas/alerts.ts'
import { selectInScope, updateInScope } from '../../db/scope.ts'
import type { DbOrTrx } from '../../db/database.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { AlertAlreadyHandledError } from './alert-actions.errors.ts'
import { announceAlertChange } from './alert-events.ts'
import { alertRowToView } from './alert-view.ts'
import { selectAlertViews } from './alerts.repository.ts'

const ENTITY = 'alert'

function findAlertInScope(db: DbOrTrx, actor: Actor, id: string) {
  return selectAlertViews(db, actor).select('alert.area_id').where('alert.id', '=', id).executeTakeFirst()
}

/**
 * Acknowledges an alert: the grid worker has seen it and is on it, so it stops escalating.
 * Acknowledging twice changes nothing.
 * @throws NotFoundError outside scope; AlertAlreadyHandledError
 */
export async function acknowledgeAlert(
  deps: Deps,
  actor: Actor,
  id: string,
  note: string | undefined,
  now = new Date(),
): Promise<AlertView> {
  return deps.db.transaction().execute(async (trx) => {
    const updated = await updateInScope(trx, actor, 'alert')
      .set({ status: 'acknowledged', acknowledged_at: now, acknowledged_by: actor.account.id, ...(note ? { note } : {}) })
      .where('alert.id', '=', id)
      .where('alert.status', '=', 'open')
      .returning(['alert.id', 'alert.area_id'])
      .executeTakeFirst()
    const row = await findAlertInScope(trx, actor, id)
    if (!row) throw new NotFoundError(ENTITY)
    if (!updated && row.status === 'handled') throw new AlertAlreadyHandledError()
    if (updated) {
      await trx
        .insertInto('alert_event')
        .values({
          alert_id: id,
          area_id: row.area_id,
          action: 'acknowledged',
          account_id: actor.account.id,
          escalation_level: null,
          note: note ?? null,
          at: now,
        })
        .execute()
      await announceAlertChange(trx, id, 'acknowledged')
    }
    return alertRowToView(row)
  })
}

/**
 * Closes an alert with what was done; an unacknowledged one counts as acknowledged now. The
 * next problem of the same kind for the same person raises a new alert.
 * @throws NotFoundError outside scope; AlertAlreadyHandledError
 */
export async function handleAlert(deps: Deps, actor: Actor, id: string, note: string, now = new Date()): Promise<AlertView> {
  return deps.db.transaction().execute(async (trx) => {
    const updated = await updateInScope(trx, actor, 'alert')
      .set((eb) => ({
        status: 'handled',
        handled_at: now,
        handled_by: actor.account.id,
        note,
        acknowledged_at: eb.fn.coalesce('alert.acknowledged_at', eb.val(now)),
        acknowledged_by: eb.fn.coalesce('alert.acknowledged_by', eb.val(actor.account.id)),
      }))
      .where('alert.id', '=', id)
      .where('alert.status', '<>', 'handled')
      .returning('alert.id')
      .executeTakeFirst()
    const row = await findAlertInScope(trx, actor, id)
    if (!row) throw new NotFoundError(ENTITY)
    if (!updated) throw new AlertAlreadyHandledError()
    await trx
      .insertInto('alert_event')
      .values({
        alert_id: id,
        area_id: row.area_id,
        action: 'handled',
        account_id: actor.account.id,
        escalation_level: null,
        note,
        at: now,
      })
      .execute()
    await announceAlertChange(trx, id, 'handled')
    if (row.person_id) await recordAudit(trx, actor, 'update', 'person', [{ id: row.person_id, areaId: row.area_id }])
    return alertRowToView(row)
  })
}

/** The history of an alert: acknowledgements, escalations, handling notes. @throws NotFoundError */
export async function listAlertEvents(deps: Deps, actor: Actor, id: string) {
  const alert = await findAlertInScope(deps.db, actor, id)
  if (!alert) throw new NotFoundError(ENTITY)
  const rows = await selectInScope(deps.db, actor, 'alert_event')
    .leftJoin('account', 'account.id', 'alert_event.account_id')
    .select(['alert_event.action', 'alert_event.note', 'alert_event.escalation_level', 'alert_event.at', 'account.display_name'])
    .where('alert_event.alert_id', '=', id)
    .orderBy('alert_event.at')
    .execute()
  return rows.map((r) => ({
    action: r.action,
    note: r.note,
    escalationLevel: r.escalation_level,
    at: r.at.toISOString(),
    by: r.display_name,
  }))
}

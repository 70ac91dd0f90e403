import type { z } from 'zod'
import type { Locale } from '../../../shared/messages.ts'
import type { applicationDecisionSchema } from '../../../shared/schemas/subsidies.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { isUniqueViolation } from '../enterprise/enterprise.errors.ts'
import { viewerOf } from '../enterprise/viewer.ts'
import { getApplication } from './applications.service.ts'
import * as repo from './applications.repository.ts'
import { commitAmount } from './policies.repository.ts'
import {
  ApplicationStateError,
  BudgetExhaustedError,
  LevelAlreadyDecidedError,
  OwnFilingError,
  SameOfficerError,
} from './subsidies.errors.ts'

type DecisionInput = z.output<typeof applicationDecisionSchema>

/**
 * An officer decides the pending level of an application in their scope. Approving the last
 * level commits the amount against the policy budget in the same transaction: when the budget
 * cannot cover it nothing changes (409). Four eyes: one officer approves one level per round, and
 * never an application they filed or refiled in this round.
 * @throws NotFoundError outside scope, ApplicationStateError, LevelAlreadyDecidedError, SameOfficerError, OwnFilingError, BudgetExhaustedError
 */
export async function decideApplication(deps: Deps, actor: Actor, id: string, input: DecisionInput, locale: Locale, now = new Date()) {
  const viewer = await viewerOf(deps.db, actor)
  try {
    await deps.db.transaction().execute(async (trx) => {
      const app = await repo.lockApplication(trx, viewer, id)
      if (!app) throw new NotFoundError('application')
      if (app.state !== 'submitted') {
        // A level this round already passed (another officer was quicker) reads as "already decided".
        if (input.level <= app.levels && (app.state === 'approved' || app.state === 'returned' || app.state === 'rejected'))
          throw new LevelAlreadyDecidedError()
        throw new ApplicationStateError(app.state, input.decision)
      }
      if (input.level !== app.pending_level) throw new LevelAlreadyDecidedError()
      const event = {
        applicationId: id,
        areaId: app.area_id,
        round: app.round,
        level: input.level,
        actorAccountId: actor.account.id,
        note: input.note ?? null,
      }

      if (input.decision === 'approve') {
        if (await repo.approvedBy(trx, id, app.round, actor.account.id)) throw new SameOfficerError()
        // Four eyes also between filing and approving: whoever wrote this round's payee and amount
        // (an officer filing for an enterprise) must leave the approval to someone else.
        if (await repo.filedBy(trx, id, app.round, actor.account.id)) throw new OwnFilingError()
        await repo.insertEvent(trx, { ...event, action: 'approve' })
        if (input.level < app.levels) {
          await repo.updateApplication(trx, id, { pending_level: input.level + 1 })
        } else {
          if (!(await commitAmount(trx, app.policy_id, Number(app.amount_fen)))) throw new BudgetExhaustedError()
          await repo.updateApplication(trx, id, { state: 'approved', pending_level: null, approved_at: now })
        }
      } else {
        await repo.insertEvent(trx, { ...event, action: input.decision })
        await repo.updateApplication(trx, id, { state: input.decision === 'return' ? 'returned' : 'rejected', pending_level: null })
      }
      await recordAudit(trx, actor, 'update', 'subsidy_application', [{ id, areaId: app.area_id }])
    })
  } catch (error) {
    // Two approvals raced past the checks above: the unique indexes decide.
    if (isUniqueViolation(error, 'subsidy_application_event_one_level_per_officer')) throw new SameOfficerError()
    if (isUniqueViolation(error, 'subsidy_application_event_level_once')) throw new LevelAlreadyDecidedError()
    if (
      (error as { code?: string }).code === '23514' &&
      String((error as Error).message).includes('subsidy_policy_budget_not_overcommitted')
    )
      throw new BudgetExhaustedError()
    throw error
  }
  return getApplication(deps, actor, id, locale)
}

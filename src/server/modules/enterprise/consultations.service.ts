import type { z } from 'zod'
import type { Consultation, conclusionInputSchema, consultationInputSchema } from '../../../shared/schemas/enterprise-experts.ts'
import { ROLES_RUNNING_EXPERT_SERVICE } from '../../../shared/roles.ts'
import type { Deps } from '../../deps.ts'
import { ForbiddenError, NotFoundError } from '../../errors.ts'
import type { Actor } from '../auth/actor.ts'
import { notify } from '../notify/notify.service.ts'
import { ConsultationConcludedError, NotTeamMemberError } from './enterprise.errors.ts'
import * as repo from './experts.repository.ts'
import { findProblem, insertEvent } from './problems.repository.ts'
import { requireEnterprise } from './registry.service.ts'
import { findMember } from './teams.repository.ts'
import { isStaff, viewerOf, type Viewer } from './viewer.ts'

async function toConsultations(deps: Deps, rows: repo.ConsultationRow[]): Promise<Consultation[]> {
  const ids = rows.map((r) => r.id)
  const [members, actions] = await Promise.all([repo.listConsultationMembers(deps.db, ids), repo.listPanelActions(deps.db, ids)])
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    problemId: r.problem_id,
    topic: r.topic,
    scheduledAt: r.scheduled_at.toISOString(),
    videoLink: r.video_link,
    status: r.status,
    notes: r.notes,
    conclusion: r.conclusion,
    members: members
      .filter((m) => m.consultation_id === r.id)
      .map((m) => ({ id: m.id, name: m.name, title: m.title, teamName: m.team_name })),
    actions: actions
      .filter((a) => a.consultation_id === r.id)
      .map((a) => ({ id: a.id, description: a.description, ownerName: a.owner_name, dueOn: a.due_on })),
  }))
}

/**
 * Convenes a remote consultation (远程问诊: one expert over a video link) or a panel review of a
 * hard case (集中会诊: several experts). The experts must belong to teams serving the enterprise.
 * @throws NotFoundError for an unknown enterprise, problem or expert; ForbiddenError for other roles
 */
export async function createConsultation(deps: Deps, actor: Actor, input: z.output<typeof consultationInputSchema>): Promise<Consultation> {
  const viewer = await viewerOf(deps.db, actor)
  if (!ROLES_RUNNING_EXPERT_SERVICE.includes(viewer.role)) throw new ForbiddenError()
  if (!input.enterpriseId) throw new NotFoundError('enterprise')
  const enterpriseId = input.enterpriseId
  const id = await deps.db.transaction().execute(async (trx) => {
    const enterprise = await requireEnterprise(trx, viewer, enterpriseId)
    if (input.problemId) {
      const problem = await findProblem(trx, viewer, input.problemId)
      if (!problem || problem.enterprise_id !== enterprise.id) throw new NotFoundError('problem')
    }
    const memberIds = [...new Set(input.memberIds)]
    const members = []
    for (const memberId of memberIds) members.push(await findMember(trx, { areaPath: enterprise.area_path }, memberId))
    if (members.some((m) => m?.role !== 'expert')) throw new NotFoundError('expert')
    const { id } = await repo.insertConsultation(trx, {
      kind: input.kind,
      enterprise_id: enterprise.id,
      area_id: enterprise.area_id,
      problem_id: input.problemId ?? null,
      topic: input.topic,
      scheduled_at: new Date(input.scheduledAt),
      video_link: input.videoLink ?? null,
      status: 'scheduled',
      notes: null,
      conclusion: null,
      created_by: actor.account.id,
    })
    await trx
      .insertInto('expert_consultation_member')
      .values(memberIds.map((member_id) => ({ consultation_id: id, member_id })))
      .execute()
    for (const member of members) {
      if (member?.account_id) {
        await notify(trx, {
          areaId: enterprise.area_id,
          kind: `expert_${input.kind}_consultation`,
          recipientAccountId: member.account_id,
          body: `${enterprise.name}：${input.topic}`,
          now: new Date(),
        })
      }
    }
    return id
  })
  return (await toConsultations(deps, [(await repo.findConsultation(deps.db, viewer, id))!]))[0]!
}

/**
 * Records the conclusion of a consultation and the actions it assigns (a participating expert or
 * staff). When it concerns a problem, the conclusion goes into the problem's history.
 * @throws ConsultationConcludedError, NotTeamMemberError
 */
export async function concludeConsultation(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof conclusionInputSchema>,
  now = new Date(),
): Promise<Consultation> {
  const viewer = await viewerOf(deps.db, actor)
  const row = await repo.findConsultation(deps.db, viewer, id)
  if (!row) throw new NotFoundError('consultation')
  const members = await repo.listConsultationMembers(deps.db, [id])
  if (!isStaff(viewer) && !members.some((m) => m.account_id === viewer.accountId)) throw new NotTeamMemberError()
  await deps.db.transaction().execute(async (trx) => {
    const changed = await repo.concludeConsultation(trx, actor, id, {
      notes: input.notes ?? null,
      conclusion: input.conclusion,
      concluded_by: actor.account.id,
      concluded_at: now,
    })
    if (!changed) throw new ConsultationConcludedError()
    if (input.actions.length) {
      await trx
        .insertInto('expert_panel_action')
        .values(
          input.actions.map((a) => ({
            consultation_id: id,
            description: a.description,
            owner_account_id: a.ownerAccountId ?? null,
            due_on: a.dueOn ?? null,
          })),
        )
        .execute()
    }
    if (row.problem_id) {
      await insertEvent(trx, {
        problem_id: row.problem_id,
        area_id: row.area_id,
        action: `${row.kind}_consultation`,
        from_state: null,
        to_state: null,
        actor_account_id: actor.account.id,
        at: now,
        note: input.conclusion,
      })
    }
  })
  return (await toConsultations(deps, [(await repo.findConsultation(deps.db, viewer, id))!]))[0]!
}

/** Consultations in reach: an enterprise its own, others those in their area. */
export async function listConsultations(deps: Deps, actor: Actor): Promise<Consultation[]> {
  const viewer: Viewer = await viewerOf(deps.db, actor)
  return toConsultations(deps, await repo.listConsultations(deps.db, viewer, 200))
}

import { sql } from 'kysely'
import type { Posting, PostingData } from '../../../shared/schemas/recruitment.ts'
import type { DbOrTrx } from '../../db/database.ts'
import { selectInScope } from '../../db/scope.ts'
import type { Deps } from '../../deps.ts'
import { ForbiddenError, NotFoundError } from '../../errors.ts'
import type { Actor } from '../auth/actor.ts'
import { EnterpriseNeededError } from './recruitment.errors.ts'
import { recruitmentViewerOf, type RecruitmentViewer } from './viewer.ts'

/** Postings the viewer may see: an enterprise its own, staff those of enterprises in their area. */
function selectPostings(db: DbOrTrx, viewer: RecruitmentViewer) {
  const base = viewer.enterpriseId
    ? db.selectFrom('job_posting').where('job_posting.enterprise_id', '=', viewer.enterpriseId)
    : selectInScope(db, viewer, 'job_posting')
  return base
    .innerJoin('enterprise', 'enterprise.id', 'job_posting.enterprise_id')
    .selectAll('job_posting')
    .select('enterprise.name as enterprise_name')
    .select((eb) => [
      eb
        .selectFrom('recruitment_signup')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('recruitment_signup.job_posting_id', '=', 'job_posting.id')
        .where('recruitment_signup.state', '<>', 'withdrawn')
        .as('signups'),
      eb
        .selectFrom('recruitment_hire')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('recruitment_hire.job_posting_id', '=', 'job_posting.id')
        .as('hires'),
    ])
}

type PostingRowWithCounts = Awaited<ReturnType<ReturnType<typeof selectPostings>['execute']>>[number]

function toPosting(row: PostingRowWithCounts): Posting {
  return {
    id: row.id,
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    title: row.title,
    positions: row.positions,
    wageMinFen: Number(row.wage_min_fen),
    wageMaxFen: Number(row.wage_max_fen),
    location: row.location,
    requirements: row.requirements,
    state: row.state,
    signups: Number(row.signups ?? 0),
    hires: Number(row.hires ?? 0),
    createdAt: row.created_at.toISOString(),
  }
}

export async function listPostings(deps: Deps, actor: Actor): Promise<{ items: Posting[] }> {
  const viewer = await recruitmentViewerOf(deps.db, actor)
  const rows = await selectPostings(deps.db, viewer)
    .orderBy('job_posting.state', 'desc')
    .orderBy('job_posting.created_at', 'desc')
    .execute()
  return { items: rows.map(toPosting) }
}

async function getPosting(db: DbOrTrx, viewer: RecruitmentViewer, id: string): Promise<Posting> {
  const row = await selectPostings(db, viewer).where('job_posting.id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('job posting')
  return toPosting(row)
}

/** The enterprise a posting is written for: the account's own, or (staff) one in their area. */
async function postingEnterprise(db: DbOrTrx, viewer: RecruitmentViewer, enterpriseId: string | undefined) {
  if (viewer.role === 'leader') throw new ForbiddenError()
  const id = viewer.enterpriseId ?? enterpriseId
  if (!id) throw new EnterpriseNeededError()
  const query = viewer.enterpriseId ? db.selectFrom('enterprise') : selectInScope(db, viewer, 'enterprise')
  const enterprise = await query.select(['enterprise.id', 'enterprise.area_id']).where('enterprise.id', '=', id).executeTakeFirst()
  if (!enterprise) throw new NotFoundError('enterprise')
  return enterprise
}

/**
 * Posts a job. @throws EnterpriseNeededError (staff without enterpriseId), NotFoundError
 */
export async function createPosting(deps: Deps, actor: Actor, input: PostingData): Promise<Posting> {
  const viewer = await recruitmentViewerOf(deps.db, actor)
  const enterprise = await postingEnterprise(deps.db, viewer, input.enterpriseId)
  const row = await deps.db
    .insertInto('job_posting')
    .values({
      enterprise_id: enterprise.id,
      area_id: enterprise.area_id,
      title: input.title,
      positions: input.positions,
      wage_min_fen: input.wageMinFen,
      wage_max_fen: input.wageMaxFen,
      location: input.location,
      requirements: input.requirements || null,
      state: input.state,
      created_by: actor.account.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return getPosting(deps.db, viewer, row.id)
}

/** Edits a posting (also opens or closes it); the enterprise stays. @throws NotFoundError */
export async function updatePosting(deps: Deps, actor: Actor, id: string, input: PostingData): Promise<Posting> {
  const viewer = await recruitmentViewerOf(deps.db, actor)
  if (viewer.role === 'leader') throw new ForbiddenError()
  await getPosting(deps.db, viewer, id)
  await deps.db
    .updateTable('job_posting')
    .set({
      title: input.title,
      positions: input.positions,
      wage_min_fen: input.wageMinFen,
      wage_max_fen: input.wageMaxFen,
      location: input.location,
      requirements: input.requirements || null,
      state: input.state,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute()
  return getPosting(deps.db, viewer, id)
}

/** Enterprises of the caller's area that staff may post for (names only, for the form). */
export async function listPostingEnterprises(deps: Deps, actor: Actor): Promise<{ items: { id: string; name: string }[] }> {
  const rows = await selectInScope(deps.db, actor, 'enterprise')
    .select(['enterprise.id', 'enterprise.name'])
    .orderBy('enterprise.name')
    .limit(500)
    .execute()
  return { items: rows }
}

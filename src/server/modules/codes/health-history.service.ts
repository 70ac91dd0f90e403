import type { HealthHistory } from '../../../shared/schemas/codes.ts'
import type { HealthColour } from '../../../shared/schemas/gate.ts'
import type { DbOrTrx } from '../../db/database.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { findPersonById } from '../people/person.repository.ts'
import type { HealthStatusSource } from './health-status.service.ts'
import { listEvents, listHealthCodes } from './health-status.repository.ts'

/** How much history one read returns: a year of daily codes, and colour changes well beyond. */
const HISTORY_LIMIT = 400

/**
 * A person's colour now and when it was last set; no scope check (callers check who may ask).
 * @returns null before the health authority has given a colour
 * @example const status = await currentHealthStatus(db, personId) // { colour: 'green', setAt: Date, source: 'import' }
 */
export async function currentHealthStatus(
  db: DbOrTrx,
  personId: string,
): Promise<{ colour: HealthColour; setAt: Date; source: HealthStatusSource } | null> {
  const row = await db
    .selectFrom('health_status')
    .select(['colour', 'updated_at', 'source'])
    .where('person_id', '=', personId)
    .executeTakeFirst()
  return row ? { colour: row.colour, setAt: row.updated_at, source: row.source } : null
}

/**
 * A person's colour, its changes and their health codes, for the health officer's screen; the
 * read is audited (it is health data).
 * @throws NotFoundError outside scope
 */
export async function healthHistory(deps: Deps, actor: Actor, personId: string): Promise<HealthHistory> {
  const person = await findPersonById(deps.db, actor, personId)
  if (!person) throw new NotFoundError('person')
  const [current, events, codes] = await Promise.all([
    currentHealthStatus(deps.db, person.id),
    listEvents(deps.db, person.id, HISTORY_LIMIT),
    listHealthCodes(deps.db, person.id, HISTORY_LIMIT),
  ])
  await recordAudit(deps.db, actor, 'read', 'health_status', [{ id: person.id, areaId: person.area_id }])
  return {
    current: current && { colour: current.colour, setAt: current.setAt.toISOString(), source: current.source },
    events: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      from: e.from_colour,
      to: e.to_colour,
      source: e.source,
      by: e.source === 'api' ? e.client_name : e.display_name,
      fileName: e.file_name,
      line: e.line,
      reason: e.reason,
    })),
    codes: codes.map((c) => ({
      cti: c.cti,
      colour: c.colour,
      issuedAt: c.issued_at.toISOString(),
      expiresAt: c.expires_at.toISOString(),
      revokedAt: c.revoked_at?.toISOString() ?? null,
      revokeReason: c.revoke_reason,
      revokedBy: c.revoked_by_name,
    })),
  }
}

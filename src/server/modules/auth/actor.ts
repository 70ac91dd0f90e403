import type { SessionAccount } from '../../../shared/schemas/auth.ts'
import type { Scope } from '../../db/scope.ts'

/** Who is acting, from where: built once per request from the session, passed to services. */
export interface Actor extends Scope {
  readonly account: SessionAccount
  readonly ip: string
}

/** The actor for work started outside a request (CLI, seed, scheduled jobs): sees a whole area. */
export function systemActor(account: SessionAccount): Actor {
  return { account, areaPath: account.areaPath, ip: 'local' }
}

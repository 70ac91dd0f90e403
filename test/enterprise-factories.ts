import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { creditCodeCheckCharacter } from '../src/shared/schemas/enterprise-credit-code.ts'
import type { EnterpriseInput } from '../src/shared/schemas/enterprise.ts'
import type { Deps } from '../src/server/deps.ts'
import { sessionIdOf } from '../src/server/modules/auth/auth.service.ts'
import { createAreaTree, createTestAccount, login } from './factories.ts'

let serial = 0
/**
 * A valid unified social credit code, different on each call.
 * @example creditCode() // '91330382MA2C00001' + check character
 */
export function creditCode(division = '330382'): string {
  serial++
  const first17 = `91${division}MA2C${String(serial).padStart(5, '0')}`
  return first17 + creditCodeCheckCharacter(first17)
}

export function enterpriseInput(areaId: string, overrides: Partial<EnterpriseInput> = {}): EnterpriseInput {
  return {
    name: `测试企业${serial + 1}号`,
    creditCode: creditCode(),
    industry: 'electrical',
    aboveScale: true,
    staffLocal: 50,
    staffOtherProvince: 120,
    areaId,
    ...overrides,
  }
}

/**
 * A session cookie for an account, written straight into the session table: tests that need many
 * signed-in accounts would otherwise hit the sign-in rate limit.
 */
export async function sessionCookie(deps: Deps, username: string): Promise<string> {
  const account = await deps.db.selectFrom('account').select('id').where('username', '=', username).executeTakeFirstOrThrow()
  const token = randomBytes(32).toString('base64url')
  await deps.db
    .insertInto('session')
    .values({ id: sessionIdOf(token), account_id: account.id, expires_at: new Date(Date.now() + 3_600_000), ip: 'test' })
    .execute()
  return `gl_session=${token}`
}

/**
 * The area tree of test/factories.ts with the enterprise module's people: an admin at the city,
 * a liaison officer at the street (owns enterprises A and B), a second liaison at the street, a
 * liaison and an enterprise in the other district, an expert and a leader, and enterprise
 * accounts linked to A (village A) and B (village B).
 */
export async function createEnterpriseWorld(deps: Deps, app: FastifyInstance) {
  const tree = await createAreaTree(deps)
  await createTestAccount(deps, 'admin', 'admin', tree.city.id)
  await createTestAccount(deps, 'leader', 'leader', tree.city.id)
  await createTestAccount(deps, 'liaison', 'liaison', tree.street.id)
  await createTestAccount(deps, 'liaison2', 'liaison', tree.street.id)
  await createTestAccount(deps, 'liaison-other', 'liaison', tree.otherDistrict.id)
  await createTestAccount(deps, 'expert', 'expert', tree.district.id)
  await createTestAccount(deps, 'ent-a', 'enterprise', tree.villageA.id)
  await createTestAccount(deps, 'ent-b', 'enterprise', tree.villageB.id)
  await createTestAccount(deps, 'ent-unlinked', 'enterprise', tree.villageA.id)
  const cookies = {
    admin: await login(app, 'admin'),
    leader: await login(app, 'leader'),
    liaison: await login(app, 'liaison'),
    liaison2: await login(app, 'liaison2'),
    liaisonOther: await login(app, 'liaison-other'),
    expert: await login(app, 'expert'),
    entA: await login(app, 'ent-a'),
    entB: await login(app, 'ent-b'),
    entUnlinked: await login(app, 'ent-unlinked'),
  }
  const register = async (cookie: string, input: EnterpriseInput) => {
    const response = await app.inject({ method: 'POST', url: '/api/enterprise/registry', headers: { cookie }, payload: input })
    if (response.statusCode !== 201) throw new Error(`register enterprise: ${response.statusCode} ${response.body}`)
    return response.json() as { id: string; name: string }
  }
  const enterpriseA = await register(cookies.liaison, enterpriseInput(tree.villageA.id, { name: '企业甲' }))
  const enterpriseB = await register(cookies.liaison, enterpriseInput(tree.villageB.id, { name: '企业乙' }))
  const enterpriseOther = await register(
    cookies.liaisonOther,
    enterpriseInput(tree.otherDistrict.id, { name: '瓯海企业', creditCode: creditCode('330304') }),
  )
  await deps.db.updateTable('account').set({ enterprise_id: enterpriseA.id }).where('username', '=', 'ent-a').execute()
  await deps.db.updateTable('account').set({ enterprise_id: enterpriseB.id }).where('username', '=', 'ent-b').execute()
  const accountId = async (username: string) =>
    (await deps.db.selectFrom('account').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id
  return { tree, cookies, enterpriseA, enterpriseB, enterpriseOther, accountId }
}

/**
 * The world the access matrix probes: one signed-in account of every role in village A, and
 * records in village A (own area), in neighbouring village B (same street) and of another
 * enterprise. The neighbour's and the other enterprise's records carry marker strings that no
 * answer to a village-A account may ever contain.
 */
import type { FastifyInstance } from 'fastify'
import { ROLES, type Role } from '../../src/shared/roles.ts'
import type { Deps } from '../../src/server/deps.ts'
import { enterpriseInput, creditCode, sessionCookie } from '../enterprise-factories.ts'
import { createAreaTree, personInput, residentId } from '../factories.ts'
import type { ParamKind } from './route-table.ts'

/** Where the ids substituted into path parameters come from. */
export type Vantage = 'own' | 'neighbour' | 'otherEnterprise'

export interface SecurityWorld {
  /** Session cookie of the village-A account of each role (the enterprise account is enterprise A's). */
  cookies: Record<Role, string>
  /** Area ids: village A (every matrix account's) and village B (the neighbour). */
  areas: { own: string; neighbour: string }
  /** Record ids by vantage and kind. */
  ids: Record<Vantage, Partial<Record<ParamKind, string>>>
  /** Strings of the neighbour area's person and of other enterprises' private records. */
  foreignMarkers: string[]
  /** Markers only an enterprise account must not see (a same-area enterprise's private records). */
  otherEnterpriseMarkers: string[]
  /** The city admin's session: sees both villages, so the markers are known to be readable at all. */
  rootCookie: string
  /** A fresh session of the account of this role (for routes that end the session they run in). */
  freshCookie(role: Role): Promise<string>
}

async function insertAccount(deps: Deps, username: string, role: Role, areaId: string, enterpriseId?: string) {
  // Sessions are written directly (sessionCookie), so the password is never used: no scrypt cost.
  await deps.db
    .insertInto('account')
    .values({
      username,
      display_name: username,
      role,
      area_id: areaId,
      password_hash: 'unused',
      ...(enterpriseId && { enterprise_id: enterpriseId }),
    })
    .execute()
}

/**
 * Seeds the world through the API (so records are shaped as users make them) with a city
 * admin and liaison outside the matrix, then signs in every role in village A.
 */
export async function createSecurityWorld(deps: Deps, app: FastifyInstance): Promise<SecurityWorld> {
  const tree = await createAreaTree(deps)
  await insertAccount(deps, 'root', 'admin', tree.city.id)
  await insertAccount(deps, 'root-liaison', 'liaison', tree.city.id)
  const root = await sessionCookie(deps, 'root')
  // An enterprise needs a liaison officer: one who registers it owns it.
  const liaison = await sessionCookie(deps, 'root-liaison')
  const post = async (url: string, cookie: string, payload: object) => {
    const response = await app.inject({ method: 'POST', url, headers: { cookie }, payload })
    if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
    return response.json() as { id: string }
  }

  const ownPerson = await post('/api/people', root, personInput(tree.villageA.id, { name: '本村张三' }))
  const neighbourPerson = personInput(tree.villageB.id, {
    name: '邻村秘密人',
    idNumber: residentId('330382'),
    phone: '13999990001',
    employer: '邻村隐秘厂',
  })
  const neighbour = await post('/api/people', root, neighbourPerson)

  const enterpriseA = await post('/api/enterprise/registry', liaison, enterpriseInput(tree.villageA.id, { name: '本村企业甲' }))
  const sameAreaInput = enterpriseInput(tree.villageA.id, { name: '同村企业丙', creditCode: creditCode() })
  const sameArea = await post('/api/enterprise/registry', liaison, sameAreaInput)
  const neighbourEnterpriseInput = enterpriseInput(tree.villageB.id, { name: '邻村企业乙', creditCode: creditCode() })
  const neighbourEnterprise = await post('/api/enterprise/registry', liaison, neighbourEnterpriseInput)

  await insertAccount(deps, 'ent-same-area', 'enterprise', tree.villageA.id, sameArea.id)
  await insertAccount(deps, 'ent-neighbour', 'enterprise', tree.villageB.id, neighbourEnterprise.id)
  const problem = (description: string) => ({ category: 'finance', title: '资金周转', description })
  const cookies = {} as Record<Role, string>
  for (const role of ROLES) {
    await insertAccount(deps, `matrix-${role}`, role, tree.villageA.id, role === 'enterprise' ? enterpriseA.id : undefined)
    cookies[role] = await sessionCookie(deps, `matrix-${role}`)
  }
  const ownProblem = await post('/api/enterprise/problems', cookies.enterprise, problem('本企业的问题'))
  const sameAreaProblem = await post(
    '/api/enterprise/problems',
    await sessionCookie(deps, 'ent-same-area'),
    problem('同村企业丙的机密问题'),
  )
  const neighbourProblem = await post(
    '/api/enterprise/problems',
    await sessionCookie(deps, 'ent-neighbour'),
    problem('邻村企业乙的机密问题'),
  )

  return {
    cookies,
    areas: { own: tree.villageA.id, neighbour: tree.villageB.id },
    ids: {
      own: { person: ownPerson.id, enterprise: enterpriseA.id, problem: ownProblem.id },
      neighbour: { person: neighbour.id, enterprise: neighbourEnterprise.id, problem: neighbourProblem.id },
      otherEnterprise: { person: neighbour.id, enterprise: sameArea.id, problem: sameAreaProblem.id },
    },
    foreignMarkers: [
      neighbourPerson.name,
      neighbourPerson.idNumber,
      neighbourPerson.phone!,
      neighbourPerson.employer!,
      neighbourEnterpriseInput.creditCode,
      '邻村企业乙的机密问题',
    ],
    otherEnterpriseMarkers: [sameAreaInput.creditCode, '同村企业丙的机密问题'],
    rootCookie: root,
    freshCookie: (role) => sessionCookie(deps, `matrix-${role}`),
  }
}

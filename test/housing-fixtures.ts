import type { FastifyInstance } from 'fastify'
import { expect } from 'vitest'
import { CHECKLISTS, INSPECTOR_ROLES, type InspectorRole, type PropertyInput } from '../src/shared/schemas/housing.ts'
import type { RegistrationInput } from '../src/shared/schemas/housing-registration.ts'
import type { Deps } from '../src/server/deps.ts'
import { createAreaTree, createTestAccount, personInput, residentId, TEST_PASSWORD } from './factories.ts'

/**
 * House-code fixtures: the test area tree with one account per role involved, landlords linked
 * to their person records, and helpers that walk an application to an issued code and a tenant
 * through registration.
 */
/** Signs in from an address of its own, so a world of accounts stays under the per-address login limit. */
async function login(app: FastifyInstance, username: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: nextAddress(),
    payload: { username, password: TEST_PASSWORD },
  })
  if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`)
  return `gl_session=${response.cookies.find((c) => c.name === 'gl_session')!.value}`
}

export async function createHousingWorld(deps: Deps, app: FastifyInstance) {
  const tree = await createAreaTree(deps)
  for (const [username, role, areaId] of [
    ['worker', 'grid_worker', tree.villageA.id],
    ['worker-b', 'grid_worker', tree.villageB.id],
    ['cadre', 'village_cadre', tree.villageA.id],
    ['fire', 'fire_inspector', tree.street.id],
    ['admin', 'admin', tree.city.id],
    ['guard', 'guard', tree.villageA.id],
    ['health', 'health_officer', tree.district.id],
    ['leader', 'leader', tree.city.id],
  ] as const) {
    await createTestAccount(deps, username, role, areaId)
  }
  const cookies = {
    worker: await login(app, 'worker'),
    workerB: await login(app, 'worker-b'),
    cadre: await login(app, 'cadre'),
    fire: await login(app, 'fire'),
    admin: await login(app, 'admin'),
    guard: await login(app, 'guard'),
    health: await login(app, 'health'),
    leader: await login(app, 'leader'),
  }
  const landlord = await createLandlord(deps, app, cookies.worker, 'landlord', tree.gridA.id, '郑阿福')
  const landlordB = await createLandlord(deps, app, cookies.workerB, 'landlord-b', tree.villageB.id, '王房东')
  const checkpoint = await app.inject({
    method: 'POST',
    url: '/api/gate/checkpoints',
    headers: { cookie: cookies.worker },
    payload: { areaId: tree.villageA.id, name: '东门卡口' },
  })
  return {
    tree,
    cookies: { ...cookies, landlord: landlord.cookie, landlordB: landlordB.cookie },
    landlord,
    landlordB,
    checkpointId: checkpoint.json().id as string,
  }
}
export type HousingWorld = Awaited<ReturnType<typeof createHousingWorld>>

/** A landlord person registered by a grid worker, with a linked landlord account. */
export async function createLandlord(
  deps: Deps,
  app: FastifyInstance,
  staffCookie: string,
  username: string,
  areaId: string,
  name: string,
) {
  const person = await app.inject({
    method: 'POST',
    url: '/api/people',
    headers: { cookie: staffCookie },
    payload: personInput(areaId, { name, kind: 'resident', isLandlord: true }),
  })
  expect(person.statusCode).toBe(201)
  await createTestAccount(deps, username, 'landlord', areaId)
  await deps.db.updateTable('account').set({ person_id: person.json().id }).where('username', '=', username).execute()
  return { personId: person.json().id as string, cookie: await login(app, username) }
}

export function propertyInput(areaId: string, overrides: Partial<PropertyInput> = {}): PropertyInput {
  return { areaId, address: `蛎灰窑 ${Math.floor(Math.random() * 9000) + 100} 号`, rooms: 3, beds: 6, capacity: 4, ...overrides }
}

/**
 * The checklist of a role, every item passed (or the named items failed with a note). A failed
 * fire-safety item needs a photo: pass the id of one uploaded with uploadFile(…, 'inspection').
 */
export function checklist(role: InspectorRole, failed: string[] = [], photoIds: string[] = []) {
  return {
    items: CHECKLISTS[role].map((item) =>
      failed.includes(item) ? { item, passed: false, note: `${item} 不合格`, photoIds } : { item, passed: true },
    ),
  }
}

/** The smallest file the upload accepts as a PNG (its first bytes are what is checked). */
export const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 1)])

/** Uploads a PNG to a property as the given kind of file; returns the file's id. */
export async function uploadFile(
  app: FastifyInstance,
  cookie: string,
  propertyId: string,
  kind: 'floor_plan' | 'inspection' | 'photo' = 'floor_plan',
) {
  const response = await app.inject({
    method: 'POST',
    url: `/api/housing/properties/${propertyId}/files?kind=${kind}&name=plan.png`,
    headers: { cookie, 'content-type': 'image/png' },
    payload: PNG,
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json().id as string
}

export const INSPECTOR_COOKIE: Record<InspectorRole, keyof HousingWorld['cookies']> = {
  village_cadre: 'cadre',
  grid_worker: 'worker',
  fire_inspector: 'fire',
}

/** Draft → submitted → three passes → code issued; returns the property id and its code. */
export async function codedProperty(app: FastifyInstance, world: HousingWorld, overrides: Partial<PropertyInput> = {}) {
  const draft = await app.inject({
    method: 'POST',
    url: '/api/housing/properties',
    headers: { cookie: world.cookies.landlord },
    payload: propertyInput(world.tree.gridA.id, overrides),
  })
  expect(draft.statusCode).toBe(201)
  const id = draft.json().id as string
  await uploadFile(app, world.cookies.landlord, id)
  expect(
    (await app.inject({ method: 'POST', url: `/api/housing/properties/${id}/submit`, headers: { cookie: world.cookies.landlord } }))
      .statusCode,
  ).toBe(200)
  for (const role of INSPECTOR_ROLES) {
    const signed = await app.inject({
      method: 'POST',
      url: `/api/housing/properties/${id}/inspections`,
      headers: { cookie: world.cookies[INSPECTOR_COOKIE[role]] },
      payload: checklist(role),
    })
    expect(signed.statusCode, signed.body).toBe(200)
  }
  const poster = await app.inject({
    method: 'GET',
    url: `/api/housing/properties/${id}/poster`,
    headers: { cookie: world.cookies.landlord },
  })
  expect(poster.statusCode).toBe(200)
  return { id, code: poster.json().code as string }
}

/** A person in village A with a colour from the health authority and a fresh health code. */
export async function personWithHealthCode(
  app: FastifyInstance,
  world: HousingWorld,
  colour: 'green' | 'yellow' | 'red' = 'green',
  idNumber = residentId(),
) {
  const created = await app.inject({
    method: 'POST',
    url: '/api/people',
    headers: { cookie: world.cookies.worker },
    payload: personInput(world.tree.villageA.id, { idNumber, name: '李明' }),
  })
  expect(created.statusCode).toBe(201)
  const personId = created.json().id as string
  await app.inject({
    method: 'PUT',
    url: `/api/codes/health-status/${personId}`,
    headers: { cookie: world.cookies.health },
    payload: { colour, reason: 'test fixture' },
  })
  const issued = await app.inject({ method: 'POST', url: `/api/codes/health/${personId}`, headers: { cookie: world.cookies.worker } })
  expect(issued.statusCode).toBe(201)
  return { personId, idNumber, healthCode: issued.json().code as string }
}

let address = 0
/** A different network address for each public request, so the per-address limit stays out of the way. */
export function nextAddress(): string {
  address++
  return `10.${(address >> 8) & 255}.${address & 255}.7`
}

export function registrationInput(
  code: string,
  healthCode: string,
  idNumber: string,
  overrides: Partial<RegistrationInput> = {},
): RegistrationInput {
  const arrival = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)
  return {
    code,
    name: '李明',
    idType: 'resident_id',
    idNumber,
    phone: '13912345678',
    origin: '贵州遵义',
    employer: '乐清正泰电器',
    expectedArrival: arrival,
    healthCode,
    ...overrides,
  }
}

/** The one-time code the outbox holds for the latest registration text. */
export async function lastOtp(deps: Deps): Promise<string> {
  const row = await deps.db
    .selectFrom('notification')
    .select('body')
    .where('kind', '=', 'housing_otp')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow()
  return row.body.match(/验证码为 (\d{6})/)![1]!
}

/** Submits and confirms a registration; returns its id. */
export async function confirmedRegistration(app: FastifyInstance, deps: Deps, input: RegistrationInput) {
  const submitted = await app.inject({
    method: 'POST',
    url: '/api/housing/public/registrations',
    remoteAddress: nextAddress(),
    payload: input,
  })
  expect(submitted.statusCode, submitted.body).toBe(201)
  const id = submitted.json().registrationId as string
  const confirmed = await app.inject({
    method: 'POST',
    url: `/api/housing/public/registrations/${id}/confirm`,
    remoteAddress: nextAddress(),
    payload: { otp: await lastOtp(deps) },
  })
  expect(confirmed.statusCode, confirmed.body).toBe(200)
  return id
}

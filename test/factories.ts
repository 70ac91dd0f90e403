import type { FastifyInstance } from 'fastify'
import { residentIdCheckCharacter } from '../src/shared/id-document.ts'
import type { Role } from '../src/shared/roles.ts'
import type { PersonInput } from '../src/shared/schemas/person.ts'
import { hashPassword } from '../src/server/crypto/password.ts'
import type { Deps } from '../src/server/deps.ts'
import { createArea } from '../src/server/modules/area/area.service.ts'

export const TEST_PASSWORD = 'Correct-horse-42'

/** A city with one street and two neighbouring villages, and a second district. */
export async function createAreaTree(deps: Deps) {
  const db = deps.db
  const city = await createArea(db, null, { code: '330300000000', name: '温州市', level: 'city', parentCode: null })
  const district = await createArea(db, null, { code: '330382000000', name: '乐清市', level: 'district', parentCode: city.code })
  const street = await createArea(db, null, { code: '330382001000', name: '城东街道', level: 'street', parentCode: district.code })
  const villageA = await createArea(db, null, { code: '330382001201', name: '蛎灰窑经合社', level: 'village', parentCode: street.code })
  const gridA = await createArea(db, null, { code: '330382001201001', name: '第一网格', level: 'grid', parentCode: villageA.code })
  const villageB = await createArea(db, null, { code: '330382001202', name: '东山社区', level: 'village', parentCode: street.code })
  const otherDistrict = await createArea(db, null, { code: '330304000000', name: '瓯海区', level: 'district', parentCode: city.code })
  return { city, district, street, villageA, gridA, villageB, otherDistrict }
}

/** Inserts an account directly (the fastest way to a known password in tests). */
export async function createTestAccount(deps: Deps, username: string, role: Role, areaId: string) {
  await deps.db
    .insertInto('account')
    .values({ username, display_name: username, role, area_id: areaId, password_hash: await hashPassword(TEST_PASSWORD) })
    .execute()
  return username
}

/** Signs in through the API and returns the Cookie header value. */
export async function login(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })
  if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`)
  const cookie = response.cookies.find((c) => c.name === 'gl_session')
  return `gl_session=${cookie!.value}`
}

let serial = 0
/**
 * A valid mainland resident ID, different on each call.
 * @example residentId() // '330382199001010015'
 */
export function residentId(region = '330382'): string {
  serial++
  const first17 = `${region}1990${String(1 + (serial % 12)).padStart(2, '0')}${String(1 + (serial % 28)).padStart(2, '0')}${String(serial).padStart(3, '0').slice(-3)}`
  return first17 + residentIdCheckCharacter(first17)
}

export function personInput(areaId: string, overrides: Partial<PersonInput> = {}): PersonInput {
  return {
    name: '张三',
    kind: 'new_resident',
    idType: 'resident_id',
    idNumber: residentId(),
    phone: '13812345678',
    origin: '贵州遵义',
    employer: '乐清正泰电器',
    areaId,
    ...overrides,
  }
}

import { residentIdCheckCharacter } from '../../shared/id-document.ts'
import { seedHealthPlatforms } from '../modules/platforms/index.ts'
import type { Role } from '../../shared/roles.ts'
import type { CreateAreaBody } from '../../shared/schemas/area.ts'
import type { PersonKind } from '../../shared/schemas/person.ts'
import { hashPassword } from '../crypto/password.ts'
import type { Trx } from '../db/database.ts'
import type { Deps } from '../deps.ts'
import { createArea } from '../modules/area/area.service.ts'
import type { NewPersonRow } from '../modules/people/person.table.ts'
import { sealIdentity } from '../modules/people/person.service.ts'
import { seedHousing } from './demo-housing.ts'
import { seedDevices } from './demo-devices.ts'
import { seedEnterprises } from '../modules/enterprise/index.ts'
import { seedPayouts, seedSubsidies } from '../modules/subsidies/index.ts'
import { seedRecruitment } from '../modules/recruitment/index.ts'
import { seedNotices } from '../modules/notices/index.ts'

/** Password of every demo account (printed at start and in the README; demo data only). */
export const DEMO_PASSWORD = 'Gridline2020'

/** The report's places (PRODUCT.md "Figures"), with GB/T 2260-style codes. */
const AREAS: CreateAreaBody[] = [
  { code: '330300000000', name: '温州市', level: 'city', parentCode: null },
  { code: '330382000000', name: '乐清市', level: 'district', parentCode: '330300000000' },
  { code: '330382001000', name: '城东街道', level: 'street', parentCode: '330382000000' },
  { code: '330382001201', name: '蛎灰窑经合社', level: 'village', parentCode: '330382001000' },
  { code: '330382001201001', name: '蛎灰窑第一网格', level: 'grid', parentCode: '330382001201' },
  { code: '330382001201002', name: '蛎灰窑第二网格', level: 'grid', parentCode: '330382001201' },
  { code: '330382001201003', name: '蛎灰窑第三网格', level: 'grid', parentCode: '330382001201' },
  { code: '330382001202', name: '东山社区', level: 'village', parentCode: '330382001000' },
  { code: '330382001202001', name: '东山第一网格', level: 'grid', parentCode: '330382001202' },
  { code: '330304000000', name: '瓯海区', level: 'district', parentCode: '330300000000' },
  { code: '330304005000', name: '瞿溪街道', level: 'street', parentCode: '330304000000' },
  { code: '330304005001', name: '瞿溪社区', level: 'village', parentCode: '330304005000' },
  { code: '330304005002', name: '雄溪村', level: 'village', parentCode: '330304005000' },
  { code: '330302000000', name: '鹿城区', level: 'district', parentCode: '330300000000' },
  { code: '330302001000', name: '五马街道', level: 'street', parentCode: '330302000000' },
  { code: '330302001001', name: '五马社区', level: 'village', parentCode: '330302001000' },
  // Enterprise demo (复工复产): more streets of Ouhai and Lucheng, so the board compares them.
  { code: '330304006000', name: '娄桥街道', level: 'street', parentCode: '330304000000' },
  { code: '330304006001', name: '娄桥社区', level: 'village', parentCode: '330304006000' },
  { code: '330304007000', name: '潘桥街道', level: 'street', parentCode: '330304000000' },
  { code: '330304007001', name: '潘桥社区', level: 'village', parentCode: '330304007000' },
  { code: '330302002000', name: '南汇街道', level: 'street', parentCode: '330302000000' },
  { code: '330302002001', name: '南汇社区', level: 'village', parentCode: '330302002000' },
]

export interface DemoAccount {
  username: string
  displayName: string
  role: Role
  areaCode: string
  areaName: string
}

/** One demo account per role, each at the node where that role works. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', areaCode: '330300000000', areaName: '温州市' },
  { username: 'leader', displayName: '市领导', role: 'leader', areaCode: '330300000000', areaName: '温州市' },
  { username: 'gridworker', displayName: '网格员 陈晓燕', role: 'grid_worker', areaCode: '330382001201', areaName: '蛎灰窑经合社' },
  { username: 'gridworker2', displayName: '网格员 王建国', role: 'grid_worker', areaCode: '330382001202', areaName: '东山社区' },
  { username: 'cadre', displayName: '村干部 林海', role: 'village_cadre', areaCode: '330382001201', areaName: '蛎灰窑经合社' },
  { username: 'fire', displayName: '消防员 周强', role: 'fire_inspector', areaCode: '330382001000', areaName: '城东街道' },
  { username: 'landlord', displayName: '房东 郑阿福', role: 'landlord', areaCode: '330382001201', areaName: '蛎灰窑经合社' },
  { username: 'tenant', displayName: '新居民 李明', role: 'tenant', areaCode: '330382001201', areaName: '蛎灰窑经合社' },
  { username: 'guard', displayName: '卡口值守 黄伟', role: 'guard', areaCode: '330382001201', areaName: '蛎灰窑经合社' },
  { username: 'doctor', displayName: '医生 吴敏', role: 'doctor', areaCode: '330382001000', areaName: '城东街道' },
  { username: 'health', displayName: '卫健专员 徐静', role: 'health_officer', areaCode: '330382000000', areaName: '乐清市' },
  { username: 'enterprise', displayName: '企业 瓯海眼镜厂', role: 'enterprise', areaCode: '330304005000', areaName: '瞿溪街道' },
  { username: 'liaison', displayName: '驻企服务员 潘磊', role: 'liaison', areaCode: '330304000000', areaName: '瓯海区' },
  { username: 'expert', displayName: '专家 金律师', role: 'expert', areaCode: '330302000000', areaName: '鹿城区' },
  { username: 'policy', displayName: '政策兑现专员 叶青', role: 'policy_officer', areaCode: '330304000000', areaName: '瓯海区' },
  // Subsidies: a second officer for the district review level (four eyes on two-level approvals).
  { username: 'policy2', displayName: '政策兑现专员 复审 王敏', role: 'policy_officer', areaCode: '330304000000', areaName: '瓯海区' },
  { username: 'recruiter', displayName: '招工专员 胡波', role: 'recruiter', areaCode: '330304000000', areaName: '瓯海区' },
  // Enterprise demo: more liaison officers, an Ouhai expert, and the report's two Ouhai enterprises.
  { username: 'liaison2', displayName: '驻企服务员 徐晨', role: 'liaison', areaCode: '330304005000', areaName: '瞿溪街道' },
  { username: 'liaison3', displayName: '驻企服务员 叶帆', role: 'liaison', areaCode: '330302000000', areaName: '鹿城区' },
  { username: 'expert2', displayName: '专家 林会计师', role: 'expert', areaCode: '330304000000', areaName: '瓯海区' },
  { username: 'desai', displayName: '企业 德赛集团', role: 'enterprise', areaCode: '330304006000', areaName: '娄桥街道' },
  { username: 'wanchao', displayName: '企业 万超电器', role: 'enterprise', areaCode: '330304005000', areaName: '瞿溪街道' },
]

/** Lihuiyao cooperative per the report: 2,500 residents, 1,300 new residents (265 stayed), 120 landlords, 600 rooms. */
const POPULATION: {
  villageCode: string
  grids: string[]
  residents: number
  newResidents: number
  stayed: number
  landlords: number
  roomsPerProperty: number
}[] = [
  {
    villageCode: '330382001201',
    grids: ['330382001201001', '330382001201002', '330382001201003'],
    residents: 2500,
    newResidents: 1300,
    stayed: 265,
    landlords: 120,
    roomsPerProperty: 5,
  },
  {
    villageCode: '330382001202',
    grids: ['330382001202001'],
    residents: 180,
    newResidents: 60,
    stayed: 12,
    landlords: 8,
    roomsPerProperty: 4,
  },
  { villageCode: '330304005001', grids: [], residents: 240, newResidents: 320, stayed: 40, landlords: 20, roomsPerProperty: 10 },
  { villageCode: '330304005002', grids: [], residents: 150, newResidents: 90, stayed: 15, landlords: 6, roomsPerProperty: 6 },
  { villageCode: '330302001001', grids: [], residents: 200, newResidents: 40, stayed: 8, landlords: 5, roomsPerProperty: 3 },
]

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余叶杜苏魏程吕丁任沈姚卢'
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰华建国海燕晓红玲志文辉鹏飞宇浩琳婷雪梅'
/** Where new residents come from (province-level region codes of the ID number). */
const ORIGINS: { region: string; name: string }[] = [
  { region: '522101', name: '贵州遵义' },
  { region: '430521', name: '湖南邵阳' },
  { region: '511302', name: '四川南充' },
  { region: '341222', name: '安徽阜阳' },
  { region: '412723', name: '河南周口' },
  { region: '362430', name: '江西吉安' },
  { region: '500235', name: '重庆云阳' },
  { region: '452122', name: '广西南宁' },
]
const EMPLOYERS = ['乐清正泰电器', '德力西电气', '瓯海眼镜城企业', '温州鞋革厂', '城东五金加工厂', '乐清物流园']

/** A deterministic pseudo-random sequence so every demo database is the same. */
function seededRandom(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/** A valid resident ID: region + birth date + sequence + check character, unique per serial. */
function demoIdNumber(region: string, serial: number, random: () => number): string {
  const year = 1960 + Math.floor(random() * 40)
  const day = 1 + (serial % 28)
  const month = 1 + (Math.floor(serial / 28) % 12)
  const sequence = String(Math.floor(serial / 336) % 1000).padStart(3, '0')
  const first17 = `${region}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${sequence}`
  return first17 + residentIdCheckCharacter(first17)
}

/**
 * Loads the demo areas, accounts and population in one transaction.
 * @param options.onlyIfEmpty skip when any area exists (npm start on an existing database)
 * @returns false when skipped
 */
export async function loadDemoData(
  deps: Deps,
  options: { onlyIfEmpty?: boolean; log?: (line: string) => void; onProgress?: (done: number, total: number) => void } = {},
): Promise<boolean> {
  const { db, cipher } = deps
  if (options.onlyIfEmpty) {
    const any = await db.selectFrom('area').select('id').limit(1).executeTakeFirst()
    if (any) return false
  }
  options.log?.('Loading demo data (Wenzhou: Yueqing, Ouhai, Lucheng)…')
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  await db.transaction().execute(async (trx) => {
    const areaIds = new Map<string, string>()
    for (const area of AREAS) areaIds.set(area.code, (await createArea(trx, null, area)).id)
    const cityId = areaIds.get('330300000000')!
    for (const a of DEMO_ACCOUNTS) {
      await trx
        .insertInto('account')
        .values({
          username: a.username,
          display_name: a.displayName,
          role: a.role,
          area_id: areaIds.get(a.areaCode)!,
          password_hash: passwordHash,
        })
        .onConflict((oc) => oc.column('username').doNothing())
        .execute()
    }
    const random = seededRandom(20200305)
    const total = POPULATION.reduce((n, p) => n + p.residents + p.newResidents, 0)
    let serial = 0
    let done = 0
    for (const village of POPULATION) {
      const homes = village.grids.length ? village.grids : [village.villageCode]
      const rows: (NewPersonRow & { landlord: boolean })[] = []
      const make = (kind: PersonKind, i: number, origin: { region: string; name: string }) => {
        serial++
        const name =
          SURNAMES[Math.floor(random() * SURNAMES.length)]! +
          GIVEN[Math.floor(random() * GIVEN.length)]! +
          (random() < 0.6 ? GIVEN[Math.floor(random() * GIVEN.length)]! : '')
        const idNumber = demoIdNumber(origin.region, serial, random)
        const phone = `1${['3', '5', '7', '8'][serial % 4]}${String(100000000 + serial * 7919).slice(-9)}`
        const landlord = kind === 'resident' && i < village.landlords
        rows.push({
          area_id: areaIds.get(homes[i % homes.length]!)!,
          city_area_id: cityId,
          name,
          kind,
          id_type: 'resident_id',
          ...sealIdentity(cipher, idNumber, phone),
          origin: origin.name,
          employer: kind === 'new_resident' ? EMPLOYERS[i % EMPLOYERS.length]! : null,
          address: null,
          stayed_over_holiday: kind === 'new_resident' && i < village.stayed,
          is_landlord: landlord,
          created_by: null,
          landlord,
        })
      }
      const local = { region: village.villageCode.slice(0, 6), name: '温州本地' }
      for (let i = 0; i < village.residents; i++) make('resident', i, local)
      for (let i = 0; i < village.newResidents; i++) make('new_resident', i, ORIGINS[i % ORIGINS.length]!)
      done = await insertPeople(trx, rows, village.roomsPerProperty, done, total, options.onProgress)
    }
    await seedGate(trx, areaIds)
    await seedEnterprises(trx, areaIds, { cipher })
    await seedSubsidies(trx, areaIds)
    await seedPayouts(trx)
    await seedRecruitment(trx, areaIds, { cipher })
    await seedHousing(deps, trx)
    await seedDevices(trx, areaIds, { cipher })
    await seedNotices(trx, areaIds)
    await seedHealthPlatforms(trx, cipher)
  })
  return true
}

/** Checkpoints at the report's places, and the health authority's colours: mostly green, a few yellow and red. */
async function seedGate(trx: Trx, areaIds: Map<string, string>) {
  await trx
    .insertInto('checkpoint')
    .values([
      { area_id: areaIds.get('330382001201')!, name: '蛎灰窑东门卡口', address: '蛎灰窑经合社东入口' },
      { area_id: areaIds.get('330382001201')!, name: '蛎灰窑西门卡口', address: '蛎灰窑经合社西入口' },
      { area_id: areaIds.get('330382001202')!, name: '东山社区北门', address: null },
      { area_id: areaIds.get('330304005001')!, name: '瞿溪社区南门', address: null },
    ])
    .execute()
  await trx
    .insertInto('health_status')
    .columns(['person_id', 'colour', 'source'])
    .expression((eb) => eb.selectFrom('person').select((s) => ['person.id', s.val('green').as('colour'), s.val('import').as('source')]))
    .execute()
  // Every 400th new resident yellow, every 1,300th red: a handful to show isolation at the gate.
  const newResidents = await trx.selectFrom('person').select('id').where('kind', '=', 'new_resident').orderBy('id').execute()
  const yellow = newResidents.filter((_, i) => i % 400 === 7).map((p) => p.id)
  const red = newResidents.filter((_, i) => i % 1300 === 11).map((p) => p.id)
  if (yellow.length) await trx.updateTable('health_status').set({ colour: 'yellow' }).where('person_id', 'in', yellow).execute()
  if (red.length) await trx.updateTable('health_status').set({ colour: 'red' }).where('person_id', 'in', red).execute()
  // The colours' history starts with the authority's first list, so the health screen has a story to show.
  await trx
    .insertInto('health_status_event')
    .columns(['person_id', 'to_colour', 'source', 'file_name', 'reason'])
    .expression((eb) =>
      eb
        .selectFrom('health_status')
        .select((s) => [
          'health_status.person_id',
          'health_status.colour',
          s.val('import').as('source'),
          s.val('温州市卫健委首批赋码.xlsx').as('file_name'),
          s.val('首批赋码').as('reason'),
        ]),
    )
    .execute()
}

async function insertPeople(
  trx: Trx,
  rows: (NewPersonRow & { landlord: boolean })[],
  roomsPerProperty: number,
  done: number,
  total: number,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const BATCH = 250
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH)
    const inserted = await trx
      .insertInto('person')
      .values(batch.map(({ landlord: _landlord, ...row }) => row))
      .returning(['id', 'area_id', 'is_landlord'])
      .execute()
    const properties = inserted
      .filter((p) => p.is_landlord)
      .map((p, n) => ({
        area_id: p.area_id,
        landlord_person_id: p.id,
        address: `出租房 ${n + 1 + start} 号`,
        rooms: roomsPerProperty,
        beds: roomsPerProperty * 2,
      }))
    if (properties.length) await trx.insertInto('rental_property').values(properties).execute()
    done += batch.length
    onProgress?.(done, total)
  }
  return done
}

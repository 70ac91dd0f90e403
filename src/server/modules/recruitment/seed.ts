import { randomUUID } from 'node:crypto'
import type { SignupState } from '../../../shared/schemas/recruitment.ts'
import type { FieldCipher } from '../../crypto/field-cipher.ts'
import type { Trx } from '../../db/database.ts'
import { INDEX_SIGNUP_PHONE } from './public.service.ts'
import { CHINESE_NUMBERS, GENERIC_POSTINGS, NAMED_POSTINGS, OTHER_REGIONS, TEAM1_REGIONS } from './seed-data.ts'

const OUHAI = '330304000000'
const DAY_MS = 86_400_000
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余叶杜苏魏程吕丁任沈姚卢'
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰华建国海燕晓红玲志文辉鹏飞宇浩琳婷雪梅'

/** A deterministic sequence: every demo database gets the same drives. */
function seededRandom(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>, size = 1000) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size))
}

/**
 * Loads the drives inside the demo transaction: 20 teams of 5 recruiters (the `recruiter` account
 * in team 1), 110 target regions, collection points with departed and upcoming buses for teams
 * 1–8, job postings of Ouhai's enterprises, and about 10,000 sign-ups (phones sealed) in every
 * state with hires, so the progress bars differ. Dates are relative to `now` like the enterprise
 * demo: team 1 left 20 days ago, the second batch 11 days ago.
 */
export async function seedRecruitment(trx: Trx, areaIds: Map<string, string>, options: { cipher: FieldCipher; now?: Date }): Promise<void> {
  const now = options.now ?? new Date()
  const random = seededRandom(20200224)
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
  const personName = () => pick([...SURNAMES]) + pick([...GIVEN]) + (random() < 0.6 ? pick([...GIVEN]) : '')
  const ouhai = areaIds.get(OUHAI)
  if (!ouhai) throw new Error('demo area 瓯海区 missing')
  const daysAgo = (days: number, hour = 9) => new Date(now.getTime() - days * DAY_MS + (hour - 9) * 3_600_000)
  const isoDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
  /** A China clock time on a day counted from today: buses leave at 08:00, people meet at 07:00. */
  const chinaTime = (days: number, time: string) => new Date(`${isoDay(new Date(now.getTime() + days * DAY_MS))}T${time}:00+08:00`)
  const recruiter = await trx.selectFrom('account').select(['id', 'display_name']).where('username', '=', 'recruiter').executeTakeFirst()

  // Job postings of Ouhai's enterprises: the report's four (newest, so listed first), then others of the registry.
  const enterprises = await trx
    .selectFrom('enterprise')
    .innerJoin('area', 'area.id', 'enterprise.area_id')
    .select(['enterprise.id', 'enterprise.name', 'enterprise.area_id', 'enterprise.address'])
    .where('area.path', 'like', `%/${OUHAI}/%`)
    .orderBy('enterprise.name')
    .execute()
  const postings: {
    id: string
    enterprise_id: string
    area_id: string
    title: string
    positions: number
    wage_min_fen: number
    wage_max_fen: number
    location: string
    requirements: string | null
    state: 'open' | 'closed'
    created_at: Date
  }[] = []
  for (const p of NAMED_POSTINGS) {
    const e = enterprises.find((row) => row.name.startsWith(p.enterprise))
    if (!e) continue
    postings.push({
      id: randomUUID(),
      enterprise_id: e.id,
      area_id: e.area_id,
      title: p.title,
      positions: p.positions,
      wage_min_fen: p.wage[0] * 100,
      wage_max_fen: p.wage[1] * 100,
      location: e.address ?? '瓯海区',
      requirements: p.requirements,
      state: 'open',
      created_at: daysAgo(15),
    })
  }
  const named = new Set(postings.map((p) => p.enterprise_id))
  for (const [i, e] of enterprises
    .filter((row) => !named.has(row.id))
    .slice(0, 8)
    .entries()) {
    const base = 4500 + Math.floor(random() * 15) * 100
    postings.push({
      id: randomUUID(),
      enterprise_id: e.id,
      area_id: e.area_id,
      title: GENERIC_POSTINGS[i % GENERIC_POSTINGS.length]!,
      positions: 200 + Math.floor(random() * 30) * 10,
      wage_min_fen: base * 100,
      wage_max_fen: (base + 1500) * 100,
      location: e.address ?? '瓯海区',
      requirements: '18–50 岁，身体健康，包住',
      state: i === 7 ? 'closed' : 'open',
      created_at: daysAgo(18),
    })
  }
  await trx.insertInto('job_posting').values(postings).execute()
  const openPostings = postings.filter((p) => p.state === 'open')
  // Hires spread over the postings by their size, so none hires far beyond its positions.
  const totalPositions = openPostings.reduce((n, p) => n + p.positions, 0)
  const pickPosting = () => {
    let left = random() * totalPositions
    for (const posting of openPostings) {
      left -= posting.positions
      if (left < 0) return posting
    }
    return openPostings[0]!
  }

  // Teams, members and regions: team 1 has 4 regions, the others share the remaining 106.
  const teams: { id: string; regions: string[]; points: boolean; signups: number; hireRate: number; startedDaysAgo: number }[] = []
  const memberRows: { team_id: string; account_id: string | null; name: string }[] = []
  const regionRows: {
    id: string
    team_id: string
    area_id: string
    province: string
    city: string
    county: string | null
    name: string
    position: number
  }[] = []
  let next = 0
  for (let t = 0; t < 20; t++) {
    const id = randomUUID()
    const count = t === 0 ? TEAM1_REGIONS.length : 5 + (t <= 11 ? 1 : 0)
    const specs = t === 0 ? TEAM1_REGIONS : OTHER_REGIONS.slice(next, next + count)
    if (t !== 0) next += count
    const regions: string[] = []
    for (const [position, spec] of specs.entries()) {
      const [province, city, county] = spec.split('|') as [string, string, string | undefined]
      const regionId = randomUUID()
      regions.push(regionId)
      regionRows.push({
        id: regionId,
        team_id: id,
        area_id: ouhai,
        province,
        city,
        county: county ?? null,
        name: `${province}${city}${county ?? ''}`,
        position,
      })
    }
    // Team 1 is the report's flagship (≈ 80 % of quota); the others are on their way.
    const signups = t === 0 ? 2100 : t === 1 ? 1300 : t === 5 ? 900 : 150 + Math.floor(random() * 550)
    const hireRate = t === 0 ? 0.78 : t === 1 ? 0.6 : t === 5 ? 0.55 : 0.15 + random() * 0.45
    teams.push({ id, regions, points: t < 8, signups, hireRate, startedDaysAgo: t < 10 ? 20 : 11 })
    const leader = t === 0 ? '邹金伟' : personName()
    memberRows.push({ team_id: id, account_id: null, name: leader })
    if (t === 0 && recruiter) memberRows.push({ team_id: id, account_id: recruiter.id, name: recruiter.display_name })
    while (memberRows.filter((m) => m.team_id === id).length < 5) memberRows.push({ team_id: id, account_id: null, name: personName() })
  }
  await trx
    .insertInto('recruitment_team')
    .values(
      teams.map((t, i) => ({
        id: t.id,
        area_id: ouhai,
        name: `瓯海区第${CHINESE_NUMBERS[i]}外出招工专班`,
        leader_name: memberRows.find((m) => m.team_id === t.id)!.name,
        quota: 2000,
        starts_on: isoDay(daysAgo(t.startedDaysAgo)),
        ends_on: null,
        // one second apart: lists show the teams in their numbered order
        created_at: new Date(now.getTime() - DAY_MS * 30 + i * 1000),
      })),
    )
    .execute()
  await trx.insertInto('recruitment_team_member').values(memberRows).execute()
  await trx.insertInto('recruitment_region').values(regionRows).execute()

  // Collection points and buses: one departed bus (full of boarded workers) and 1–2 upcoming ones.
  const pointRows: { id: string; team_id: string; region_id: string; area_id: string; name: string; address: string; meets_at: Date }[] = []
  const buses: {
    id: string
    point_id: string
    team_id: string
    area_id: string
    plate: string
    departs_at: Date
    seats: number
    seats_taken: number
    destination: string
    region_id: string
    departed: boolean
  }[] = []
  let plate = 0
  for (const team of teams.filter((t) => t.points)) {
    for (const regionId of team.regions) {
      const region = regionRows.find((r) => r.id === regionId)!
      const pointId = randomUUID()
      const place = region.county ?? region.city
      pointRows.push({
        id: pointId,
        team_id: team.id,
        region_id: regionId,
        area_id: ouhai,
        name: `${place}集合点`,
        address: `${region.city}${region.county ?? ''}人力资源市场门口`,
        meets_at: chinaTime(2, '07:00'),
      })
      const upcoming = 1 + Math.floor(random() * 2)
      for (let b = 0; b <= upcoming; b++) {
        const departed = b === 0
        buses.push({
          id: randomUUID(),
          point_id: pointId,
          team_id: team.id,
          area_id: ouhai,
          plate: `浙C${String(10000 + ((plate++ * 7919) % 90000)).padStart(5, '0')}`,
          departs_at: departed ? chinaTime(-(8 + (plate % 5)), '08:00') : chinaTime(2, b === 1 ? '08:00' : '08:30'),
          seats: [45, 49, 53][plate % 3]!,
          seats_taken: 0,
          destination: '温州市瓯海区人力资源市场',
          region_id: regionId,
          departed,
        })
      }
    }
  }

  // Sign-ups: states per team's progress; seats on the region's buses; hires with their posting.
  const signupRows: Record<string, unknown>[] = []
  const seatRows: { bus_id: string; signup_id: string; area_id: string; booked_at: Date }[] = []
  const hireRows: { signup_id: string; job_posting_id: string; enterprise_id: string; area_id: string; confirmed_at: Date }[] = []
  let serial = 0
  for (const team of teams) {
    const hires = Math.round(team.signups * team.hireRate)
    for (let i = 0; i < team.signups; i++) {
      serial++
      const regionId = team.regions[i % team.regions.length]!
      const r = random()
      const state: SignupState = i < hires ? 'hired' : r < 0.25 ? 'boarded' : r < 0.55 ? 'contacted' : r < 0.9 ? 'signed_up' : 'withdrawn'
      const id = randomUUID()
      const createdAt = daysAgo(1 + random() * (team.startedDaysAgo - 1), 8 + Math.floor(random() * 12))
      const posting = state === 'hired' || random() < 0.5 ? pickPosting() : null
      const phone = `1${'3578'[serial % 4]}${String((serial * 7919 + 12345678) % 1_000_000_000).padStart(9, '0')}`
      signupRows.push({
        id,
        team_id: team.id,
        region_id: regionId,
        area_id: ouhai,
        name: personName(),
        phone_enc: options.cipher.seal(phone),
        phone_index: options.cipher.blindIndex(INDEX_SIGNUP_PHONE, phone),
        job_posting_id: posting?.id ?? null,
        job_wanted: posting ? null : pick(['普工', '电工', '鞋厂针车', '包装', '厨师', '叉车司机']),
        state,
        created_at: createdAt,
        updated_at: createdAt,
      })
      if (state === 'hired' && posting)
        hireRows.push({
          signup_id: id,
          job_posting_id: posting.id,
          enterprise_id: posting.enterprise_id,
          area_id: ouhai,
          confirmed_at: new Date(createdAt.getTime() + 3 * DAY_MS),
        })
      const onBoard = state === 'boarded' || state === 'hired'
      const wantsSeat = onBoard || ((state === 'signed_up' || state === 'contacted') && random() < 0.6)
      const regionBuses = wantsSeat ? buses.filter((b) => b.region_id === regionId && b.departed === onBoard) : []
      const bus = regionBuses.find((b) => b.seats_taken < (b.departed ? b.seats : Math.floor(b.seats * 0.7)))
      if (bus) {
        bus.seats_taken++
        seatRows.push({ bus_id: bus.id, signup_id: id, area_id: ouhai, booked_at: createdAt })
      }
    }
  }
  if (pointRows.length) await trx.insertInto('collection_point').values(pointRows).execute()
  if (buses.length)
    await trx
      .insertInto('bus')
      .values(buses.map(({ region_id: _r, departed: _d, ...bus }) => bus))
      .execute()
  await insertInBatches(signupRows, (batch) =>
    trx
      .insertInto('recruitment_signup')
      .values(batch as never)
      .execute(),
  )
  await insertInBatches(seatRows, (batch) => trx.insertInto('bus_seat').values(batch).execute())
  await insertInBatches(hireRows, (batch) => trx.insertInto('recruitment_hire').values(batch).execute())
}

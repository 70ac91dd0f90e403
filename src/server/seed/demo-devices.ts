import { addDays, chinaDay, OBSERVATION_DAYS } from '../../shared/schemas/returnees.ts'
import type { DeviceKind } from '../../shared/schemas/devices.ts'
import type { FieldCipher } from '../crypto/field-cipher.ts'
import type { Trx } from '../db/database.ts'
import { newDeviceSecret } from '../modules/devices/credentials.ts'

/**
 * Returnee follow-up and home isolation in the demo (PRODUCT.md §3–§4): in Lihuiyao, a dozen of
 * the "50+ back so far" under 14-day observation with their reports (a few missing today's),
 * three households in home isolation with a bracelet and a door seal each (one with a door
 * camera), the village square's loudspeakers and camera, a consultation waiting for the doctor,
 * and the video service of Chengdong street. `npm run gridline -- simulate-devices` makes the
 * devices talk. Nothing here adds people: the returnees and isolated are demo new residents.
 */

const LIHUIYAO = '330382001201'
const CHENGDONG = '330382001000'
const DAY = 86_400_000
const RETURNEES = 12
const ISOLATED = 3
const ORIGINS = ['湖北武汉', '湖南邵阳', '贵州遵义', '河南周口', '安徽阜阳', '四川南充']

/** A deterministic temperature around 36.5 °C. */
function temperatureFor(i: number, day: number): number {
  return Math.round((36.2 + ((i * 7 + day * 3) % 8) / 10) * 10) / 10
}

/**
 * Seeds the demo's returnees, isolation orders, devices, speakers and consultation, inside the
 * demo transaction.
 * @param areaIds area code → id of the demo tree
 */
export async function seedDevices(
  trx: Trx,
  areaIds: Map<string, string>,
  { cipher, now = new Date() }: { cipher: FieldCipher; now?: Date },
): Promise<void> {
  const village = areaIds.get(LIHUIYAO)!
  const worker = await trx.selectFrom('account').select('id').where('username', '=', 'gridworker').executeTakeFirstOrThrow()
  const candidates = await trx
    .selectFrom('person')
    .innerJoin('area', 'area.id', 'person.area_id')
    .select(['person.id', 'person.area_id', 'person.address'])
    .where('person.kind', '=', 'new_resident')
    .where('person.stayed_over_holiday', '=', false)
    .where('area.path', 'like', `%/${LIHUIYAO}/%`)
    .orderBy('person.name')
    .orderBy('person.id')
    .limit(RETURNEES + ISOLATED)
    .execute()
  const today = chinaDay(now)

  // Returnees back 1–9 days ago; every third one has not reported today yet.
  for (let i = 0; i < Math.min(RETURNEES, candidates.length); i++) {
    const person = candidates[i]!
    const arrivedOn = addDays(today, -(1 + (i % 9)))
    const returnee = await trx
      .insertInto('returnee')
      .values({
        person_id: person.id,
        area_id: person.area_id,
        address: person.address ?? `蛎灰窑出租房 ${10 + i} 号`,
        came_from: ORIGINS[i % ORIGINS.length]!,
        arrived_on: arrivedOn,
        observation_ends_on: addDays(arrivedOn, OBSERVATION_DAYS - 1),
        status: 'observing',
        responsible_account_id: worker.id,
        registered_by: worker.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const reports = []
    for (let d = 1; d <= OBSERVATION_DAYS; d++) {
      reports.push({
        returnee_id: returnee.id,
        area_id: person.area_id,
        phase: 'before' as const,
        day: addDays(arrivedOn, -d),
        temperature: temperatureFor(i, -d),
        symptoms: '',
        reported_by: 'staff' as const,
        account_id: worker.id,
        reported_at: now,
      })
    }
    for (let day = arrivedOn; day <= today; day = addDays(day, 1)) {
      if (day === today && i % 3 === 0) continue
      reports.push({
        returnee_id: returnee.id,
        area_id: person.area_id,
        phase: 'observation' as const,
        day,
        temperature: temperatureFor(i, reports.length),
        symptoms: '',
        reported_by: i % 2 ? ('landlord' as const) : ('staff' as const),
        account_id: worker.id,
        reported_at: now,
      })
    }
    await trx.insertInto('returnee_report').values(reports).execute()
  }

  // Home isolation with devices bound; an hourly heartbeat keeps them from alerting while nobody runs the simulator.
  const device = async (
    serial: string,
    kind: DeviceKind,
    areaId: string,
    extra: { label?: string; group_name?: string; stream_url?: string; report_interval_s?: number; last_seen_at?: Date | null } = {},
  ) =>
    (
      await trx
        .insertInto('device')
        .values({
          area_id: areaId,
          serial,
          kind,
          label: extra.label ?? null,
          group_name: extra.group_name ?? null,
          stream_url: extra.stream_url ?? null,
          report_interval_s: extra.report_interval_s ?? 3600,
          secret_enc: cipher.seal(newDeviceSecret()),
          status: 'active',
          battery: 90,
          last_seen_at: extra.last_seen_at === undefined ? now : extra.last_seen_at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  for (let i = 0; i < ISOLATED && RETURNEES + i < candidates.length; i++) {
    const person = candidates[RETURNEES + i]!
    const n = String(i + 1).padStart(2, '0')
    const order = await trx
      .insertInto('isolation_order')
      .values({
        person_id: person.id,
        area_id: person.area_id,
        kind: 'home',
        status: 'open',
        source: 'manual',
        passage_id: null,
        address: person.address ?? `蛎灰窑出租房 ${30 + i} 号`,
        starts_at: new Date(now.getTime() - (i + 2) * DAY),
        ends_at: new Date(now.getTime() + (12 - i) * DAY),
        responsible_account_id: worker.id,
        released_at: null,
        release_note: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const kinds: [string, DeviceKind][] = [
      [`LHY-BR-${n}`, 'bracelet'],
      [`LHY-DS-${n}`, 'door_seal'],
    ]
    if (i === 0) kinds.push([`LHY-CAM-${n}`, 'door_camera'])
    for (const [serial, kind] of kinds) {
      const deviceId = await device(serial, kind, person.area_id)
      await trx
        .insertInto('device_binding')
        .values({
          device_id: deviceId,
          isolation_order_id: order.id,
          area_id: person.area_id,
          bound_at: new Date(now.getTime() - (i + 2) * DAY),
          unbound_at: null,
          bound_by: worker.id,
        })
        .execute()
    }
    if (i === 1) {
      await trx
        .insertInto('consultation')
        .values({
          area_id: person.area_id,
          person_id: person.id,
          isolation_order_id: order.id,
          requested_via: 'staff',
          requested_by: worker.id,
          reason: '居家隔离第三天，自述咽痛，请医生远程问诊',
          status: 'queued',
          doctor_account_id: null,
          taken_at: null,
          closed_at: null,
          video_url: null,
          notes: null,
          outcome: null,
          created_at: now,
        })
        .execute()
    }
  }

  // The village square: three loudspeakers and a camera.
  for (let i = 1; i <= 3; i++)
    await device(`LHY-SPK-0${i}`, 'speaker', village, {
      label: `村口广场喇叭 ${i}`,
      group_name: '村口广场',
      report_interval_s: 300,
      last_seen_at: null,
    })
  await device('LHY-PCAM-01', 'public_camera', village, {
    label: '村口广场监控',
    stream_url: 'rtsp://video.lihuiyao.example/square',
    last_seen_at: null,
  })
  await trx
    .insertInto('video_service')
    .values({ area_id: areaIds.get(CHENGDONG)!, url_template: 'https://video.chengdong.example/room/{room}', updated_at: now })
    .execute()
}

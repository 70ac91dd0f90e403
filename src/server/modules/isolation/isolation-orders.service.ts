import type { IsolationOrder } from '../../../shared/schemas/isolation.ts'
import { ISOLATION_DEVICE_KINDS } from '../../../shared/schemas/devices.ts'
import type { DbOrTrx } from '../../db/database.ts'
import type { Deps } from '../../deps.ts'
import { NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit.service.ts'
import type { Actor } from '../auth/actor.ts'
import { announceDeviceChange } from '../devices/device-events.ts'
import { DeviceAlreadyBoundError, DeviceKindMismatchError } from '../devices/devices.errors.ts'
import * as devices from '../devices/devices.repository.ts'
import { deviceRowToDevice } from '../devices/devices.service.ts'
import * as people from '../people/person.repository.ts'
import { createSelfServiceLink } from '../returnees/self-service-links.ts'
import { IsolationAlreadyOpenError, IsolationReleasedError, ResponsibleNotGridWorkerError } from './isolation.errors.ts'
import * as repo from './isolation-orders.repository.ts'
import { ISOLATION_DAYS, openIsolationOrder } from './isolation.service.ts'

const ENTITY = 'isolation_order'

function orderRowToOrder(row: repo.OrderRow, bound: devices.DeviceListRow[]): IsolationOrder {
  return {
    id: row.id,
    personId: row.person_id,
    personName: row.person_name,
    areaId: row.area_id,
    areaName: row.area_name,
    kind: row.kind,
    status: row.status,
    source: row.source,
    address: row.address,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    responsibleAccountId: row.responsible_account_id,
    responsibleName: row.responsible_name,
    releasedAt: row.released_at?.toISOString() ?? null,
    releaseNote: row.release_note,
    devices: bound.map(deviceRowToDevice),
    openAlerts: row.open_alerts ?? 0,
  }
}

/** An order with the devices bound to it now. */
async function toOrder(db: DbOrTrx, actor: Actor, row: repo.OrderRow): Promise<IsolationOrder> {
  const bound = row.status === 'open' ? await devices.listDevices(db, actor, { orderIds: [row.id] }) : []
  return orderRowToOrder(row, bound)
}

async function requireOrder(db: DbOrTrx, actor: Actor, id: string) {
  const row = await repo.findOrder(db, actor, id)
  if (!row) throw new NotFoundError(ENTITY)
  return row
}

async function checkResponsible(db: DbOrTrx, actor: Actor, accountId: string, orderAreaId: string) {
  const workers = await repo.listGridWorkers(db, { areaPath: '/' })
  const worker = workers.find((w) => w.id === accountId)
  const area = await db.selectFrom('area').select('path').where('id', '=', orderAreaId).executeTakeFirstOrThrow()
  if (!worker || !(area.path.startsWith(worker.path) || worker.path.startsWith(actor.areaPath))) throw new ResponsibleNotGridWorkerError()
}

/**
 * Opens an isolation order by hand (the gate opens them from a yellow or red code); it gets a
 * phone-page link for the person (consultation requests).
 * @throws IsolationAlreadyOpenError; NotFoundError for a person outside scope
 */
export async function createIsolationOrder(
  deps: Deps,
  actor: Actor,
  input: {
    personId: string
    kind: 'home' | 'centralised'
    address?: string
    startsAt?: string
    endsAt?: string
    responsibleAccountId?: string
  },
  now = new Date(),
): Promise<IsolationOrder & { selfServicePath: string }> {
  return deps.db.transaction().execute(async (trx) => {
    const person = await people.findPersonById(trx, actor, input.personId)
    if (!person) throw new NotFoundError('person')
    const startsAt = input.startsAt ? new Date(input.startsAt) : now
    const endsAt = input.endsAt ? new Date(input.endsAt) : new Date(startsAt.getTime() + ISOLATION_DAYS * 86400_000)
    const opened = await openIsolationOrder(trx, {
      personId: person.id,
      areaId: person.area_id,
      kind: input.kind,
      source: 'manual',
      address: input.address ?? person.address,
      now: startsAt,
    })
    if (!opened.opened) throw new IsolationAlreadyOpenError()
    const responsible = input.responsibleAccountId ?? (actor.account.role === 'grid_worker' ? actor.account.id : undefined)
    if (input.responsibleAccountId) await checkResponsible(trx, actor, input.responsibleAccountId, person.area_id)
    await repo.updateOrder(trx, actor, opened.id, { ends_at: endsAt, responsible_account_id: responsible ?? null })
    const selfServicePath = await createSelfServiceLink(trx, {
      personId: person.id,
      areaId: person.area_id,
      isolationOrderId: opened.id,
      expiresAt: endsAt,
    })
    await recordAudit(trx, actor, 'create', ENTITY, [{ id: opened.id, areaId: person.area_id }])
    return { ...(await toOrder(trx, actor, await requireOrder(trx, actor, opened.id))), selfServicePath }
  })
}

/** Orders in scope with their devices; audited per person. */
export async function listIsolationOrders(
  deps: Deps,
  actor: Actor,
  query: { status: 'open' | 'released'; areaId?: string },
): Promise<IsolationOrder[]> {
  const areaPath = query.areaId
    ? (
        await deps.db
          .selectFrom('area')
          .select('path')
          .where('id', '=', query.areaId)
          .where('path', 'like', `${actor.areaPath}%`)
          .executeTakeFirst()
      )?.path
    : undefined
  const rows = await repo.listOrders(deps.db, actor, { status: query.status, areaPath })
  const bound = rows.length ? await devices.listDevices(deps.db, actor, { orderIds: rows.map((r) => r.id) }) : []
  await recordAudit(
    deps.db,
    actor,
    'list',
    'person',
    rows.map((r) => ({ id: r.person_id, areaId: r.area_id })),
  )
  return rows.map((row) =>
    orderRowToOrder(
      row,
      bound.filter((d) => d.isolation_order_id === row.id),
    ),
  )
}

/** One order with its devices; audited. @throws NotFoundError */
export async function getIsolationOrder(deps: Deps, actor: Actor, id: string): Promise<IsolationOrder> {
  const row = await requireOrder(deps.db, actor, id)
  await recordAudit(deps.db, actor, 'read', 'person', [{ id: row.person_id, areaId: row.area_id }])
  return toOrder(deps.db, actor, row)
}

/** Changes the address, end or responsible grid worker of an open order. @throws NotFoundError; IsolationReleasedError */
export async function updateIsolationOrder(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { address?: string | null; endsAt?: string; responsibleAccountId?: string | null },
): Promise<IsolationOrder> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await requireOrder(trx, actor, id)
    if (row.status !== 'open') throw new IsolationReleasedError()
    if (input.responsibleAccountId) await checkResponsible(trx, actor, input.responsibleAccountId, row.area_id)
    await repo.updateOrder(trx, actor, id, {
      address: input.address,
      ends_at: input.endsAt ? new Date(input.endsAt) : undefined,
      responsible_account_id: input.responsibleAccountId,
    })
    // The ingestion caches each device's order window: a new end must reach it.
    for (const d of await devices.listDevices(trx, actor, { orderIds: [id] })) await announceDeviceChange(trx, d.serial)
    await recordAudit(trx, actor, 'update', ENTITY, [{ id, areaId: row.area_id }])
    return toOrder(trx, actor, await requireOrder(trx, actor, id))
  })
}

/** Releases an order with a note; its devices are unbound (they stop alerting). @throws NotFoundError; IsolationReleasedError */
export async function releaseIsolationOrder(deps: Deps, actor: Actor, id: string, note: string, now = new Date()): Promise<IsolationOrder> {
  return deps.db.transaction().execute(async (trx) => {
    const released = await repo.releaseOrder(trx, actor, id, actor.account.id, note, now)
    if (!released) {
      await requireOrder(trx, actor, id)
      throw new IsolationReleasedError()
    }
    for (const serial of await repo.unbindDevices(trx, actor, id, now)) await announceDeviceChange(trx, serial)
    await recordAudit(trx, actor, 'update', ENTITY, [{ id, areaId: released.area_id }])
    return toOrder(trx, actor, await requireOrder(trx, actor, id))
  })
}

/**
 * Binds a device (by serial, as printed on it) to an open order.
 * @throws NotFoundError; DeviceKindMismatchError for public-area devices; DeviceAlreadyBoundError
 */
export async function bindDevice(deps: Deps, actor: Actor, id: string, serial: string, now = new Date()): Promise<IsolationOrder> {
  return deps.db.transaction().execute(async (trx) => {
    const order = await requireOrder(trx, actor, id)
    if (order.status !== 'open') throw new IsolationReleasedError()
    const device = await devices.findDeviceBySerial(trx, actor, serial)
    if (device?.status !== 'active') throw new NotFoundError('device')
    if (!(ISOLATION_DEVICE_KINDS as readonly string[]).includes(device.kind)) throw new DeviceKindMismatchError()
    if (device.isolation_order_id === id) return toOrder(trx, actor, order)
    if (device.isolation_order_id) throw new DeviceAlreadyBoundError()
    await trx
      .insertInto('device_binding')
      .values({
        device_id: device.id,
        isolation_order_id: id,
        area_id: order.area_id,
        bound_at: now,
        unbound_at: null,
        bound_by: actor.account.id,
      })
      .execute()
    await announceDeviceChange(trx, device.serial)
    return toOrder(trx, actor, order)
  })
}

/** Unbinds a device from an order. @throws NotFoundError */
export async function unbindDevice(deps: Deps, actor: Actor, id: string, deviceId: string, now = new Date()): Promise<IsolationOrder> {
  return deps.db.transaction().execute(async (trx) => {
    const order = await requireOrder(trx, actor, id)
    const serials = await repo.unbindDevices(trx, actor, id, now, deviceId)
    if (!serials.length) throw new NotFoundError('device')
    for (const serial of serials) await announceDeviceChange(trx, serial)
    return toOrder(trx, actor, order)
  })
}

/** A new phone-page link for the person of an order (the gate opened it, or the link was lost). */
export async function issueOrderSelfLink(deps: Deps, actor: Actor, id: string): Promise<{ selfServicePath: string }> {
  const order = await requireOrder(deps.db, actor, id)
  if (order.status !== 'open') throw new IsolationReleasedError()
  return {
    selfServicePath: await createSelfServiceLink(deps.db, {
      personId: order.person_id,
      areaId: order.area_id,
      isolationOrderId: id,
      expiresAt: order.ends_at,
    }),
  }
}

/** Grid workers who can be made responsible (for the form). */
export async function listResponsibleOptions(deps: Deps, actor: Actor) {
  const rows = await repo.listGridWorkers(deps.db, actor)
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, areaName: r.area_name }))
}

import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, testDatabaseKind, type TestContext } from '../../../../test/db.ts'
import { createAreaTree, personInput, residentId } from '../../../../test/factories.ts'
import { personInputSchema, personUpdateSchema } from '../../../shared/schemas/person.ts'
import type { Actor } from '../auth/actor.ts'
import * as service from './person.service.ts'

describe(`person.service on ${testDatabaseKind()}`, () => {
  let ctx: TestContext
  let actor: Actor
  let tree: Awaited<ReturnType<typeof createAreaTree>>

  beforeAll(async () => {
    ctx = await createTestContext()
    tree = await createAreaTree(ctx.deps)
    const account = await ctx.deps.db
      .insertInto('account')
      .values({ username: 'w', display_name: 'w', role: 'grid_worker', area_id: tree.villageA.id, password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow()
    actor = {
      account: {
        id: account.id,
        username: 'w',
        displayName: 'w',
        role: 'grid_worker',
        areaId: tree.villageA.id,
        areaName: '',
        areaLevel: 'village',
        areaPath: tree.villageA.path,
      },
      areaPath: tree.villageA.path,
      ip: '10.0.0.7',
    }
  })
  afterAll(() => ctx.close())

  describe('createPerson', () => {
    it('stores no plain ID number or phone anywhere in the row', async () => {
      const idNumber = residentId()
      const person = await service.createPerson(
        ctx.deps,
        actor,
        personInputSchema.parse(personInput(tree.villageA.id, { idNumber, phone: '13700001111' })),
      )
      const { rows } = await sql<Record<string, unknown>>`SELECT * FROM person WHERE id = ${person.id}`.execute(ctx.deps.db)
      const raw = JSON.stringify(rows[0])
      expect(raw).not.toContain(idNumber)
      expect(raw).not.toContain(idNumber.slice(6, 14)) // not even the birth date part
      expect(raw).not.toContain('13700001111')
      expect(rows[0]!.id_number_enc).toMatch(/^v1\./)
      // ...and it is still there for those allowed to see it
      expect((await service.revealIdentity(ctx.deps, actor, person.id)).idNumber).toBe(idNumber)
    })

    it('seals the same ID differently each time but indexes it the same', async () => {
      const a = ctx.deps.cipher.seal('33038219900101123X')
      const b = ctx.deps.cipher.seal('33038219900101123X')
      expect(a).not.toBe(b)
      expect(ctx.deps.cipher.blindIndex('person.id_number', '33038219900101123X')).toBe(
        ctx.deps.cipher.blindIndex('person.id_number', '33038219900101123X'),
      )
      expect(ctx.deps.cipher.open(a)).toBe('33038219900101123X')
    })

    it('leaves nothing half-written when a step of the registration fails', async () => {
      const before = await ctx.deps.db
        .selectFrom('person')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      const broken: Actor = { ...actor, account: { ...actor.account, id: '00000000-0000-0000-0000-000000000000' } }
      await expect(service.createPerson(ctx.deps, broken, personInputSchema.parse(personInput(tree.villageA.id)))).rejects.toThrow()
      const after = await ctx.deps.db
        .selectFrom('person')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      expect(Number(after.n)).toBe(Number(before.n))
    })
  })

  describe('updatePerson', () => {
    it('keeps the stored ID number and phone when a change leaves them out', async () => {
      const idNumber = residentId()
      const person = await service.createPerson(
        ctx.deps,
        actor,
        personInputSchema.parse(personInput(tree.villageA.id, { idNumber, phone: '13600002222' })),
      )
      const changed = await service.updatePerson(
        ctx.deps,
        actor,
        person.id,
        personUpdateSchema.parse({ ...personInput(tree.gridA.id, { name: '改名后' }), idNumber: undefined, phone: undefined }),
      )
      expect(changed).toMatchObject({ name: '改名后', areaId: tree.gridA.id })
      expect(await service.revealIdentity(ctx.deps, actor, person.id)).toEqual({ idType: 'resident_id', idNumber, phone: '13600002222' })
    })
  })

  describe('updatePerson refusals', () => {
    it('refuses a new document type without its number', async () => {
      const person = await service.createPerson(ctx.deps, actor, personInputSchema.parse(personInput(tree.villageA.id)))
      const change = personUpdateSchema.parse({ ...personInput(tree.villageA.id), idType: 'passport', idNumber: undefined })
      await expect(service.updatePerson(ctx.deps, actor, person.id, change)).rejects.toMatchObject({
        code: 'PERSON_ID_NUMBER_NEEDED',
        status: 422,
      })
    })
  })

  describe('audit', () => {
    it('records who read which person, from where', async () => {
      const person = await service.createPerson(ctx.deps, actor, personInputSchema.parse(personInput(tree.gridA.id)))
      await service.getPerson(ctx.deps, actor, person.id)
      await service.revealIdentity(ctx.deps, actor, person.id)
      await service.listPeople(ctx.deps, actor, { page: 1, pageSize: 50 })
      const rows = await ctx.deps.db
        .selectFrom('audit_log')
        .select(['action', 'account_id', 'ip', 'area_id'])
        .where('entity_type', '=', 'person')
        .where('entity_id', '=', person.id)
        .orderBy('id')
        .execute()
      expect(rows.map((r) => r.action)).toEqual(['create', 'read', 'reveal'])
      for (const row of rows) expect(row).toMatchObject({ account_id: actor.account.id, ip: '10.0.0.7', area_id: tree.gridA.id })
      // the list page is one summary row that names the person among those listed
      const lists = await ctx.deps.db
        .selectFrom('audit_log')
        .select(['target_ids', 'target_count', 'account_id'])
        .where('action', '=', 'list')
        .where(sql<boolean>`target_ids @> ARRAY[${person.id}]::text[]`)
        .execute()
      expect(lists).toHaveLength(1)
      expect(lists[0]).toMatchObject({ account_id: actor.account.id })
      expect(lists[0]!.target_count).toBe(lists[0]!.target_ids!.length)
    })

    it('puts no personal data in the audit log', async () => {
      const idNumber = residentId()
      await service.createPerson(ctx.deps, actor, personInputSchema.parse(personInput(tree.villageA.id, { name: '审计测试', idNumber })))
      const { rows } = await sql`SELECT * FROM audit_log`.execute(ctx.deps.db)
      const raw = JSON.stringify(rows)
      expect(raw).not.toContain(idNumber)
      expect(raw).not.toContain('审计测试')
    })
  })

  describe('listPeople', () => {
    it('finds a person by full ID number or phone through the blind index, and by name prefix', async () => {
      const idNumber = residentId()
      const person = await service.createPerson(
        ctx.deps,
        actor,
        personInputSchema.parse(personInput(tree.villageA.id, { name: '欧阳娜娜', idNumber, phone: '15000001234' })),
      )
      const ids = async (q: string) => (await service.listPeople(ctx.deps, actor, { q, page: 1, pageSize: 20 })).items.map((p) => p.id)
      expect(await ids(idNumber)).toEqual([person.id])
      expect(await ids('15000001234')).toEqual([person.id])
      expect(await ids('欧阳')).toEqual([person.id])
      expect(await ids(idNumber.slice(0, 10))).toEqual([])
    })
  })
})

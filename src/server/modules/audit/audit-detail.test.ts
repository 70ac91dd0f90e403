import { describe, expect, it } from 'vitest'
import { queryShape } from './audit-detail.ts'

describe('queryShape', () => {
  it('keeps filters and paging but not the names, numbers or phones searched for', () => {
    const shape = queryShape({
      q: '张三',
      idNumber: '330382199001010015',
      phone: '13812345678',
      kind: 'new_resident',
      areaId: '0b7e0a4e-3c1f-4c55-9a53-1f3c1ad0a001',
      from: '2026-12-01',
      page: 2,
      unbound: true,
      empty: undefined,
      free: 'Zhang San',
      nested: { name: '李四', status: 'open' },
    })
    expect(shape).toEqual({
      q: 'given',
      idNumber: 'given',
      phone: 'given',
      kind: 'new_resident',
      areaId: '0b7e0a4e-3c1f-4c55-9a53-1f3c1ad0a001',
      from: '2026-12-01',
      page: 2,
      unbound: true,
      free: 'given',
      nested: { name: 'given', status: 'open' },
    })
  })

  it('does not keep a bare number that could be an ID or phone under an innocent key', () => {
    expect(queryShape({ filter: '330382199001010015', other: '13812345678' })).toEqual({ filter: 'given', other: 'given' })
  })
})

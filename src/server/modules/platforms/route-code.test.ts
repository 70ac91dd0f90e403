import { describe, expect, it } from 'vitest'
import type { HealthPlatformRow } from './platforms.table.ts'
import { mayBePlatformCode, routeCode } from './platforms.service.ts'

function platform(name: string, regions: string, prefix: string | null = null, enabled = true): HealthPlatformRow {
  return {
    id: name,
    name,
    region_codes: regions,
    code_prefix: prefix,
    endpoint: 'http://x',
    app_id: 'a',
    secret_sealed: 's',
    timeout_ms: 3000,
    cache_seconds: 60,
    signing_scheme: 'hmac-sha256-v1',
    enabled,
    created_at: new Date(),
  }
}

describe('routeCode', () => {
  const platforms = [
    platform('江西', '360000'),
    platform('湖南', '430000,430100'),
    platform('赣州', '360700', 'GZHC:'),
    platform('四川', '510000', null, false),
  ]

  it('routes a registered prefix first, then the exact region, then the province', () => {
    expect(routeCode(platforms, 'GZHC:whatever')?.name).toBe('赣州')
    expect(routeCode(platforms, 'CNHC:430100:abcdefgh1234')?.name).toBe('湖南')
    expect(routeCode(platforms, 'CNHC:360700:abcdefgh1234')?.name).toBe('赣州')
    expect(routeCode(platforms, 'CNHC:360100:abcdefgh1234')?.name).toBe('江西')
    expect(routeCode(platforms, 'CNHC:431200:abcdefgh1234')?.name).toBe('湖南')
  })

  it('routes nothing to a switched-off platform or an unknown province', () => {
    expect(routeCode(platforms, 'CNHC:510100:abcdefgh1234')).toBeNull()
    expect(routeCode(platforms, 'CNHC:110000:abcdefgh1234')).toBeNull()
    expect(routeCode(platforms, 'hello')).toBeNull()
  })

  it('never sends our own codes, DCC or SHC to a platform', () => {
    for (const text of ['GL1:ABC', 'HC1:ABC', 'shc:/5676', 'SHC:/5676']) expect(mayBePlatformCode(text)).toBe(false)
    expect(mayBePlatformCode('CNHC:360000:abcdefgh1234')).toBe(true)
  })
})

import type { FieldCipher } from '../../crypto/field-cipher.ts'
import type { Trx } from '../../db/database.ts'
import { startHealthPlatformSimulator, VERIFY_PATH, type HealthPlatformSimulator } from './platform-simulator.ts'

/**
 * The two provinces the demo's returnees come from (返岗直通车 from Jiangxi and Hunan), served
 * by `simulate-health-platform` on loopback. Demo secrets only: never loaded in production.
 */
export const DEMO_PLATFORMS = [
  {
    key: 'jiangxi',
    name: '江西省健康码平台',
    regionCode: '360000',
    port: 18361,
    appId: 'wenzhou-jx',
    secret: 'demo-jiangxi-secret-2020-not-for-production',
  },
  {
    key: 'hunan',
    name: '湖南省健康码平台',
    regionCode: '430000',
    port: 18431,
    appId: 'wenzhou-hn',
    secret: 'demo-hunan-secret-2020-not-for-production',
  },
] as const
export type DemoPlatformKey = (typeof DEMO_PLATFORMS)[number]['key']

/** Registers the demo platforms (inside the demo data's transaction). */
export async function seedHealthPlatforms(trx: Trx, cipher: FieldCipher): Promise<void> {
  for (const p of DEMO_PLATFORMS) {
    await trx
      .insertInto('health_platform')
      .values({
        name: p.name,
        region_codes: p.regionCode,
        endpoint: `http://127.0.0.1:${p.port}${VERIFY_PATH}`,
        app_id: p.appId,
        secret_sealed: cipher.seal(p.secret),
        timeout_ms: 3000,
        cache_seconds: 60,
      })
      .execute()
  }
}

/** Starts a simulator for one demo platform (its registered secret and app id). */
export function startDemoPlatform(key: DemoPlatformKey, port?: number): Promise<HealthPlatformSimulator> {
  const p = DEMO_PLATFORMS.find((d) => d.key === key)!
  return startHealthPlatformSimulator({ name: p.name, regionCode: p.regionCode, appId: p.appId, secret: p.secret, port: port ?? p.port })
}

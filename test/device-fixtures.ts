import type { Deps } from '../src/server/deps.ts'
import type { DeviceSecrets } from '../src/cli/simulated-device.ts'
import { deriveDeviceKeys, newDeviceSecret } from '../src/server/modules/devices/credentials.ts'

/**
 * Bracelets registered straight in the database (before the device runtime starts, which loads
 * them), with what each would be flashed with.
 */
export async function insertBracelets(deps: Deps, areaId: string, serials: string[]): Promise<DeviceSecrets[]> {
  const devices = serials.map((serial) => ({ serial, secret: newDeviceSecret() }))
  await deps.db
    .insertInto('device')
    .values(
      devices.map((d) => ({
        area_id: areaId,
        serial: d.serial,
        kind: 'bracelet' as const,
        label: null,
        group_name: null,
        stream_url: null,
        report_interval_s: 60,
        secret_enc: deps.cipher.seal(d.secret),
        status: 'active' as const,
        battery: null,
        last_seen_at: null,
      })),
    )
    .execute()
  return devices.map((d) => {
    const keys = deriveDeviceKeys(d.secret)
    return { serial: d.serial, mqttPassword: keys.mqttPassword, signingKey: keys.signingKey.toString('base64url') }
  })
}

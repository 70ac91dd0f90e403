import { createHmac, randomBytes } from 'node:crypto'

/** A new master secret for a device: 32 random bytes. Only its sealed form is stored. */
export function newDeviceSecret(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * What a device's master secret gives: the password it connects with (the broker checks it)
 * and the key it signs messages with (the ingestion checks it). Two keys, so a password seen by
 * a broker or in a Mosquitto password file does not let anyone sign readings.
 */
export function deriveDeviceKeys(secret: string): { mqttPassword: string; signingKey: Buffer } {
  return {
    mqttPassword: createHmac('sha256', secret).update('gridline mqtt password v1').digest('base64url'),
    signingKey: createHmac('sha256', secret).update('gridline message signing v1').digest(),
  }
}

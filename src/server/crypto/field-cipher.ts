import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'

const VERSION = 'v1'

/**
 * Seals personal fields (ID numbers, phones) with AES-256-GCM and computes their blind
 * index: an HMAC under a key derived from the data key, so equal values can be found and
 * kept unique without the database ever holding the plain value.
 */
export class FieldCipher {
  private readonly indexKey: Buffer

  constructor(private readonly dataKey: Buffer) {
    if (dataKey.length !== 32) throw new Error('the data key must be 32 bytes')
    this.indexKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'gridline blind index v1', 32))
  }

  /**
   * Encrypts a value.
   * @returns 'v1.' + base64(iv ‖ tag ‖ ciphertext)
   */
  seal(plain: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.dataKey, iv)
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`
  }

  /**
   * Decrypts a sealed value.
   * @throws when the value was tampered with or sealed under another key
   */
  open(sealed: string): string {
    const [version, body] = sealed.split('.', 2)
    if (version !== VERSION || !body) throw new Error('unknown sealed value format')
    const raw = Buffer.from(body, 'base64')
    const decipher = createDecipheriv('aes-256-gcm', this.dataKey, raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(12, 28))
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
  }

  /**
   * Keyed hash for look-ups; the purpose keeps an ID number and a phone with the same digits apart.
   */
  blindIndex(purpose: string, value: string): string {
    return createHmac('sha256', this.indexKey).update(purpose).update('\0').update(value).digest('base64url')
  }
}

import {
  colourFromNationalCode,
  idTypeFromNationalCode,
  VERIFY_RESULT_CODES,
  type NationalVerifyRequest,
  type NationalVerifyResponse,
} from '../../../shared/health-code-standard.ts'
import type { IdDocumentType } from '../../../shared/id-document.ts'
import type { HealthColour } from '../../../shared/schemas/gate.ts'
import { checkResponseSignature, SIGNATURE_HEADERS, signRequest } from './platform-signing.ts'

/** Where and how to reach one platform's 验码 interface. */
export interface PlatformConnection {
  endpoint: string
  appId: string
  secret: string
  timeoutMs: number
}

/**
 * What the platform said. `answered` is a trustworthy answer (signed by the platform); the code
 * may still be unknown or revoked there. `unavailable` means no trustworthy answer: the scan
 * waits (待核验) and is asked again later.
 */
export type PlatformAnswer =
  | {
      status: 'answered'
      valid: true
      colour: HealthColour
      holder: { name: string; idType: IdDocumentType; idTail: string }
      statusTime: string
    }
  | { status: 'answered'; valid: false; reason: 'UNKNOWN_CODE' | 'REVOKED' | 'MALFORMED' }
  | { status: 'unavailable'; reason: 'PLATFORM_TIMEOUT' | 'PLATFORM_DOWN' | 'PLATFORM_BAD_SIGNATURE' | 'PLATFORM_REFUSED_REQUEST' }

/** Sends one signed 验码 request. Never throws: every failure is an answer. */
export async function verifyOnPlatform(connection: PlatformConnection, request: NationalVerifyRequest): Promise<PlatformAnswer> {
  const body = JSON.stringify(request)
  const headers = signRequest(connection.appId, connection.secret, body)
  let response: Response
  let text: string
  try {
    response = await fetch(connection.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(connection.timeoutMs),
    })
    text = await response.text()
  } catch (error) {
    const name = (error as Error).name
    return { status: 'unavailable', reason: name === 'TimeoutError' || name === 'AbortError' ? 'PLATFORM_TIMEOUT' : 'PLATFORM_DOWN' }
  }
  if (response.status >= 500) return { status: 'unavailable', reason: 'PLATFORM_DOWN' }
  if (!checkResponseSignature(response.headers, connection.secret, headers[SIGNATURE_HEADERS.nonce]!, text)) {
    // With a wrong secret on our side we cannot check its answer either; an unchecked refusal
    // of our signature can only make the scan wait, so it is safe to name it for the admin.
    return { status: 'unavailable', reason: refusedOurRequest(text) ? 'PLATFORM_REFUSED_REQUEST' : 'PLATFORM_BAD_SIGNATURE' }
  }
  let answer: NationalVerifyResponse
  try {
    answer = JSON.parse(text) as NationalVerifyResponse
  } catch {
    return { status: 'unavailable', reason: 'PLATFORM_DOWN' }
  }
  if (answer.code === VERIFY_RESULT_CODES.unknownCode) return { status: 'answered', valid: false, reason: 'UNKNOWN_CODE' }
  if (answer.code === VERIFY_RESULT_CODES.revoked) return { status: 'answered', valid: false, reason: 'REVOKED' }
  // The platform refused our signature or clock: a configuration fault on our side, not the person's.
  if (answer.code !== VERIFY_RESULT_CODES.ok) return { status: 'unavailable', reason: 'PLATFORM_REFUSED_REQUEST' }
  const data = answer.data
  const colour = data ? colourFromNationalCode(data.colourCode) : null
  if (!data || !colour) return { status: 'answered', valid: false, reason: 'MALFORMED' }
  return {
    status: 'answered',
    valid: true,
    colour,
    holder: {
      name: String(data.maskedName).slice(0, 20),
      idType: idTypeFromNationalCode(data.idTypeCode),
      idTail: String(data.idTail).slice(-4),
    },
    statusTime: data.statusTime,
  }
}

function refusedOurRequest(text: string): boolean {
  try {
    const code = (JSON.parse(text) as { code?: unknown }).code
    return code === VERIFY_RESULT_CODES.badSignature || code === VERIFY_RESULT_CODES.expiredRequest
  } catch {
    return false
  }
}

import { message, type Locale } from '../../../shared/messages.ts'
import type { Problem } from '../../../shared/schemas/common.ts'
import { ApiError } from '../../api/client.ts'

/**
 * Sends a file as the request body (uploads and imports take the file itself, not multipart),
 * with the same language header and problem handling as api().
 */
export async function sendFile<T>(path: string, file: Blob, locale: Locale): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Accept-Language': locale, 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError({
      type: 'about:blank',
      title: locale === 'en' ? 'Cannot reach the server' : '无法连接服务器，请检查网络',
      status: 0,
      code: 'NETWORK',
    })
  }
  const text = await response.text()
  const data = text ? (JSON.parse(text) as unknown) : undefined
  if (response.ok) return data as T
  const problem = data as Problem | undefined
  throw new ApiError(
    problem?.code
      ? problem
      : { type: 'about:blank', title: message('INTERNAL', locale) ?? response.statusText, status: response.status, code: 'INTERNAL' },
  )
}

/** "3 小时" under two days, "5 天" after. */
export function waitingText(
  hours: number,
  t: (key: 'housing.waitingHours' | 'housing.waitingDays', vars: Record<string, number>) => string,
): string {
  return hours < 48 ? t('housing.waitingHours', { n: hours }) : t('housing.waitingDays', { n: Math.floor(hours / 24) })
}

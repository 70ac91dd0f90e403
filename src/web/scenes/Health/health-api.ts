import { message, type Locale } from '../../../shared/messages.ts'
import type { Problem } from '../../../shared/schemas/common.ts'
import { ApiError } from '../../api/client.ts'

/**
 * Sends a file as the request body with upload progress: fetch cannot report upload progress,
 * XMLHttpRequest can. Same language header and problem handling as api().
 * @param onProgress fraction sent, 0..1; 1 once the server has the whole file and is working
 */
export function uploadWithProgress<T>(path: string, file: Blob, locale: Locale, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', path)
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Accept-Language', locale)
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream')
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total)
    }
    xhr.upload.onload = () => onProgress(1)
    xhr.onerror = () =>
      reject(
        new ApiError({
          type: 'about:blank',
          title: locale === 'en' ? 'Cannot reach the server' : '无法连接服务器，请检查网络',
          status: 0,
          code: 'NETWORK',
        }),
      )
    xhr.onload = () => {
      let data: unknown
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined
      } catch {
        data = undefined
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as T)
      const problem = data as Problem | undefined
      reject(
        new ApiError(
          problem?.code
            ? problem
            : { type: 'about:blank', title: message('INTERNAL', locale) ?? xhr.statusText, status: xhr.status, code: 'INTERNAL' },
        ),
      )
    }
    xhr.send(file)
  })
}

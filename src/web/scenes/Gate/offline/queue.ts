import type { GateDecisionResult, GateScanBody } from '../../../../shared/schemas/gate.ts'
import { api, ApiError } from '../../../api/client.ts'
import { append, listAll, moveToFailed, remove } from './db.ts'
import type { ShownDecision } from './decide-offline.ts'

/**
 * Scans decided offline wait here until the server has them. Uploading is safe to repeat: the
 * server keeps one passage per clientScanId, so a scan whose answer was lost is sent again.
 */

/** A hung request must not block the queue forever; a timed-out scan is simply sent again later. */
const UPLOAD_TIMEOUT_MS = 15_000

/** A scan waiting for upload: the request body exactly as it will be sent. */
export interface QueuedScan {
  seq?: number
  body: GateScanBody
  /** What the phone decided, shown in the list until the server's passage replaces it. */
  local: Pick<ShownDecision, 'decision' | 'reasons' | 'colour'>
}

/** A queued scan the server refused for good, with its problem. */
export interface FailedScan extends QueuedScan {
  problem: { status: number; code: string; title: string }
}

/** What one pass over the queue achieved. */
export interface UploadReport {
  uploaded: number
  failed: number
  /** false when the upload stopped early (network gone, server error, signed out). */
  complete: boolean
}

/** Adds a scan to the end of the queue. */
export async function enqueueScan(scan: QueuedScan): Promise<void> {
  await append('queue', scan)
}

/** Scans waiting for upload, oldest first. */
export const listQueued = () => listAll<QueuedScan>('queue')
/** Scans the server refused, oldest first. */
export const listFailed = () => listAll<FailedScan>('failed')
/** Drops a refused scan once the guard has seen it. */
export const dismissFailed = (seq: number) => remove('failed', seq)

/**
 * A 4xx that will not change on retry (validation, unknown checkpoint). Not 401 (sign in again
 * and retry), 408 or 429 (retry later).
 */
function isPermanent(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && ![401, 408, 429].includes(error.status)
}

async function drain(): Promise<UploadReport> {
  const report: UploadReport = { uploaded: 0, failed: 0, complete: true }
  for (const item of await listQueued()) {
    try {
      await api<GateDecisionResult>('/api/gate/scans', { method: 'POST', body: item.body, signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS) })
      // Removed only after the server answered: a crash before this line means a resend, which
      // the server answers with the stored passage.
      await remove('queue', item.seq!)
      report.uploaded++
    } catch (error) {
      if (!isPermanent(error)) {
        // Keep the order: later scans wait for this one.
        report.complete = false
        break
      }
      const { status, code, title } = error.problem
      await moveToFailed(item.seq!, { ...item, problem: { status, code, title } } satisfies FailedScan)
      report.failed++
    }
  }
  return report
}

let running: Promise<UploadReport> | undefined

/** Uploads the queue in order; concurrent calls (online event, button, timer) share one run. */
export function uploadQueue(): Promise<UploadReport> {
  running ??= drain().finally(() => {
    running = undefined
  })
  return running
}

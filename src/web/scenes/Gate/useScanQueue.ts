import { useCallback, useEffect, useRef, useState } from 'react'
import {
  dismissFailed,
  enqueueScan,
  listFailed,
  listQueued,
  uploadQueue,
  type FailedScan,
  type QueuedScan,
  type UploadReport,
} from './offline/queue.ts'

/** While scans wait and the browser claims to be online, try again this often (a dead link heals). */
const RETRY_MS = 30_000

/** The offline queue and what the page can do with it. */
export interface ScanQueue {
  queued: QueuedScan[]
  failed: FailedScan[]
  uploading: boolean
  upload(): Promise<UploadReport | undefined>
  enqueue(scan: QueuedScan): Promise<void>
  dismiss(seq: number): Promise<void>
}

/**
 * The offline queue as React state. Uploads on load, on the `online` event, on a timer while
 * scans wait, and when the guard presses the button.
 * @param onUploaded called after an upload that sent at least one scan (refresh the passage list)
 */
export function useScanQueue(online: boolean, onUploaded: (report: UploadReport) => void): ScanQueue {
  const [queued, setQueued] = useState<QueuedScan[]>([])
  const [failed, setFailed] = useState<FailedScan[]>([])
  const [uploading, setUploading] = useState(false)
  // A ref, so a new callback each render does not restart the upload effects.
  const onUploadedRef = useRef(onUploaded)
  useEffect(() => {
    onUploadedRef.current = onUploaded
  })

  const reload = useCallback(async () => {
    const [q, f] = await Promise.all([listQueued(), listFailed()])
    setQueued(q)
    setFailed(f)
  }, [])

  const upload = useCallback(async () => {
    setUploading(true)
    try {
      const report = await uploadQueue()
      if (report.uploaded || report.failed) onUploadedRef.current(report)
      return report
    } catch {
      return undefined
    } finally {
      setUploading(false)
      await reload()
    }
  }, [reload])

  useEffect(() => {
    void reload()
  }, [reload])

  useEffect(() => {
    if (online) void upload()
  }, [online, upload])

  const waiting = queued.length > 0
  useEffect(() => {
    if (!online || !waiting) return
    const timer = setInterval(() => void upload(), RETRY_MS)
    return () => clearInterval(timer)
  }, [online, waiting, upload])

  const enqueue = useCallback(
    async (scan: QueuedScan) => {
      await enqueueScan(scan)
      await reload()
    },
    [reload],
  )
  const dismiss = useCallback(
    async (seq: number) => {
      await dismissFailed(seq)
      await reload()
    },
    [reload],
  )
  return { queued, failed, uploading, upload, enqueue, dismiss }
}

import { CloudUploadOutlined, SafetyCertificateOutlined, WifiOutlined } from '@ant-design/icons'
import { Button, Tag } from 'antd'
import dayjs from 'dayjs'
import { useEffect, useState } from 'react'
import relativeTime from 'dayjs/plugin/relativeTime.js'
import { useI18n } from '../../hooks/useI18n.ts'
import type { CachedTrust } from './offline/trust.ts'
import type { ScanQueue } from './useScanQueue.ts'

dayjs.extend(relativeTime)

/** A trust list older than this is flagged: revocations since then are unknown offline. */
const STALE_MS = 24 * 3600 * 1000

/** One line the guard can glance at: network, trust list freshness, scans waiting to upload. */
export function GateStatusBar({
  online,
  trust,
  rejected,
  queue,
}: {
  online: boolean
  trust: CachedTrust | null
  rejected: boolean
  queue: ScanQueue
}) {
  const { t, locale } = useI18n()
  // Re-render every minute so "updated 5 minutes ago" keeps counting on an idle, offline page.
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000)
    return () => clearInterval(timer)
  }, [])
  const waiting = queue.queued.length
  const fetchedAt = trust ? Date.parse(trust.fetchedAt) : 0
  const stale = now - fetchedAt > STALE_MS
  // "now" lags a fetch made after the last tick: never show an age in the future.
  const age = dayjs(fetchedAt)
    .locale(locale === 'en' ? 'en' : 'zh-cn')
    .from(Math.max(now, fetchedAt))
  return (
    <div className="gl-gate-status" data-testid="gate-status">
      <Tag color={online ? 'success' : undefined} icon={<WifiOutlined />} data-testid="gate-online" data-online={online}>
        {t(online ? 'gate.online' : 'gate.offline')}
      </Tag>
      <Tag color={waiting ? 'orange' : undefined} data-testid="gate-queued" data-count={waiting}>
        {t('gate.queued', { n: waiting })}
      </Tag>
      {waiting ? (
        <Button
          size="small"
          type="primary"
          icon={<CloudUploadOutlined />}
          loading={queue.uploading}
          disabled={!online}
          onClick={() => void queue.upload()}
          data-testid="gate-upload"
        >
          {t('gate.upload', { n: waiting })}
        </Button>
      ) : null}
      <Tag
        color={rejected || stale ? 'warning' : 'processing'}
        icon={<SafetyCertificateOutlined />}
        data-testid="gate-trust"
        data-version={trust?.list.version ?? ''}
        title={rejected ? t('gate.trustRejected') : undefined}
      >
        {trust ? t('gate.trust', { version: trust.list.version, age }) : t('gate.trustNone')}
      </Tag>
    </div>
  )
}

import { CloudUploadOutlined, SafetyCertificateOutlined, WifiOutlined } from '@ant-design/icons'
import { Button, Tag } from 'antd'
import dayjs from 'dayjs'
import relativeTime from 'dayjs/plugin/relativeTime.js'
import { useI18n } from '../../hooks/useI18n.ts'
import type { CachedTrust } from './offline/trust.ts'
import type { ScanQueue } from './useScanQueue.ts'

dayjs.extend(relativeTime)

/** A trust list older than this is flagged: revocations since then are unknown offline. */
const STALE_MS = 24 * 3600 * 1000

/** One line the guard can glance at: network, trust list freshness, scans waiting to upload. */
export function GateStatusBar({ online, trust, rejected, queue }: { online: boolean; trust: CachedTrust | null; rejected: boolean; queue: ScanQueue }) {
  const { t, locale } = useI18n()
  const waiting = queue.queued.length
  const stale = trust ? Date.now() - Date.parse(trust.fetchedAt) > STALE_MS : true
  return (
    <div className="gl-gate-status" data-testid="gate-status">
      <Tag color={online ? 'success' : 'default'} icon={<WifiOutlined />} data-testid="gate-online" data-online={online}>
        {t(online ? 'gate.online' : 'gate.offline')}
      </Tag>
      <Tag
        color={rejected || stale ? 'warning' : 'processing'}
        icon={<SafetyCertificateOutlined />}
        data-testid="gate-trust"
        data-version={trust?.list.version ?? ''}
        title={trust ? `v${trust.list.version} · ${trust.list.issuedAt}` : undefined}
      >
        {trust
          ? t('gate.trust', { age: dayjs(trust.fetchedAt).locale(locale === 'en' ? 'en' : 'zh-cn').fromNow() })
          : t('gate.trustNone')}
      </Tag>
      <Tag color={waiting ? 'orange' : 'default'} data-testid="gate-queued" data-count={waiting}>
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
    </div>
  )
}

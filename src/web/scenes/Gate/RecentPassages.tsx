import { Alert, Button, List, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import type { GateDecision, GateDecisionResult } from '../../../shared/schemas/gate.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import type { ScanQueue } from './useScanQueue.ts'

const TAG_COLOURS: Record<GateDecision, string> = {
  admit: 'green',
  admit_escort: 'green',
  home_isolation: 'gold',
  centralised_isolation: 'red',
  refuse: 'magenta',
}

interface Row {
  key: string
  decision: GateDecision
  name: string | null
  scannedAt: string
  temperature: number | null
  pending: boolean
  /** 待核验 at the issuing platform (issue 20) */
  awaiting?: boolean
  verifiedOnlineBy?: string | null
}

/**
 * The last passages at this checkpoint: scans still waiting on this phone first, then the
 * server's log (online only). Scans the server refused are listed apart with its reason.
 */
export function RecentPassages({
  checkpointId,
  online,
  queue,
  refreshKey,
}: {
  checkpointId: string
  online: boolean
  queue: ScanQueue
  refreshKey: number
}) {
  const { t, d } = useI18n()
  const passages = useApiData<GateDecisionResult[]>(online ? '/api/gate/passages' : null, { checkpointId, limit: 8 }, refreshKey)
  const pending: Row[] = queue.queued
    .filter((q) => q.body.checkpointId === checkpointId)
    .map((q) => ({
      key: q.body.clientScanId,
      decision: q.local.decision,
      name: null,
      scannedAt: q.body.scannedAt ?? '',
      temperature: q.body.temperature ?? null,
      pending: true,
    }))
    .reverse()
  const logged: Row[] = online
    ? (passages.data ?? []).map((p) => ({
        key: p.clientScanId,
        decision: p.decision,
        name: p.personName,
        scannedAt: p.scannedAt,
        temperature: p.temperature,
        pending: false,
        verifiedOnlineBy: p.verifiedOnlineBy,
        awaiting: p.pendingVerification,
      }))
    : []

  return (
    <section className="gl-gate-recent" data-testid="gate-passages">
      <Typography.Title level={5}>{t('gate.recent')}</Typography.Title>
      {queue.failed.length ? (
        <Alert
          type="error"
          showIcon
          title={t('gate.failed', { n: queue.failed.length })}
          description={
            <ul className="gl-gate-failed" data-testid="gate-failed">
              {queue.failed.map((f) => (
                <li key={f.seq}>
                  {dayjs(f.body.scannedAt).format('MM-DD HH:mm')} · {f.problem.title}{' '}
                  <Button size="small" type="link" onClick={() => void queue.dismiss(f.seq!)}>
                    {t('gate.dismiss')}
                  </Button>
                </li>
              ))}
            </ul>
          }
          style={{ marginBottom: 8 }}
        />
      ) : null}
      {passages.error && online ? <LoadError error={passages.error} onRetry={passages.reload} /> : null}
      {online ? null : <Typography.Paragraph type="secondary">{t('gate.recentOffline')}</Typography.Paragraph>}
      <List<Row>
        size="small"
        bordered
        loading={online && passages.loading && !passages.data}
        dataSource={[...pending, ...logged]}
        locale={{ emptyText: t('gate.recentEmpty') }}
        renderItem={(row) => (
          <List.Item key={row.key} data-testid={row.pending ? 'gate-passage-pending' : 'gate-passage'}>
            <span className="gl-gate-recent-row">
              <Tag color={TAG_COLOURS[row.decision]}>{d.gate.decision[row.decision]}</Tag>
              <span className="gl-gate-recent-name">{row.name ?? '—'}</span>
              {row.pending ? <Tag color="orange">{t('gate.pending')}</Tag> : null}
              {row.awaiting ? (
                <Tag color="orange" data-testid="gate-passage-awaiting">
                  {t('gate.pendingVerification')}
                </Tag>
              ) : null}
              {row.verifiedOnlineBy ? (
                <Tag color="blue" data-testid="gate-passage-verified-online">
                  {t('gate.verifiedOnline', { platform: row.verifiedOnlineBy })}
                </Tag>
              ) : null}
              <span className="gl-gate-recent-meta gl-mono">
                {row.temperature === null ? '' : `${row.temperature.toFixed(1)}° · `}
                {dayjs(row.scannedAt).format('HH:mm:ss')}
              </span>
            </span>
          </List.Item>
        )}
      />
    </section>
  )
}

import { App, Button, Card, Table, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table/index.js'
import dayjs from 'dayjs'
import { useMemo, useState } from 'react'
import type { z } from 'zod'
import { formatYuan } from '../../../shared/money.ts'
import type { Application, batchSchema } from '../../../shared/schemas/subsidies.ts'
import { api, errorText } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { BatchDrawer } from './BatchDrawer.tsx'
import { PayoutStateTag } from './SubsidyTags.tsx'
import { newIdempotencyKey, yuanText } from './subsidy-words.ts'

type Batch = z.infer<typeof batchSchema>

/**
 * 兑付: pick approved applications (and failed ones to retry) into a batch, then per batch export
 * the bank file and import the bank's result.
 */
export function PayoutsTab() {
  const { t, d, locale } = useI18n()
  const { message } = App.useApp()
  const [version, setVersion] = useState(0)
  const [selected, setSelected] = useState<string[]>([])
  const [creating, setCreating] = useState(false)
  // One key per selection: pressing twice (or retrying after a timeout) makes one batch.
  const [key, setKey] = useState(newIdempotencyKey)
  const [openId, setOpenId] = useState<string>()
  const [page, setPage] = useState(1)
  const payable = useApiData<Page<Application>>('/api/subsidies/payable', { pageSize: 500 }, version)
  const batches = useApiData<Page<Batch>>('/api/subsidies/batches', { page, pageSize: 20 }, version)
  const retryable = useMemo(
    () => new Set((payable.data?.items ?? []).filter((a) => a.state === 'payment_failed').map((a) => a.id)),
    [payable.data],
  )
  const total = useMemo(
    () => (payable.data?.items ?? []).filter((a) => selected.includes(a.id)).reduce((sum, a) => sum + a.amountFen, 0),
    [payable.data, selected],
  )

  const changed = () => setVersion((n) => n + 1)

  const createBatch = async (applicationIds: string[], idempotencyKey: string) => {
    setCreating(true)
    try {
      const batch = await api<Batch>('/api/subsidies/batches', { method: 'POST', body: { applicationIds, idempotencyKey } })
      void message.success(t('sub.pay.created', { number: batch.number }))
      setSelected([])
      setKey(newIdempotencyKey())
      changed()
      setOpenId(batch.id)
    } catch (error) {
      void message.error(errorText(error))
      changed()
    } finally {
      setCreating(false)
    }
  }

  const payableColumns: ColumnsType<Application> = [
    { title: t('sub.app.number'), dataIndex: 'number', width: 170, render: (n: string) => <span className="gl-mono">{n}</span> },
    { title: t('sub.app.enterprise'), dataIndex: 'enterpriseName', width: 200, ellipsis: true },
    { title: t('sub.app.policy'), key: 'policy', ellipsis: true, render: (_, a) => `${a.policyCode} ${a.policyTitle}` },
    {
      title: t('sub.app.amount'),
      dataIndex: 'amountFen',
      width: 140,
      align: 'right',
      render: (fen: number) => <span className="gl-mono">{formatYuan(fen)}</span>,
    },
    {
      title: t('sub.app.state'),
      dataIndex: 'state',
      width: 110,
      render: (s: Application['state']) =>
        s === 'payment_failed' ? <Tag color="volcano">{t('sub.pay.retry')}</Tag> : <Tag color="blue">{d.subsidy.state[s]}</Tag>,
    },
    {
      title: t('sub.app.approvedAt'),
      dataIndex: 'approvedAt',
      width: 130,
      render: (iso: string | null) => (iso ? <span className="gl-mono">{dayjs(iso).format('MM-DD HH:mm')}</span> : '—'),
    },
  ]

  const batchColumns: ColumnsType<Batch> = [
    {
      title: t('sub.pay.number'),
      dataIndex: 'number',
      width: 150,
      render: (n: string) => <Typography.Link className="gl-mono">{n}</Typography.Link>,
    },
    {
      title: t('sub.app.state'),
      dataIndex: 'state',
      width: 170,
      render: (s: string, b) => (
        <span>
          <PayoutStateTag state={s} />
          {s === 'open' && !b.approvedAt ? (
            <Tag color="gold" style={{ marginInlineStart: 4 }} data-testid="batch-needs-approval">
              {t('sub.pay.needsApproval')}
            </Tag>
          ) : null}
        </span>
      ),
    },
    { title: t('sub.pay.payments'), dataIndex: 'payments', width: 80, align: 'right' },
    {
      title: t('sub.pay.totalYuan'),
      dataIndex: 'totalFen',
      width: 150,
      align: 'right',
      render: (fen: number) => <span className="gl-mono">{formatYuan(fen)}</span>,
    },
    {
      title: t('sub.pay.paidFailed'),
      key: 'settled',
      width: 120,
      render: (_, b) => (
        <span>
          <Typography.Text type="success">{b.paid}</Typography.Text> /{' '}
          <Typography.Text type={b.failed ? 'danger' : 'secondary'}>{b.failed}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('sub.pay.createdAt'),
      dataIndex: 'createdAt',
      width: 130,
      render: (iso: string) => <span className="gl-mono">{dayjs(iso).format('MM-DD HH:mm')}</span>,
    },
    {
      title: t('sub.pay.exportedAt'),
      dataIndex: 'exportedAt',
      width: 130,
      render: (iso: string | null) => (iso ? <span className="gl-mono">{dayjs(iso).format('MM-DD HH:mm')}</span> : '—'),
    },
  ]

  return (
    <>
      <Card
        title={t('sub.pay.payable')}
        styles={{ body: { padding: 16 } }}
        style={{ marginBottom: 16 }}
        extra={
          <Button
            type="primary"
            disabled={!selected.length}
            loading={creating}
            onClick={() => createBatch(selected, key)}
            data-testid="batch-create"
          >
            {selected.length ? t('sub.pay.createN', { n: selected.length, total: yuanText(total, locale) }) : t('sub.pay.create')}
          </Button>
        }
      >
        {payable.error ? <LoadError error={payable.error} onRetry={payable.reload} /> : null}
        <Table<Application>
          data-testid="payable-table"
          rowKey="id"
          size="small"
          columns={payableColumns}
          dataSource={payable.data?.items ?? []}
          loading={payable.loading}
          scroll={{ x: 900 }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => {
              setSelected(keys as string[])
              setKey(newIdempotencyKey())
            },
          }}
        />
      </Card>
      <Card title={t('sub.pay.batches')} styles={{ body: { padding: 16 } }}>
        {batches.error ? <LoadError error={batches.error} onRetry={batches.reload} /> : null}
        <Table<Batch>
          data-testid="batch-table"
          rowKey="id"
          size="middle"
          columns={batchColumns}
          dataSource={batches.data?.items ?? []}
          loading={batches.loading}
          scroll={{ x: 860 }}
          rowClassName="gl-clickable-row"
          onRow={(b) => ({ onClick: () => setOpenId(b.id) })}
          pagination={{
            current: page,
            pageSize: 20,
            total: batches.data?.total ?? 0,
            showTotal: (n) => t('sub.total', { n }),
            onChange: setPage,
          }}
        />
      </Card>
      <BatchDrawer
        batchId={openId}
        onClose={() => setOpenId(undefined)}
        onChanged={changed}
        onRetry={(ids) => createBatch(ids, newIdempotencyKey())}
        retryable={retryable}
      />
    </>
  )
}

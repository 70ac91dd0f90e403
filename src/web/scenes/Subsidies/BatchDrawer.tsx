import { CheckOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons'
import { Alert, App, Button, Descriptions, Drawer, Grid, Space, Spin, Table, Typography, Upload } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import type { z } from 'zod'
import { formatYuan } from '../../../shared/money.ts'
import type { BatchDetail, BatchPayment, ResultImport } from '../../../shared/schemas/subsidy-payouts.ts'
import type { bankResultReportSchema } from '../../../shared/schemas/subsidies.ts'
import { api, ApiError, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'
import { PayoutStateTag } from './SubsidyTags.tsx'
import { yuanText } from './subsidy-words.ts'

type BankReport = z.infer<typeof bankResultReportSchema>

interface Props {
  batchId: string | undefined
  onClose(): void
  onChanged(): void
  /** Failed payments' applications, to pay again in a new batch. */
  onRetry(applicationIds: string[]): void
  /** Applications still waiting for a retry (a failed payment may already be in a newer batch). */
  retryable: ReadonlySet<string>
}

/** The file name the server gave (Content-Disposition), or the batch number. */
function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? ''
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)
  if (star) return decodeURIComponent(star[1]!)
  const plain = /filename="?([^";]+)"?/i.exec(header)
  return plain ? plain[1]! : fallback
}

/**
 * A batch: its payments, a second officer's approval (the creator cannot give it), the bank file
 * (the same bytes on every export), and the bank's result file, whose import reports what it
 * changed (importing it again changes nothing) and stays in the batch's import history with who
 * imported it and the file's SHA-256.
 */
export function BatchDrawer({ batchId, onClose, onChanged, onRetry, retryable }: Props) {
  const { t, locale } = useI18n()
  const { message } = App.useApp()
  const screens = Grid.useBreakpoint()
  const account = useAccount()
  const [version, setVersion] = useState(0)
  const [approving, setApproving] = useState(false)
  const [exporting, setExporting] = useState(false)
  const [importing, setImporting] = useState(false)
  const [report, setReport] = useState<{ batchId: string; fileName: string; report: BankReport }>()
  const [retry, setRetry] = useState<string[]>([])
  const detail = useApiData<BatchDetail>(batchId ? `/api/subsidies/batches/${batchId}` : null, undefined, version)
  const batch = detail.data && detail.data.id === batchId ? detail.data : undefined

  const changed = () => {
    setVersion((n) => n + 1)
    onChanged()
  }

  const approve = async () => {
    if (!batch) return
    setApproving(true)
    try {
      await api(`/api/subsidies/batches/${batch.id}/approval`, { method: 'POST' })
      void message.success(t('sub.pay.approvedDone'))
      changed()
    } catch (error) {
      void message.error(errorText(error))
    } finally {
      setApproving(false)
    }
  }

  const exportFile = async () => {
    if (!batch) return
    setExporting(true)
    try {
      const response = await fetch(`/api/subsidies/batches/${batch.id}/bank-file`, {
        credentials: 'same-origin',
        headers: { 'Accept-Language': locale },
      })
      if (!response.ok) {
        const problem = (await response.json().catch(() => undefined)) as ApiError['problem'] | undefined
        throw problem?.title ? new ApiError(problem) : new Error(response.statusText)
      }
      const url = URL.createObjectURL(await response.blob())
      const link = document.createElement('a')
      link.href = url
      link.download = fileNameOf(response, `${batch.number}.csv`)
      document.body.append(link)
      link.click()
      link.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      changed()
    } catch (error) {
      void message.error(errorText(error))
    } finally {
      setExporting(false)
    }
  }

  const importFile = async (file: File) => {
    if (!batch) return
    setImporting(true)
    try {
      const result = await api<BankReport>(`/api/subsidies/batches/${batch.id}/bank-result`, {
        method: 'POST',
        body: { csv: await file.text() },
      })
      setReport({ batchId: batch.id, fileName: file.name, report: result })
      changed()
    } catch (error) {
      void message.error(errorText(error))
    } finally {
      setImporting(false)
    }
  }

  const shown = report && report.batchId === batchId ? report : undefined
  const awaitingApproval = batch?.state === 'open' && !batch.approvedAt
  const ownBatch = batch?.createdBy === account.id
  const failed = (batch?.paymentList ?? []).filter((p) => p.state === 'failed' && retryable.has(p.applicationId))

  return (
    <Drawer
      open={Boolean(batchId)}
      onClose={() => {
        setReport(undefined)
        setRetry([])
        onClose()
      }}
      size={screens.lg ? 900 : '100%'}
      title={batch ? <span className="gl-mono">{batch.number}</span> : t('sub.pay.batch')}
      extra={batch ? <PayoutStateTag state={batch.state} testId="batch-state" /> : null}
      data-testid="batch-drawer"
    >
      {detail.error ? <LoadError error={detail.error} onRetry={detail.reload} /> : null}
      {!batch && detail.loading ? <Spin /> : null}
      {batch ? (
        <>
          <Space wrap style={{ marginBottom: 16 }}>
            {awaitingApproval ? (
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={approving}
                disabled={ownBatch}
                onClick={approve}
                data-testid="batch-approve"
              >
                {t('sub.pay.approve')}
              </Button>
            ) : null}
            <Button
              type={awaitingApproval ? 'default' : 'primary'}
              icon={<DownloadOutlined />}
              loading={exporting}
              disabled={awaitingApproval}
              onClick={exportFile}
              data-testid="batch-export"
            >
              {t('sub.pay.export')}
            </Button>
            <Upload
              accept=".csv,text/csv"
              showUploadList={false}
              beforeUpload={(file) => {
                void importFile(file)
                return false
              }}
            >
              <Button icon={<UploadOutlined />} loading={importing} disabled={batch.state === 'open'} data-testid="batch-import">
                {t('sub.pay.import')}
              </Button>
            </Upload>
            {awaitingApproval ? (
              <Typography.Text type="secondary" data-testid="batch-approval-hint">
                {t(ownBatch ? 'sub.pay.ownBatch' : 'sub.pay.approveFirst')}
              </Typography.Text>
            ) : batch.state === 'open' ? (
              <Typography.Text type="secondary">{t('sub.pay.exportFirst')}</Typography.Text>
            ) : null}
          </Space>
          {shown ? (
            <Alert
              style={{ marginBottom: 16 }}
              type={shown.report.errors.length ? 'warning' : 'success'}
              showIcon
              closable={{ onClose: () => setReport(undefined) }}
              data-testid="batch-report"
              title={t('sub.pay.report', { file: shown.fileName })}
              description={
                <div>
                  <div data-testid="batch-report-counts">
                    {t('sub.pay.reportCounts', {
                      rows: shown.report.rows,
                      paid: shown.report.paid,
                      failed: shown.report.failed,
                      unchanged: shown.report.unchanged,
                      errors: shown.report.errors.length,
                    })}
                  </div>
                  {shown.report.errors.length ? (
                    <ul style={{ paddingLeft: 18, margin: '6px 0 0' }} data-testid="batch-report-errors">
                      {shown.report.errors.map((e) => (
                        <li key={`${e.line}:${e.field}:${e.code}`}>
                          {t('sub.pay.errorLine', { line: e.line, field: e.field })}
                          {e.message}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </div>
              }
            />
          ) : null}
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 3 }}
            style={{ marginBottom: 16 }}
            items={[
              { key: 'payments', label: t('sub.pay.payments'), children: batch.payments },
              { key: 'total', label: t('sub.pay.total'), children: <span className="gl-mono">{yuanText(batch.totalFen, locale)}</span> },
              { key: 'settled', label: t('sub.pay.paidFailed'), children: `${batch.paid} / ${batch.failed}` },
              {
                key: 'created',
                label: t('sub.pay.createdAt'),
                children: `${dayjs(batch.createdAt).format('YYYY-MM-DD HH:mm')} ${batch.createdByName ?? ''}`,
              },
              {
                key: 'approved',
                label: t('sub.pay.approvedAt'),
                children: batch.approvedAt
                  ? `${dayjs(batch.approvedAt).format('YYYY-MM-DD HH:mm')} ${batch.approvedByName ?? ''}`
                  : batch.state === 'open'
                    ? t('sub.pay.needsApproval')
                    : '—',
              },
              {
                key: 'exported',
                label: t('sub.pay.exportedAt'),
                children: batch.exportedAt ? dayjs(batch.exportedAt).format('YYYY-MM-DD HH:mm') : '—',
              },
              ...(batch.fileSha256
                ? [
                    {
                      key: 'sha',
                      label: 'SHA-256',
                      children: (
                        <Typography.Text className="gl-mono" copyable={{ text: batch.fileSha256 }} style={{ fontSize: 12 }}>
                          {batch.fileSha256.slice(0, 16)}…
                        </Typography.Text>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {failed.length ? (
            <Space wrap style={{ marginBottom: 8 }}>
              <Typography.Text type="danger">{t('sub.pay.failedHint', { n: failed.length })}</Typography.Text>
              <Button
                danger
                disabled={!retry.length}
                onClick={() => {
                  onRetry(retry)
                  setRetry([])
                }}
                data-testid="batch-retry"
              >
                {t('sub.pay.retryN', { n: retry.length })}
              </Button>
            </Space>
          ) : null}
          <Table<BatchPayment>
            data-testid="batch-payments"
            rowKey="id"
            size="small"
            dataSource={batch.paymentList}
            scroll={{ x: 930 }}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            rowSelection={
              failed.length
                ? {
                    selectedRowKeys: batch.paymentList.filter((p) => retry.includes(p.applicationId)).map((p) => p.id),
                    getCheckboxProps: (p) => ({ disabled: p.state !== 'failed' || !retryable.has(p.applicationId) }),
                    onChange: (_, rows) => setRetry(rows.map((p) => p.applicationId)),
                  }
                : undefined
            }
            columns={[
              {
                title: t('sub.app.number'),
                dataIndex: 'applicationNumber',
                width: 170,
                render: (n: string) => <span className="gl-mono">{n}</span>,
              },
              { title: t('sub.app.enterprise'), dataIndex: 'enterpriseName', width: 190, ellipsis: true },
              {
                title: t('sub.app.payee'),
                key: 'payee',
                width: 220,
                ellipsis: true,
                render: (_, p) => `${p.payeeBankName} ${p.payeeAccountNoMasked}`,
              },
              {
                title: t('sub.app.amount'),
                dataIndex: 'amountFen',
                width: 130,
                align: 'right',
                render: (fen: number) => <span className="gl-mono">{formatYuan(fen)}</span>,
              },
              { title: t('sub.pay.attempt'), dataIndex: 'attempt', width: 60, align: 'right' },
              { title: t('sub.app.state'), dataIndex: 'state', width: 120, render: (s: string) => <PayoutStateTag state={s} /> },
              {
                title: t('sub.pay.reference'),
                key: 'ref',
                ellipsis: true,
                render: (_, p) =>
                  p.state === 'failed' ? (
                    <Typography.Text type="danger">{p.failureReason ?? '—'}</Typography.Text>
                  ) : (
                    (p.bankReference ?? '—')
                  ),
              },
            ]}
          />
          {batch.resultImports.length ? (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('sub.pay.imports')}
              </Typography.Title>
              <Table<ResultImport>
                data-testid="batch-imports"
                rowKey="id"
                size="small"
                dataSource={batch.resultImports}
                pagination={false}
                scroll={{ x: 700 }}
                columns={[
                  {
                    title: t('sub.pay.at'),
                    dataIndex: 'importedAt',
                    width: 170,
                    render: (iso: string) => <span className="gl-mono">{dayjs(iso).format('YYYY-MM-DD HH:mm')}</span>,
                  },
                  {
                    title: t('sub.pay.importedBy'),
                    dataIndex: 'importedByName',
                    width: 180,
                    ellipsis: true,
                    render: (name: string | null) => name ?? '—',
                  },
                  {
                    title: t('sub.pay.fileSha'),
                    dataIndex: 'fileSha256',
                    width: 170,
                    render: (sha: string) => (
                      <Typography.Text className="gl-mono" copyable={{ text: sha }} style={{ fontSize: 12 }}>
                        {sha.slice(0, 12)}…
                      </Typography.Text>
                    ),
                  },
                  {
                    title: t('sub.pay.importResult'),
                    key: 'counts',
                    render: (_, i) =>
                      t('sub.pay.importCounts', { rows: i.rows, paid: i.paid, failed: i.failed, unchanged: i.unchanged, errors: i.errors }),
                  },
                ]}
              />
            </>
          ) : null}
        </>
      ) : null}
    </Drawer>
  )
}

import { DownloadOutlined, UploadOutlined } from '@ant-design/icons'
import { Alert, Button, Flex, Modal, Progress, Table, Typography, Upload } from 'antd'
import { useState } from 'react'
import { message } from '../../../shared/messages.ts'
import type { HealthImportReport } from '../../../shared/schemas/codes.ts'
import { errorText } from '../../api/client.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { uploadWithProgress } from './health-api.ts'

type RowError = HealthImportReport['errors'][number]

/** Where an upload is: sending (with the fraction sent) or waiting for the server's check and write. */
type Stage = { kind: 'idle' } | { kind: 'sending'; name: string; fraction: number } | { kind: 'working'; name: string }

/**
 * The colour list import: choose a file, watch it upload, then the server checks every row and
 * writes all of them or none; the report lists each bad row.
 */
export function ImportModal({ open, onClose, onImported }: { open: boolean; onClose(): void; onImported(): void }) {
  const { t, d, locale } = useI18n()
  const [stage, setStage] = useState<Stage>({ kind: 'idle' })
  const [report, setReport] = useState<HealthImportReport>()
  const [failure, setFailure] = useState<string>()

  const run = async (file: File) => {
    setReport(undefined)
    setFailure(undefined)
    setStage({ kind: 'sending', name: file.name, fraction: 0 })
    try {
      const path = `/api/codes/health-status/import?${new URLSearchParams({ fileName: file.name })}`
      const result = await uploadWithProgress<HealthImportReport>(path, file, locale, (fraction) =>
        setStage(fraction >= 1 ? { kind: 'working', name: file.name } : { kind: 'sending', name: file.name, fraction }),
      )
      setReport(result)
      if (result.applied) onImported()
    } catch (error) {
      setFailure(errorText(error))
    } finally {
      setStage({ kind: 'idle' })
    }
  }

  const busy = stage.kind !== 'idle'
  const columns = [
    { title: t('health.import.line'), dataIndex: 'line', width: 70 },
    { title: t('health.import.field'), dataIndex: 'field', width: 110, render: (field: string) => d.health.field[field] ?? field },
    // Re-worded from the code, so a language switch after the import changes the report too.
    { title: t('health.import.problem'), dataIndex: 'message', render: (text: string, e: RowError) => message(e.code, locale) ?? text },
  ]

  return (
    <Modal
      open={open}
      title={t('health.import.title')}
      onCancel={busy ? undefined : onClose}
      closable={!busy}
      maskClosable={false}
      footer={null}
      width={720}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('health.import.hint')}</Typography.Paragraph>
      <Flex gap={8} wrap>
        <Upload
          accept=".csv,.xlsx"
          showUploadList={false}
          disabled={busy}
          beforeUpload={(file) => {
            void run(file)
            return false
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={busy} data-testid="health-import-choose">
            {t('health.import.choose')}
          </Button>
        </Upload>
        <Button icon={<DownloadOutlined />} href="/api/codes/health-status/import/template">
          {t('health.import.template')}
        </Button>
      </Flex>
      {stage.kind === 'sending' ? (
        <div style={{ marginTop: 16 }} data-testid="health-import-progress">
          <Typography.Text>{t('health.import.uploading', { name: stage.name })}</Typography.Text>
          <Progress percent={Math.floor(stage.fraction * 100)} status="active" />
        </div>
      ) : null}
      {stage.kind === 'working' ? (
        <div style={{ marginTop: 16 }} data-testid="health-import-progress">
          <Typography.Text>{t('health.import.processing')}</Typography.Text>
          <Progress percent={100} status="active" showInfo={false} />
        </div>
      ) : null}
      {failure ? <Alert style={{ marginTop: 16 }} type="error" showIcon title={failure} data-testid="health-import-failure" /> : null}
      {report ? (
        <div style={{ marginTop: 16 }} data-testid="health-import-report">
          {report.errors.length ? (
            <>
              <Alert type="error" showIcon title={t('health.import.hasErrors', { total: report.total, n: report.errors.length })} />
              <Table<RowError>
                style={{ marginTop: 12 }}
                rowKey={(e) => `${e.line}-${e.field}-${e.code}`}
                size="small"
                columns={columns}
                dataSource={report.errors}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
              />
            </>
          ) : (
            <Alert
              type="success"
              showIcon
              title={t('health.import.done', { applied: report.applied, changed: report.changed })}
              data-testid="health-import-done"
            />
          )}
        </div>
      ) : null}
    </Modal>
  )
}

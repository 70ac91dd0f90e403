import { InboxOutlined } from '@ant-design/icons'
import { Alert, App, Button, Modal, Space, Table, Typography, Upload } from 'antd'
import { useEffect, useState } from 'react'
import { ENTERPRISE_CSV_COLUMNS, type ImportReport } from '../../../shared/schemas/enterprise.ts'
import { api, errorText } from '../../api/client.ts'
import { useI18n } from '../../hooks/useI18n.ts'

interface Props {
  open: boolean
  onClose(): void
  onImported(count: number): void
}

/**
 * CSV import in two steps: the server checks every row first (nothing is written) and names each
 * bad row and column; then the user imports all rows (only when all are valid) or the valid ones.
 */
export function EnterpriseImportModal({ open, onClose, onImported }: Props) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [csv, setCsv] = useState<string>()
  const [fileName, setFileName] = useState<string>()
  const [report, setReport] = useState<ImportReport>()
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string>()

  useEffect(() => {
    if (!open) return
    setCsv(undefined)
    setReport(undefined)
    setFailure(undefined)
  }, [open])

  const run = async (text: string, mode: 'all' | 'valid', dryRun: boolean) => {
    setBusy(true)
    setFailure(undefined)
    try {
      const result = await api<ImportReport>('/api/enterprise/registry/import', { method: 'POST', body: { csv: text, mode, dryRun } })
      setReport(result)
      if (!dryRun && result.imported) {
        void message.success(t('ent.import.done', { n: result.imported }))
        onImported(result.imported)
      }
    } catch (error) {
      setFailure(errorText(error))
    } finally {
      setBusy(false)
    }
  }

  const choose = async (file: File) => {
    const text = await file.text()
    setCsv(text)
    setFileName(file.name)
    await run(text, 'all', true)
  }

  return (
    <Modal
      open={open}
      title={t('ent.import.title')}
      onCancel={onClose}
      width={760}
      destroyOnHidden
      footer={
        report && csv ? (
          <Space>
            <Button onClick={onClose}>{t('form.cancel')}</Button>
            {report.errors.length && report.valid ? (
              <Button loading={busy} onClick={() => run(csv, 'valid', false)} data-testid="import-valid">
                {t('ent.import.valid', { n: report.valid })}
              </Button>
            ) : null}
            <Button
              type="primary"
              loading={busy}
              disabled={report.errors.length > 0 || !report.valid}
              onClick={() => run(csv, 'all', false)}
              data-testid="import-all"
            >
              {t('ent.import.all')}
            </Button>
          </Space>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('ent.import.hint', { columns: ENTERPRISE_CSV_COLUMNS.join(',') })}
      </Typography.Paragraph>
      <Upload.Dragger
        accept=".csv,text/csv"
        showUploadList={false}
        beforeUpload={(file) => {
          void choose(file)
          return false
        }}
        data-testid="import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{fileName ?? t('ent.import.choose')}</p>
      </Upload.Dragger>
      {failure ? <Alert type="error" showIcon title={failure} style={{ marginTop: 12 }} /> : null}
      {report ? (
        <div style={{ marginTop: 12 }} data-testid="import-report">
          <Alert
            type={report.errors.length ? 'warning' : 'success'}
            showIcon
            title={
              report.errors.length
                ? t('ent.import.summary', { rows: report.rows, valid: report.valid, errors: report.errors.length })
                : t('ent.import.allValid', { rows: report.rows })
            }
            style={{ marginBottom: 12 }}
          />
          {report.errors.length ? (
            <Table
              size="small"
              rowKey={(e) => `${e.line}-${e.field}-${e.code}`}
              pagination={{ pageSize: 8 }}
              dataSource={report.errors}
              columns={[
                { title: t('ent.import.line'), dataIndex: 'line', width: 70 },
                {
                  title: t('ent.import.column'),
                  dataIndex: 'field',
                  width: 160,
                  render: (field: string) => <span className="gl-mono">{field}</span>,
                },
                { title: t('ent.import.message'), dataIndex: 'message' },
              ]}
            />
          ) : null}
        </div>
      ) : null}
    </Modal>
  )
}

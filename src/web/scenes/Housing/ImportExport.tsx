import { DownloadOutlined, UploadOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Checkbox, Col, Flex, Row, Table, Typography, Upload } from 'antd'
import { useState } from 'react'
import type { ImportResult } from '../../../shared/schemas/housing.ts'
import { errorText } from '../../api/client.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { sendFile } from './housing-api.ts'

type RowError = ImportResult['errors'][number]

/**
 * Bulk import (check first, then all rows or only the valid ones) and export of the area's
 * property list to Excel or CSV.
 */
export function ImportExport({ areaId, onImported }: { areaId: string | undefined; onImported(): void }) {
  const { t, locale } = useI18n()
  const { message } = App.useApp()
  const [file, setFile] = useState<File>()
  const [report, setReport] = useState<ImportResult>()
  const [imported, setImported] = useState<ImportResult>()
  const [busy, setBusy] = useState(false)
  const [groupsOnly, setGroupsOnly] = useState(false)

  const run = async (chosen: File, mode: 'check' | 'all' | 'valid') => {
    setBusy(true)
    try {
      const query = mode === 'check' ? '?dryRun=true' : mode === 'valid' ? '?validRowsOnly=true' : ''
      const result = await sendFile<ImportResult>(`/api/housing/import${query}`, chosen, locale)
      if (mode === 'check') {
        setReport(result)
        setImported(undefined)
      } else {
        setImported(result)
        setReport(undefined)
        onImported()
      }
    } catch (error) {
      void message.error(errorText(error))
    } finally {
      setBusy(false)
    }
  }

  const exportUrl = (format: 'xlsx' | 'csv') => {
    const params = new URLSearchParams({ format })
    if (areaId) params.set('areaId', areaId)
    if (groupsOnly) params.set('minOccupants', '30')
    return `/api/housing/properties/export?${params}`
  }

  const errorColumns = [
    { title: t('housing.import.line'), dataIndex: 'line', width: 70 },
    { title: t('housing.import.field'), dataIndex: 'field', width: 170, render: (field: string) => <code>{field}</code> },
    { title: t('housing.import.problem'), dataIndex: 'message' },
  ]

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={15}>
        <Card size="small" title={t('housing.import.title')}>
          <Typography.Paragraph type="secondary">{t('housing.import.hint')}</Typography.Paragraph>
          <Flex gap={8} wrap>
            <Upload
              accept=".csv,.xlsx"
              showUploadList={false}
              beforeUpload={(chosen) => {
                setFile(chosen)
                void run(chosen, 'check')
                return false
              }}
            >
              <Button type="primary" icon={<UploadOutlined />} loading={busy} data-testid="import-choose">
                {t('housing.import.choose')}
              </Button>
            </Upload>
            <Button icon={<DownloadOutlined />} href="/api/housing/import/template">
              {t('housing.import.template')}
            </Button>
          </Flex>
          {report ? (
            <div style={{ marginTop: 16 }} data-testid="import-report">
              <Alert
                type={report.errors.length ? 'warning' : 'success'}
                showIcon
                title={
                  report.errors.length
                    ? t('housing.import.hasErrors', { n: report.errors.length })
                    : t('housing.import.ready', { total: report.total })
                }
                action={
                  file ? (
                    report.errors.length ? (
                      new Set(report.errors.map((e) => e.line)).size < report.total ? (
                        <Button size="small" onClick={() => void run(file, 'valid')} loading={busy}>
                          {t('housing.import.validOnly')}
                        </Button>
                      ) : null
                    ) : (
                      <Button size="small" type="primary" onClick={() => void run(file, 'all')} loading={busy} data-testid="import-do">
                        {t('housing.import.doImport')}
                      </Button>
                    )
                  ) : null
                }
              />
              {report.errors.length ? (
                <Table<RowError>
                  style={{ marginTop: 12 }}
                  rowKey={(e) => `${e.line}-${e.field}-${e.code}`}
                  size="small"
                  columns={errorColumns}
                  dataSource={report.errors}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                />
              ) : null}
            </div>
          ) : null}
          {imported ? (
            <Alert
              style={{ marginTop: 16 }}
              type="success"
              showIcon
              title={t('housing.import.result', { total: imported.total, imported: imported.imported, skipped: imported.skipped })}
              data-testid="import-result"
            />
          ) : null}
        </Card>
      </Col>
      <Col xs={24} lg={9}>
        <Card size="small" title={t('housing.export.title')}>
          <Typography.Paragraph type="secondary">{t('housing.export.hint')}</Typography.Paragraph>
          <Checkbox checked={groupsOnly} onChange={(e) => setGroupsOnly(e.target.checked)} style={{ marginBottom: 12 }}>
            {t('housing.export.groups')}
          </Checkbox>
          <Flex gap={8} wrap>
            <Button icon={<DownloadOutlined />} href={exportUrl('xlsx')} data-testid="export-xlsx">
              {t('housing.export.xlsx')}
            </Button>
            <Button icon={<DownloadOutlined />} href={exportUrl('csv')}>
              {t('housing.export.csv')}
            </Button>
          </Flex>
        </Card>
      </Col>
    </Row>
  )
}

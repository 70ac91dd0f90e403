import { CheckCircleFilled, CloseCircleFilled, FileImageOutlined, FilePdfOutlined, UploadOutlined } from '@ant-design/icons'
import { App, Button, Card, Empty, Flex, Image, Select, Tag, Timeline, Typography, Upload } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import type { FileKind, PropertyDetail } from '../../../shared/schemas/housing.ts'
import { errorText } from '../../api/client.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { sendFile } from './housing-api.ts'

/** Floor plan, photos and documents; the landlord adds them while the application is open. */
export function FilesCard({ property, canUpload, onUploaded }: { property: PropertyDetail; canUpload: boolean; onUploaded(): void }) {
  const { t, d, locale } = useI18n()
  const { message } = App.useApp()
  const [kind, setKind] = useState<FileKind>('floor_plan')
  const files = property.files
  return (
    <Card size="small" title={t('housing.section.files')} data-testid="files-card">
      {canUpload ? (
        <Flex gap={8} wrap style={{ marginBottom: 12 }} align="center">
          <Select<FileKind>
            value={kind}
            onChange={setKind}
            style={{ width: 130 }}
            options={(['floor_plan', 'photo', 'document'] as const).map((k) => ({ value: k, label: d.housing.fileKind[k] }))}
          />
          <Upload
            accept="image/jpeg,image/png,image/webp,application/pdf"
            showUploadList={false}
            customRequest={({ file, onSuccess, onError }) => {
              const blob = file as File
              sendFile(
                `/api/housing/properties/${property.id}/files?kind=${kind}&name=${encodeURIComponent(blob.name)}`,
                blob,
                locale,
              ).then(
                (saved) => {
                  void message.success(t('housing.uploaded', { name: blob.name }))
                  onSuccess?.(saved)
                  onUploaded()
                },
                (error: unknown) => {
                  void message.error(errorText(error))
                  onError?.(error as Error)
                },
              )
            }}
          >
            <Button icon={<UploadOutlined />} data-testid="file-upload">
              {t('housing.upload')}
            </Button>
          </Upload>
          <Typography.Text type="secondary">{t('housing.uploadHint')}</Typography.Text>
        </Flex>
      ) : null}
      {files.length ? (
        <Flex gap={12} wrap>
          <Image.PreviewGroup>
            {files.map((file) =>
              file.contentType.startsWith('image/') ? (
                <div key={file.id} className="gl-house-file">
                  <Image src={`/api/housing/files/${file.id}`} width={120} height={90} alt={file.originalName} />
                  <Tag icon={<FileImageOutlined />}>{d.housing.fileKind[file.kind]}</Tag>
                </div>
              ) : (
                <a key={file.id} href={`/api/housing/files/${file.id}`} target="_blank" rel="noreferrer" className="gl-house-file">
                  <FilePdfOutlined style={{ fontSize: 40, color: '#cf1322' }} />
                  <span>{file.originalName}</span>
                </a>
              ),
            )}
          </Image.PreviewGroup>
        </Flex>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('housing.noFiles')} />
      )}
    </Card>
  )
}

/** The three inspectors' sign-offs, newest round first, each item with its result. */
export function InspectionsCard({ property }: { property: PropertyDetail }) {
  const { t, d } = useI18n()
  const rounds = [...new Set(property.inspections.map((i) => i.round))].sort((a, b) => b - a)
  return (
    <Card
      size="small"
      title={t('housing.section.inspections')}
      extra={
        property.awaitingRoles.length ? (
          <Tag color="processing">
            {t('housing.awaiting', { roles: property.awaitingRoles.map((r) => d.housing.inspector[r]).join('、') })}
          </Tag>
        ) : null
      }
      data-testid="inspections-card"
    >
      {!rounds.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('housing.inspect.none')} /> : null}
      {rounds.map((round) => (
        <div key={round} style={{ marginBottom: 8 }}>
          {rounds.length > 1 ? <Typography.Text type="secondary">{t('housing.inspect.round', { n: round })}</Typography.Text> : null}
          <div className="gl-inspections">
            {property.inspections
              .filter((i) => i.round === round)
              .map((inspection) => (
                <div key={inspection.id} className="gl-inspection" data-testid={`inspection-${inspection.role}`}>
                  <div className="gl-inspection-head">
                    <strong>{d.housing.inspector[inspection.role]}</strong>
                    <Tag color={inspection.passed ? 'success' : 'error'}>
                      {t(inspection.passed ? 'housing.inspect.passed' : 'housing.inspect.failed')}
                    </Tag>
                  </div>
                  <div className="gl-page-sub">
                    {inspection.inspectorName ?? ''} · {dayjs(inspection.createdAt).format('MM-DD HH:mm')}
                  </div>
                  <ul className="gl-checklist">
                    {inspection.items.map((entry) => (
                      <li key={entry.item}>
                        {entry.passed ? (
                          <CheckCircleFilled style={{ color: '#52c41a' }} />
                        ) : (
                          <CloseCircleFilled style={{ color: '#ff4d4f' }} />
                        )}{' '}
                        {d.housing.item[entry.item as keyof typeof d.housing.item] ?? entry.item}
                        {entry.note ? <div className="gl-checklist-note">{entry.note}</div> : null}
                      </li>
                    ))}
                  </ul>
                  {inspection.note ? <div className="gl-checklist-note">{inspection.note}</div> : null}
                </div>
              ))}
          </div>
        </div>
      ))}
    </Card>
  )
}

/** Every status change: who, when, why. */
export function HistoryCard({ property }: { property: PropertyDetail }) {
  const { t, d } = useI18n()
  return (
    <Card size="small" title={t('housing.section.history')} data-testid="history-card">
      <Timeline
        items={[...property.events].reverse().map((event, i) => ({
          key: i,
          color:
            event.toStatus === 'returned' || event.toStatus === 'revoked' ? 'red' : event.toStatus === 'code_issued' ? 'green' : 'blue',
          title: (
            <span>
              <strong>{d.housing.status[event.toStatus]}</strong>{' '}
              <span className="gl-page-sub">{dayjs(event.at).format('YYYY-MM-DD HH:mm')}</span>
            </span>
          ),
          content: (
            <span className="gl-page-sub">
              {event.accountName ?? ''}
              {event.note ? ` · ${event.note}` : ''}
            </span>
          ),
        }))}
      />
    </Card>
  )
}

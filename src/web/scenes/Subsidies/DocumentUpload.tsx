import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons'
import { App, Button, Space, Typography, Upload } from 'antd'
import { acceptAttribute, SUBSIDY_DOCUMENT_TYPES } from '../../../shared/file-types.ts'
import { MAX_ATTACHMENT_BYTES } from '../../../shared/schemas/enterprise-problem.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { readBase64 } from './subsidy-words.ts'

export interface ChosenDocument {
  fileName: string
  contentType: string
  contentBase64: string
  size: number
}

interface Props {
  value?: ChosenDocument
  onChange?: (value: ChosenDocument | undefined) => void
  'data-testid'?: string
}

/** One required document (贷款合同, 付息凭证…): pick a file, see its name, replace or remove it. */
export function DocumentUpload({ value, onChange, ...rest }: Props) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const choose = async (file: File) => {
    if (file.size > MAX_ATTACHMENT_BYTES) {
      void message.error(t('sub.apply.tooLarge', { name: file.name }))
      return
    }
    onChange?.({
      fileName: file.name,
      contentType: file.type || 'application/octet-stream',
      contentBase64: await readBase64(file),
      size: file.size,
    })
  }
  return (
    <Space wrap data-testid={rest['data-testid']}>
      <Upload
        showUploadList={false}
        accept={acceptAttribute(SUBSIDY_DOCUMENT_TYPES)}
        beforeUpload={(file) => {
          void choose(file)
          return false
        }}
      >
        <Button icon={<UploadOutlined />}>{value ? t('sub.apply.replace') : t('sub.apply.choose')}</Button>
      </Upload>
      {value ? (
        <span className="gl-sub-file">
          <PaperClipOutlined />{' '}
          <Typography.Text ellipsis style={{ maxWidth: 180 }}>
            {value.fileName}
          </Typography.Text>{' '}
          <Typography.Text type="secondary">({Math.max(1, Math.ceil(value.size / 1024))} KB)</Typography.Text>
          <Button
            type="text"
            size="small"
            icon={<DeleteOutlined />}
            aria-label={t('sub.apply.remove')}
            onClick={() => onChange?.(undefined)}
          />
        </span>
      ) : null}
    </Space>
  )
}

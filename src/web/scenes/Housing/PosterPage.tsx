import { ArrowLeftOutlined, CopyOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons'
import { App, Button, Flex, Result, Spin } from 'antd'
import { useRef } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import type { Poster } from '../../../shared/schemas/housing.ts'
import { errorText } from '../../api/client.ts'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { PosterSheet } from './PosterSheet.tsx'
import './poster.css'

/**
 * The house-code poster of one property: PosterSheet with a toolbar to print, copy the
 * registration link or download the QR image.
 */
export function PosterPage() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const { propertyId } = useParams()
  const qr = useRef<HTMLDivElement>(null)
  const { data: poster, error } = useApiData<Poster>(`/api/housing/properties/${propertyId}/poster`)
  // Built by the server under PUBLIC_URL: a poster printed from a laptop on localhost still works on phones.
  const link = poster?.link ?? ''

  const toolbar = (
    <Flex gap={8} wrap className="gl-poster-toolbar">
      <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/housing/properties/${propertyId}`)}>
        {t('housing.poster.back')}
      </Button>
      {poster ? (
        <>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('housing.poster.print')}
          </Button>
          <Button
            icon={<CopyOutlined />}
            data-testid="copy-link"
            onClick={() =>
              void navigator.clipboard?.writeText(link).then(
                () => message.success(t('housing.poster.copied')),
                () => message.info(link),
              )
            }
          >
            {t('housing.poster.copyLink')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => {
              const canvas = qr.current?.querySelector('canvas')
              if (!canvas) return
              const a = document.createElement('a')
              a.href = canvas.toDataURL('image/png')
              a.download = `house-code-${poster.propertyId.slice(0, 8)}.png`
              a.click()
            }}
          >
            {t('housing.poster.download')}
          </Button>
        </>
      ) : null}
    </Flex>
  )

  if (error) {
    return (
      <div className="gl-poster-page">
        {toolbar}
        <Result status="warning" title={t('housing.poster.notIssued')} subTitle={errorText(error)} />
      </div>
    )
  }
  if (!poster) {
    return (
      <div className="gl-poster-page" style={{ display: 'grid', placeItems: 'center' }}>
        <Spin size="large" />
      </div>
    )
  }
  return (
    <div className="gl-poster-page">
      {toolbar}
      <PosterSheet poster={poster} qrRef={qr} />
    </div>
  )
}

import { ArrowLeftOutlined, CopyOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons'
import { App, Button, Flex, QRCode, Result, Spin } from 'antd'
import dayjs from 'dayjs'
import { useRef } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import { houseCodeLink } from '../../../shared/housing-link.ts'
import type { Poster } from '../../../shared/schemas/housing.ts'
import { errorText } from '../../api/client.ts'
import { BrandMark } from '../../components/BrandMark.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import './poster.css'

/**
 * The house-code poster: one printable page with the QR, the address and the landlord's
 * contact. The QR holds the registration link around the signed code, so a tenant's phone opens
 * the registration page and the gate scanner reads the code from the same QR.
 */
export function PosterPage() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const { propertyId } = useParams()
  const qr = useRef<HTMLDivElement>(null)
  const { data: poster, error } = useApiData<Poster>(`/api/housing/properties/${propertyId}/poster`)
  const link = poster ? houseCodeLink(window.location.origin, poster.code) : ''

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
            onClick={() => void navigator.clipboard?.writeText(link).then(() => message.success(t('housing.poster.copied')), () => message.info(link))}
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
      <article className="gl-poster" data-testid="poster">
        <header className="gl-poster-head">
          <BrandMark size={40} />
          <div>
            <h1>{t('housing.poster.title')}</h1>
            <p>{t('housing.poster.subtitle')}</p>
          </div>
        </header>
        <div className="gl-poster-qr" ref={qr}>
          <QRCode value={link} size={300} errorLevel="M" bordered={false} type="canvas" />
        </div>
        <p className="gl-poster-scan">{t('housing.poster.scan')}</p>
        <dl className="gl-poster-facts">
          <dt>{t('housing.poster.address')}</dt>
          <dd data-testid="poster-address">{poster.address}</dd>
          <dt>{t('housing.poster.landlord')}</dt>
          <dd>{poster.landlordName}</dd>
          <dt>{t('housing.poster.contact')}</dt>
          <dd className="gl-mono">{poster.landlordPhone ?? '—'}</dd>
          <dt>{t('housing.poster.capacity')}</dt>
          <dd>{poster.capacity}</dd>
          <dt>{t('housing.poster.validUntil')}</dt>
          <dd>{dayjs(poster.expiresAt).format('YYYY-MM-DD')}</dd>
        </dl>
        <footer className="gl-poster-foot">
          <span>{t('housing.poster.gate')}</span>
          <span>{poster.areaName}</span>
        </footer>
        <a className="gl-poster-link" href={link} data-testid="poster-link">
          {link.length > 80 ? `${link.slice(0, 60)}…` : link}
        </a>
      </article>
    </div>
  )
}

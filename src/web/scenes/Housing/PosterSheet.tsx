import { QRCode } from 'antd'
import dayjs from 'dayjs'
import type { Ref } from 'react'
import type { Poster } from '../../../shared/schemas/housing.ts'
import { BrandMark } from '../../components/BrandMark.tsx'
import { useI18n } from '../../hooks/useI18n.ts'
import './poster.css'

/**
 * One house-code poster (one A4 page): the QR, the address and the landlord's contact. Shared
 * by the single poster and the batch. The QR holds `poster.link`, the registration link the
 * server built under PUBLIC_URL, so a tenant's phone opens the registration page and the gate
 * scanner reads the code from the same QR.
 */
export function PosterSheet({ poster, qrRef }: { poster: Poster; qrRef?: Ref<HTMLDivElement> }) {
  const { t } = useI18n()
  const link = poster.link
  return (
    <article className="gl-poster" data-testid="poster" data-property-id={poster.propertyId}>
      <header className="gl-poster-head">
        <BrandMark size={40} />
        <div>
          <h1>{t('housing.poster.title')}</h1>
          <p>{t('housing.poster.subtitle')}</p>
        </div>
      </header>
      <div className="gl-poster-qr" ref={qrRef} data-testid="poster-qr">
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
  )
}

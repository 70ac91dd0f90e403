import { HomeOutlined } from '@ant-design/icons'
import { Alert, Button, Popconfirm, QRCode } from 'antd'
import dayjs from 'dayjs'
import type { MeHealthCode, MePerson } from '../../../shared/schemas/resident.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { isExpired } from './me-storage.ts'

const COLOURS = { green: '#15a34a', yellow: '#e6a700', red: '#d92d20' } as const
const time = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm')

/** The health code QR must stay readable by a gate phone a little away: large, level M. */
function qrSize(): number {
  return Math.max(200, Math.min(300, window.innerWidth - 80))
}

/**
 * One person's codes: the health code as a large QR in its colour with its validity and when the
 * colour was set, then the house code. Masked name only, as the gate shows.
 */
export function CodeCard({
  person,
  code,
  now,
  onRefresh,
  onRemove,
}: {
  person: MePerson
  code?: MeHealthCode
  now: number
  onRefresh(): void
  onRemove?(): void
}) {
  const { t } = useI18n()
  const expired = code ? isExpired(code, now) : false
  const colour = code?.colour ?? person.colour
  const consent = t(person.consent.method === 'phone_otp' ? 'me.consentOtp' : 'me.consentLink', {
    date: dayjs(person.consent.at).format('YYYY-MM-DD'),
  })
  return (
    <section className="gl-me-card" data-testid="me-card" data-person={person.personId}>
      <div className="gl-me-person">
        <div>
          <div className="gl-me-name" data-testid="me-name">
            {person.maskedName}
          </div>
          <div className="gl-me-consent">{consent}</div>
        </div>
        {onRemove ? (
          <Popconfirm title={t('me.removeConfirm', { name: person.maskedName })} onConfirm={onRemove} okButtonProps={{ danger: true }}>
            <Button size="small" type="text" danger>
              {t('me.remove')}
            </Button>
          </Popconfirm>
        ) : null}
      </div>
      {code && colour ? (
        <div
          className={`gl-me-health${expired ? ' gl-me-expired' : ''}`}
          style={{ ['--gl-me-colour' as string]: expired ? '#8c8c8c' : COLOURS[colour] }}
          data-testid="me-health"
          data-colour={colour}
          data-expired={expired}
        >
          <div className="gl-me-band">
            <span>{t('me.health')}</span>
            <strong data-testid="me-colour">{t(`me.colour.${colour}`)}</strong>
          </div>
          {expired ? (
            <Alert type="error" showIcon title={t('me.expired')} data-testid="me-expired" style={{ margin: '12px 12px 0' }} />
          ) : null}
          <div className="gl-me-qr">
            <QRCode
              value={code.code}
              errorLevel="M"
              size={qrSize()}
              bordered={false}
              color="#000"
              bgColor="#fff"
              status={expired ? 'expired' : 'active'}
              onRefresh={onRefresh}
              data-testid="me-health-qr"
            />
          </div>
          <div className="gl-me-gate">{t('me.showAtGate')}</div>
          <dl className="gl-me-times">
            <dt>{t('me.validFrom')}</dt>
            <dd data-testid="me-valid-from">{time(code.issuedAt)}</dd>
            <dt>{t('me.validTo')}</dt>
            <dd data-testid="me-valid-to">{time(code.expiresAt)}</dd>
            <dt>{t('me.colourSetAt')}</dt>
            <dd data-testid="me-colour-set">{code.colourSetAt ? time(code.colourSetAt) : '—'}</dd>
          </dl>
        </div>
      ) : (
        <Alert type="info" showIcon title={t('me.noColour')} style={{ margin: 12 }} />
      )}
      <div className="gl-me-house" data-testid="me-house">
        <div className="gl-me-house-title">
          <HomeOutlined /> {t('me.house')}
        </div>
        {person.house ? (
          <div className="gl-me-house-body">
            <QRCode
              value={person.house.code}
              errorLevel="M"
              size={148}
              bordered={false}
              color="#000"
              bgColor="#fff"
              data-testid="me-house-qr"
            />
            <div>
              <div className="gl-me-house-address">{person.house.address}</div>
              <div className="gl-me-house-meta">{person.house.areaName}</div>
              <div className="gl-me-house-meta">{t('me.houseValidTo', { date: dayjs(person.house.expiresAt).format('YYYY-MM-DD') })}</div>
            </div>
          </div>
        ) : (
          <div className="gl-me-house-meta">{t('me.houseNone')}</div>
        )}
      </div>
    </section>
  )
}

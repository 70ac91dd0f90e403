import { DisconnectOutlined, LogoutOutlined, SafetyCertificateOutlined, UserAddOutlined } from '@ant-design/icons'
import { Alert, App, Button, Popconfirm, Result, Segmented, Spin } from 'antd'
import dayjs from 'dayjs'
import { type ReactNode, useState } from 'react'
import type { MeSignedIn } from '../../../shared/schemas/resident.ts'
import { errorText } from '../../api/client.ts'
import { BrandMark } from '../../components/BrandMark.tsx'
import { LanguageToggle } from '../../components/LanguageToggle.tsx'
import { useI18n } from '../../hooks/useI18n.ts'
import { CodeCard } from './CodeCard.tsx'
import { OtpSignIn } from './OtpSignIn.tsx'
import { useMeCodes } from './useMeCodes.ts'
import './me.css'

/**
 * 我的健康码: the resident's own page (public, phone first). Sign in with the phone's one-time
 * code or a personal link; shows each person the phone holds, with their consent; keeps the last
 * codes on the phone and says when it is showing them offline.
 */
export function MePage() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const me = useMeCodes()
  const [adding, setAdding] = useState(false)
  const [selected, setSelected] = useState<string>()

  const handleSignedIn = async (result: MeSignedIn) => {
    await me.signedIn(result)
    if (adding) void message.info(result.added ? t('me.added', { n: result.added }) : t('me.addedNone'))
    setAdding(false)
  }

  const people = me.saved?.view.people ?? []
  const current = people.find((p) => p.personId === selected) ?? people[0]

  let body: ReactNode
  if (me.phase === 'loading') body = <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />
  else if (me.phase === 'signed-out' || !me.saved) {
    body = me.offline ? (
      <Result status="warning" icon={<DisconnectOutlined />} title={t('me.offlineNothing')} />
    ) : (
      <div className="gl-me-panel" data-testid="me-sign-in">
        <h2>{t('me.signInTitle')}</h2>
        <p className="gl-me-hint">{t('me.signInText')}</p>
        {me.linkError ? (
          <Alert
            type="warning"
            showIcon
            title={t('me.linkFailed')}
            description={errorText(me.linkError)}
            style={{ marginBottom: 12 }}
            data-testid="me-link-error"
          />
        ) : null}
        <OtpSignIn submitLabel={t('me.signIn')} onSignedIn={handleSignedIn} />
      </div>
    )
  } else {
    body = (
      <>
        {me.offline ? (
          <Alert
            type="warning"
            showIcon
            icon={<DisconnectOutlined />}
            title={t('me.offline', { time: dayjs(me.saved.savedAt).format('MM-DD HH:mm') })}
            style={{ marginBottom: 12 }}
            data-testid="me-offline"
          />
        ) : null}
        {me.linkError ? (
          <Alert
            type="warning"
            showIcon
            closable
            title={t('me.linkFailed')}
            description={errorText(me.linkError)}
            style={{ marginBottom: 12 }}
          />
        ) : null}
        {people.length > 1 ? (
          <Segmented
            block
            size="large"
            value={current?.personId}
            onChange={(value) => setSelected(String(value))}
            options={people.map((p) => ({ value: p.personId, label: p.maskedName }))}
            style={{ marginBottom: 12 }}
            data-testid="me-people"
          />
        ) : null}
        {current ? (
          <CodeCard
            key={current.personId}
            person={current}
            code={me.saved.codes[current.personId]}
            now={me.now}
            onRefresh={() => void me.sync()}
            onRemove={
              people.length > 1 && !me.offline
                ? () => void me.remove(current.personId).catch((e: unknown) => message.error(errorText(e)))
                : undefined
            }
          />
        ) : null}
        {adding ? (
          <div className="gl-me-panel" data-testid="me-add">
            <h2>{t('me.addTitle')}</h2>
            <p className="gl-me-hint">{t('me.addText')}</p>
            <OtpSignIn submitLabel={t('me.add')} onSignedIn={handleSignedIn} />
            <Button block type="text" style={{ marginTop: 8 }} onClick={() => setAdding(false)}>
              {t('me.cancel')}
            </Button>
          </div>
        ) : (
          <div className="gl-me-actions">
            <Button icon={<UserAddOutlined />} disabled={me.offline} onClick={() => setAdding(true)} data-testid="me-add-open">
              {t('me.add')}
            </Button>
            <Popconfirm title={t('me.signOutConfirm')} onConfirm={() => void me.signOut()}>
              <Button icon={<LogoutOutlined />} type="text">
                {t('me.signOut')}
              </Button>
            </Popconfirm>
          </div>
        )}
      </>
    )
  }

  return (
    <div className="gl-me-page">
      <header className="gl-me-header">
        <BrandMark size={30} />
        <div className="gl-me-titles">
          <div className="gl-me-title">{t('me.title')}</div>
          <div className="gl-me-subtitle">{t('me.subtitle')}</div>
        </div>
        <LanguageToggle ghost />
      </header>
      <main className="gl-me-main">
        {body}
        <p className="gl-me-privacy">
          <SafetyCertificateOutlined /> {t('me.privacy')}
        </p>
      </main>
    </div>
  )
}

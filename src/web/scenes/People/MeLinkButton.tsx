import { QrcodeOutlined } from '@ant-design/icons'
import { App, Button, Modal, QRCode, Space, Typography } from 'antd'
import { useRef, useState } from 'react'
import { ROLES_ISSUING_ME_LINKS, type MeLinkIssued } from '../../../shared/schemas/resident.ts'
import { api, errorText } from '../../api/client.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'

/**
 * Issues a person's personal link for /me and shows it once as a QR to print or pass on. The
 * server builds the link from PUBLIC_URL; issuing again stops the old link and the phones that
 * used it.
 */
export function MeLinkButton({
  personId,
  name,
  compact,
}: {
  personId: string
  name: string /** icon only (a phone's drawer header) */
  compact?: boolean
}) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const account = useAccount()
  const [issued, setIssued] = useState<MeLinkIssued>()
  const [busy, setBusy] = useState(false)
  const qr = useRef<HTMLDivElement>(null)
  if (!ROLES_ISSUING_ME_LINKS.includes(account.role)) return null

  const issue = async () => {
    setBusy(true)
    try {
      const result = await api<MeLinkIssued>(`/api/me-links/${personId}`, { method: 'POST' })
      setIssued(result)
      if (result.replaced) void message.info(t('me.link.replaced'))
    } catch (failure) {
      void message.error(errorText(failure))
    } finally {
      setBusy(false)
    }
  }

  /** Prints the QR alone on a page (the drawer and the app around it stay off the paper). */
  const print = () => {
    const canvas = qr.current?.querySelector('canvas')
    const win = window.open('', '_blank')
    if (!canvas || !win) return
    const doc = win.document
    const img = doc.createElement('img')
    img.src = canvas.toDataURL('image/png')
    img.style.width = '70mm'
    const caption = doc.createElement('p')
    caption.textContent = `${t('me.title')} · ${name}`
    caption.style.font = '16px sans-serif'
    doc.body.style.textAlign = 'center'
    doc.body.append(caption, img)
    img.onload = () => win.print()
  }

  return (
    <>
      <Button
        icon={<QrcodeOutlined />}
        loading={busy}
        onClick={() => void issue()}
        aria-label={t('me.link.issue')}
        title={t('me.link.issue')}
        data-testid="me-link-issue"
      >
        {compact ? null : t('me.link.issue')}
      </Button>
      <Modal open={!!issued} onCancel={() => setIssued(undefined)} footer={null} title={t('me.link.title', { name })} destroyOnHidden>
        {issued ? (
          <Space orientation="vertical" align="center" style={{ width: '100%' }}>
            <div ref={qr}>
              <QRCode value={issued.link} errorLevel="M" size={240} type="canvas" data-testid="me-link-qr" />
            </div>
            <Typography.Paragraph
              copyable={{ text: issued.link, tooltips: [t('me.link.copy'), t('me.link.copied')] }}
              className="gl-mono"
              style={{ wordBreak: 'break-all', fontSize: 12 }}
              data-testid="me-link-text"
            >
              {issued.link}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('me.link.text')}
            </Typography.Paragraph>
            <Space>
              <Button onClick={print}>{t('me.link.print')}</Button>
              <Button onClick={() => void issue()} loading={busy}>
                {t('me.link.reissue')}
              </Button>
            </Space>
          </Space>
        ) : null}
      </Modal>
    </>
  )
}

import { CopyOutlined, MessageOutlined, ReloadOutlined } from '@ant-design/icons'
import { App, Button, Card, Flex, Popconfirm, QRCode, Typography } from 'antd'
import { useState } from 'react'
import type { SelfLinkIssued, SelfLinkSmsResult } from '../../../shared/schemas/self-link.ts'
import { api, errorText } from '../../api/client.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { usePublicLink } from '../../lib/public-url.ts'

/**
 * The returnee's own report link: a QR the person scans from the grid worker's screen, the link
 * to copy, a text message, and re-issue (the old link stops working). Only the hash is stored,
 * so the link shows only right after it is issued; afterwards re-issuing is the way to show it.
 */
export function SelfLinkCard({ returneeId, issuedPath, observing }: { returneeId: string; issuedPath?: string; observing: boolean }) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [path, setPath] = useState(issuedPath)
  const [busy, setBusy] = useState<'reissue' | 'sms'>()
  // PUBLIC_URL, not this browser's address: the person's phone must reach it.
  const link = usePublicLink(path ?? null)

  const run = async (kind: 'reissue' | 'sms') => {
    setBusy(kind)
    try {
      if (kind === 'reissue') {
        const issued = await api<SelfLinkIssued>(`/api/returnees/${returneeId}/self-link`, { method: 'POST' })
        setPath(issued.selfServicePath)
        void message.success(t('links.self.reissued'))
      } else {
        const sent = await api<SelfLinkSmsResult>(`/api/returnees/${returneeId}/self-link/sms`, { method: 'POST', body: { path } })
        void message.success(t('links.self.smsSent', { phone: sent.sentTo }))
      }
    } catch (failure) {
      void message.error(errorText(failure))
    } finally {
      setBusy(undefined)
    }
  }

  const reissue = observing ? (
    <Popconfirm title={t('links.self.reissueConfirm')} onConfirm={() => run('reissue')}>
      <Button icon={<ReloadOutlined />} loading={busy === 'reissue'} data-testid="self-link-reissue">
        {t('links.self.reissue')}
      </Button>
    </Popconfirm>
  ) : null

  return (
    <Card size="small" title={t('links.self.card')} style={{ marginBottom: 16 }} data-testid="self-link-card">
      {link ? (
        <Flex gap={16} wrap align="center">
          <div data-testid="self-link-qr">
            <QRCode value={link} size={168} errorLevel="M" type="canvas" />
          </div>
          <Flex vertical gap={8} style={{ flex: '1 1 240px', minWidth: 0 }}>
            <Typography.Text type="secondary">{t('links.self.scan')}</Typography.Text>
            <Typography.Text className="gl-mono" style={{ wordBreak: 'break-all' }} data-testid="self-link">
              {link}
            </Typography.Text>
            <Flex gap={8} wrap>
              <Button
                type="primary"
                icon={<MessageOutlined />}
                loading={busy === 'sms'}
                onClick={() => run('sms')}
                data-testid="self-link-sms"
              >
                {t('links.self.sms')}
              </Button>
              <Button
                icon={<CopyOutlined />}
                onClick={() =>
                  void navigator.clipboard?.writeText(link).then(
                    () => message.success(t('links.self.copied')),
                    () => message.info(link),
                  )
                }
              >
                {t('links.self.copy')}
              </Button>
              {reissue}
            </Flex>
          </Flex>
        </Flex>
      ) : (
        <Flex vertical gap={8} align="start">
          <Typography.Text type="secondary">{t('links.self.hidden')}</Typography.Text>
          {reissue}
        </Flex>
      )}
    </Card>
  )
}

import { Alert, App, Button, Card, Empty, Form, Input, Modal, Table, Tag, Timeline, Typography } from 'antd'
import dayjs from 'dayjs'
import { useState, type ReactNode } from 'react'
import { revokeCodeBodySchema, type HealthHistory, type HealthStatusEvent, type IssuedCodeEntry } from '../../../shared/schemas/codes.ts'
import { api } from '../../api/client.ts'
import { useFormProblems } from '../../hooks/useFormProblems.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { ColourTag } from './ColourTag.tsx'

const TIME = 'YYYY-MM-DD HH:mm'

interface Entry {
  key: string
  at: string
  colour: string
  body: ReactNode
}

function codeState(code: IssuedCodeEntry, now: number): 'valid' | 'expired' | 'revoked' {
  if (code.revokedAt) return 'revoked'
  return Date.parse(code.expiresAt) <= now ? 'expired' : 'valid'
}

/** A person's colour changes and health codes (issued, revoked) on one timeline, newest first, and the codes with a revoke button. */
export function HistoryCard({ history, onChanged }: { history: HealthHistory; onChanged(): void }) {
  const { t, d } = useI18n()
  const [revoking, setRevoking] = useState<IssuedCodeEntry>()
  const now = Date.now()

  const revokeReason = (code: IssuedCodeEntry) =>
    code.revokeReason === 'STATUS_CHANGED' ? t('health.codes.statusChanged') : (code.revokeReason ?? '')
  const eventBody = (e: HealthStatusEvent) => (
    <div data-testid="health-event">
      <div>
        {e.from
          ? t('health.event.change', { from: d.health.colour[e.from], to: d.health.colour[e.to] })
          : t('health.event.first', { to: d.health.colour[e.to] })}{' '}
        <Tag>{d.health.source[e.source]}</Tag>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[
          e.by ? t('health.event.by', { by: e.by }) : null,
          e.fileName
            ? e.line
              ? t('health.event.file', { file: e.fileName, line: e.line })
              : t('health.event.fileOnly', { file: e.fileName })
            : null,
          e.reason ? t('health.event.reason', { reason: e.reason }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography.Text>
    </div>
  )
  const colourOf = { green: 'green', yellow: 'orange', red: 'red' } as const
  const entries: Entry[] = [
    ...history.events.map((e) => ({ key: `e-${e.id}`, at: e.at, colour: colourOf[e.to], body: eventBody(e) })),
    ...history.codes.map((c) => ({
      key: `i-${c.cti}`,
      at: c.issuedAt,
      colour: 'blue',
      body: t('health.code.issued', { colour: c.colour ? d.health.colour[c.colour] : '—', until: dayjs(c.expiresAt).format(TIME) }),
    })),
    ...history.codes
      .filter((c) => c.revokedAt)
      .map((c) => ({
        key: `r-${c.cti}`,
        at: c.revokedAt!,
        colour: 'gray',
        body: (
          <span data-testid="health-code-revoked">
            {t('health.code.revoked', { reason: revokeReason(c) })}
            {c.revokedBy ? <Typography.Text type="secondary"> · {t('health.event.by', { by: c.revokedBy })}</Typography.Text> : null}
          </span>
        ),
      })),
  ].sort((a, b) => b.at.localeCompare(a.at))

  const columns = [
    {
      title: t('health.codes.issuedAt'),
      dataIndex: 'issuedAt',
      render: (at: string) => <span className="gl-nowrap">{dayjs(at).format(TIME)}</span>,
    },
    {
      title: t('health.colour'),
      dataIndex: 'colour',
      render: (colour: IssuedCodeEntry['colour']) => (colour ? <ColourTag colour={colour} /> : '—'),
    },
    {
      title: t('health.codes.expiresAt'),
      dataIndex: 'expiresAt',
      responsive: ['md' as const],
      render: (at: string) => <span className="gl-nowrap">{dayjs(at).format(TIME)}</span>,
    },
    {
      title: t('health.codes.state'),
      key: 'state',
      render: (_: unknown, code: IssuedCodeEntry) => {
        const state = codeState(code, now)
        if (state === 'valid')
          return (
            <Button size="small" danger onClick={() => setRevoking(code)} data-testid="health-revoke">
              {t('health.codes.revoke')}
            </Button>
          )
        return (
          <Typography.Text type="secondary">{t(state === 'revoked' ? 'health.codes.revoked' : 'health.codes.expired')}</Typography.Text>
        )
      },
    },
  ]

  return (
    <>
      <Card size="small" title={t('health.history')} style={{ marginTop: 16 }} data-testid="health-history">
        {entries.length ? (
          <Timeline
            items={entries.map((e) => ({
              key: e.key,
              color: e.colour,
              content: (
                <>
                  <Typography.Text type="secondary" className="gl-mono" style={{ fontSize: 12 }}>
                    {dayjs(e.at).format(TIME)}
                  </Typography.Text>
                  <div>{e.body}</div>
                </>
              ),
            }))}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('health.noHistory')} />
        )}
      </Card>
      {history.codes.length ? (
        <Card size="small" title={t('health.codes')} style={{ marginTop: 16 }}>
          <Table<IssuedCodeEntry>
            rowKey="cti"
            size="small"
            columns={columns}
            dataSource={history.codes}
            pagination={{ pageSize: 5, hideOnSinglePage: true }}
          />
        </Card>
      ) : null}
      <RevokeModal
        code={revoking}
        onClose={() => setRevoking(undefined)}
        onRevoked={() => {
          setRevoking(undefined)
          onChanged()
        }}
      />
    </>
  )
}

/** Asks for the reason, then revokes: gates refuse the code from then on. */
function RevokeModal({ code, onClose, onRevoked }: { code: IssuedCodeEntry | undefined; onClose(): void; onRevoked(): void }) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<{ reason: string }>()
  const problems = useFormProblems(form, ['reason'])
  const [saving, setSaving] = useState(false)
  const [banner, setBanner] = useState<string>()

  const submit = async () => {
    if (!code) return
    setBanner(undefined)
    problems.reset()
    const parsed = revokeCodeBodySchema.safeParse({ cti: code.cti, reason: form.getFieldValue('reason') ?? '' })
    if (!parsed.success) {
      problems.showIssues(parsed.error.issues)
      return
    }
    setSaving(true)
    try {
      await api('/api/codes/revoke', { method: 'POST', body: parsed.data })
      void message.success(t('health.revoke.done'))
      form.resetFields()
      onRevoked()
    } catch (error) {
      const { banner } = problems.showServer(error)
      if (banner) setBanner(banner)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      open={Boolean(code)}
      title={t('health.revoke.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('health.revoke.confirm')}
      okButtonProps={{ danger: true, loading: saving, ...{ 'data-testid': 'health-revoke-confirm' } }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('health.revoke.hint')}</Typography.Paragraph>
      {banner ? <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onValuesChange={(changed) => problems.fieldChanged(changed)}>
        <Form.Item name="reason" label={t('health.reason')} required>
          <Input maxLength={200} data-testid="health-revoke-reason" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

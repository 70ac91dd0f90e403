import { CheckCircleFilled, CloseCircleFilled, PaperClipOutlined } from '@ant-design/icons'
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Descriptions,
  Drawer,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import type { z } from 'zod'
import { localizeIssues } from '../../../shared/localize-issues.ts'
import { formatYuan } from '../../../shared/money.ts'
import {
  applicationDecisionSchema,
  ROLES_RUNNING_SUBSIDIES,
  type ApplicationDetail,
  type DECISIONS,
  type policyDetailSchema,
} from '../../../shared/schemas/subsidies.ts'
import { api, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'
import { ApplyDrawer } from './ApplyDrawer.tsx'
import { ApplicationStateTag, PayoutStateTag } from './SubsidyTags.tsx'
import { inputLabel, periodLabel, withoutUnit, yuanText } from './subsidy-words.ts'

type Decision = (typeof DECISIONS)[number]
type PolicyDetail = z.infer<typeof policyDetailSchema>

interface Props {
  applicationId: string | undefined
  onClose(): void
  /** After a decision, resubmission or withdrawal, so lists reload. */
  onChanged(): void
}

/**
 * One application: who, which policy and version, the figures and amount, where the money goes
 * (account masked), the automatic pre-check, documents, every step so far and the payments;
 * the buttons this role may press in this state (the server checks again).
 */
export function ApplicationDrawer({ applicationId, onClose, onChanged }: Props) {
  const { t, d, locale } = useI18n()
  const { message } = App.useApp()
  const screens = Grid.useBreakpoint()
  const account = useAccount()
  const [version, setVersion] = useState(0)
  const [deciding, setDeciding] = useState<Decision>()
  const [resubmitting, setResubmitting] = useState(false)
  const [busy, setBusy] = useState(false)
  const [formError, setFormError] = useState<string>()
  const [form] = Form.useForm<{ note?: string }>()
  const detail = useApiData<ApplicationDetail>(applicationId ? `/api/subsidies/applications/${applicationId}` : null, undefined, version)
  const a = detail.data && detail.data.id === applicationId ? detail.data : undefined
  const policy = useApiData<PolicyDetail>(a ? `/api/subsidies/policies/${a.policyId}` : null)
  // The version the application was made under: its labels, documents and approval levels.
  const made = policy.data?.id === a?.policyId ? policy.data?.versions.find((v) => v.version === a?.policyVersion)?.data : undefined
  const officer = ROLES_RUNNING_SUBSIDIES.includes(account.role)
  const mine = account.role === 'enterprise'

  const changed = () => {
    setVersion((n) => n + 1)
    onChanged()
  }

  const levelName = (level: number) => {
    const l = made?.approvalLevels[level - 1]
    return l ? (locale === 'en' ? l.nameEn : l.nameZh) : t('sub.app.levelN', { n: level })
  }

  const decide = async () => {
    if (!a || !deciding) return
    const note = form.getFieldValue('note') as string | undefined
    const parsed = applicationDecisionSchema.safeParse({ decision: deciding, level: a.pendingLevel ?? 0, note: note?.trim() || undefined })
    if (!parsed.success) {
      setFormError(
        localizeIssues(parsed.error.issues, locale)
          .map((i) => i.message)
          .join('；'),
      )
      return
    }
    setBusy(true)
    try {
      await api(`/api/subsidies/applications/${a.id}/decision`, { method: 'POST', body: parsed.data })
      void message.success(t('sub.app.decided', { decision: d.subsidy.decision[deciding] }))
      setDeciding(undefined)
      changed()
    } catch (error) {
      setFormError(errorText(error))
      // Someone else may have decided this level meanwhile: show the application as it is now.
      setVersion((n) => n + 1)
    } finally {
      setBusy(false)
    }
  }

  const withdraw = async () => {
    if (!a) return
    try {
      await api(`/api/subsidies/applications/${a.id}/withdraw`, { method: 'POST', body: {} })
      void message.success(t('sub.app.withdrawn'))
      changed()
    } catch (error) {
      void message.error(errorText(error))
    }
  }

  const press = (decision: Decision) => {
    setFormError(undefined)
    form.resetFields()
    setDeciding(decision)
  }

  const time = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—')
  const promise = made?.promiseWorkdays
  const canDecide = officer && a?.state === 'submitted' && a.pendingLevel !== null
  const canResubmit = mine && a?.state === 'returned'
  const canWithdraw = mine && (a?.state === 'submitted' || a?.state === 'returned')

  return (
    <Drawer
      open={Boolean(applicationId)}
      onClose={onClose}
      size={screens.md ? 680 : '100%'}
      title={
        a ? (
          <span className="gl-mono" data-testid="application-number">
            {a.number}
          </span>
        ) : (
          t('sub.app.title')
        )
      }
      extra={a ? <ApplicationStateTag application={a} /> : null}
      data-testid="application-drawer"
    >
      {detail.error ? <LoadError error={detail.error} onRetry={detail.reload} /> : null}
      {!a && detail.loading ? <Spin /> : null}
      {a ? (
        <>
          {canDecide || canResubmit || canWithdraw ? (
            <Space wrap style={{ marginBottom: 16 }}>
              {canDecide ? (
                <>
                  <Button type="primary" onClick={() => press('approve')} data-testid="app-action-approve">
                    {t('sub.app.approveLevel', { level: levelName(a.pendingLevel!), n: a.pendingLevel!, of: a.levels })}
                  </Button>
                  <Button onClick={() => press('return')} data-testid="app-action-return">
                    {d.subsidy.decision.return}
                  </Button>
                  <Button danger onClick={() => press('reject')} data-testid="app-action-reject">
                    {d.subsidy.decision.reject}
                  </Button>
                </>
              ) : null}
              {canResubmit ? (
                <Button type="primary" disabled={!made} onClick={() => setResubmitting(true)} data-testid="app-action-resubmit">
                  {t('sub.app.resubmit')}
                </Button>
              ) : null}
              {canWithdraw ? (
                <Popconfirm title={t('sub.app.withdrawConfirm')} onConfirm={withdraw}>
                  <Button danger data-testid="app-action-withdraw">
                    {t('sub.app.withdraw')}
                  </Button>
                </Popconfirm>
              ) : null}
            </Space>
          ) : null}
          {a.state === 'returned' || a.state === 'rejected' ? (
            <Alert
              type={a.state === 'returned' ? 'warning' : 'error'}
              showIcon
              title={a.state === 'returned' ? t('sub.app.returnedBecause') : t('sub.app.rejectedBecause')}
              description={a.lastNote ?? '—'}
              style={{ marginBottom: 16 }}
            />
          ) : null}
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { width: 130 } }}
            items={[
              { key: 'enterprise', label: t('sub.app.enterprise'), children: `${a.enterpriseName}（${a.areaName}）` },
              { key: 'policy', label: t('sub.app.policy'), children: `${a.policyCode} ${a.policyTitle} · v${a.policyVersion}` },
              { key: 'period', label: t('sub.app.period'), children: periodLabel(a.period, locale) },
              {
                key: 'inputs',
                label: t('sub.app.inputs'),
                children: (
                  <div>
                    {Object.entries(a.inputs).map(([k, v]) => {
                      const def = made?.inputs.find((i) => i.key === k)
                      return (
                        <div key={k}>
                          {withoutUnit(inputLabel(def, k, locale))}：
                          <span className="gl-mono">{def?.unit === 'count' ? v : formatYuan(Math.round(v * 100))}</span>
                          {def?.unit === 'count' ? '' : ` ${t('sub.unit.yuan')}`}
                        </div>
                      )
                    })}
                  </div>
                ),
              },
              {
                key: 'amount',
                label: t('sub.app.subsidy'),
                children: (
                  <strong className="gl-mono" data-testid="application-amount">
                    {yuanText(a.amountFen, locale)}
                  </strong>
                ),
              },
              {
                key: 'payee',
                label: t('sub.app.payee'),
                children: (
                  <span>
                    {a.payee.accountName} · {a.payee.bankName} · <span className="gl-mono">{a.payee.accountNoMasked}</span>
                  </span>
                ),
              },
              { key: 'submitted', label: t('sub.app.submittedAt'), children: time(a.submittedAt) },
              ...(a.approvedAt ? [{ key: 'approved', label: t('sub.app.approvedAt'), children: time(a.approvedAt) }] : []),
              ...(a.paidAt ? [{ key: 'paid', label: t('sub.app.paidAt'), children: time(a.paidAt) }] : []),
              ...(a.workdaysToPay !== null
                ? [
                    {
                      key: 'workdays',
                      label: t('sub.app.workdaysToPay'),
                      children: (
                        <Space size={6} wrap data-testid="application-workdays">
                          <span>{a.workdaysToPay === 0 ? t('sub.app.sameDay') : t('sub.app.workdays', { n: a.workdaysToPay })}</span>
                          {promise !== undefined ? (
                            a.workdaysToPay <= promise ? (
                              <Tag color="success">{t('sub.app.withinPromise', { n: promise })}</Tag>
                            ) : (
                              <Tag color="warning">{t('sub.app.overPromise', { n: promise })}</Tag>
                            )
                          ) : null}
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />

          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('sub.app.precheck')}
          </Typography.Title>
          <div data-testid="application-precheck">
            {a.precheck.length ? (
              a.precheck.map((r) => (
                <div key={r.explanation} className={r.passed ? 'gl-sub-check-ok' : 'gl-sub-failed'}>
                  {r.passed ? <CheckCircleFilled /> : <CloseCircleFilled />} {r.explanation}
                </div>
              ))
            ) : (
              <Typography.Text type="secondary">{t('sub.app.noRules')}</Typography.Text>
            )}
          </div>

          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('sub.apply.documents')}
          </Typography.Title>
          {a.documents.length ? (
            <ul style={{ paddingLeft: 18 }} data-testid="application-documents">
              {a.documents.map((doc) => {
                const def = made?.documents.find((x) => x.key === doc.documentKey)
                return (
                  <li key={doc.id}>
                    {def ? <Typography.Text type="secondary">{locale === 'en' ? def.nameEn : def.nameZh}：</Typography.Text> : null}
                    <a href={`/api/subsidies/applications/${a.id}/documents/${doc.id}`}>
                      <PaperClipOutlined /> {doc.fileName}
                    </a>{' '}
                    <Typography.Text type="secondary">({Math.max(1, Math.ceil(doc.size / 1024))} KB)</Typography.Text>
                  </li>
                )
              })}
            </ul>
          ) : (
            <Typography.Paragraph type="secondary">{t('sub.app.noDocuments')}</Typography.Paragraph>
          )}

          <Typography.Title level={5}>{t('sub.app.history')}</Typography.Title>
          <Timeline
            data-testid="application-history"
            items={a.history.map((event) => ({
              color:
                event.action.includes('reject') || event.action.includes('fail')
                  ? 'red'
                  : event.action.includes('return')
                    ? 'orange'
                    : event.action.includes('paid') || event.action.includes('approve')
                      ? 'green'
                      : 'blue',
              content: (
                <div>
                  <Space size={6} wrap>
                    <Typography.Text strong>
                      {d.subsidy.event[event.action] ?? event.action}
                      {event.level ? ` · ${levelName(event.level)}` : ''}
                    </Typography.Text>
                    <Typography.Text type="secondary">{event.actorName ?? t('sub.app.system')}</Typography.Text>
                    <Typography.Text type="secondary" className="gl-mono" style={{ fontSize: 12 }}>
                      {time(event.at)}
                    </Typography.Text>
                  </Space>
                  {event.note ? <div style={{ color: 'rgba(0,0,0,0.65)' }}>{event.note}</div> : null}
                </div>
              ),
            }))}
          />

          {a.payments.length ? (
            <>
              <Typography.Title level={5}>{t('sub.app.payments')}</Typography.Title>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={a.payments}
                scroll={{ x: 560 }}
                data-testid="application-payments"
                columns={[
                  { title: t('sub.pay.batch'), dataIndex: 'batchNumber', render: (n: string) => <span className="gl-mono">{n}</span> },
                  { title: t('sub.pay.attempt'), dataIndex: 'attempt', width: 70 },
                  { title: t('sub.app.state'), dataIndex: 'state', width: 100, render: (s: string) => <PayoutStateTag state={s} /> },
                  {
                    title: t('sub.app.amount'),
                    dataIndex: 'amountFen',
                    align: 'right',
                    render: (fen: number) => <span className="gl-mono">{formatYuan(fen)}</span>,
                  },
                  { title: t('sub.pay.reference'), key: 'ref', render: (_, p) => p.bankReference ?? p.failureReason ?? '—' },
                  {
                    title: t('sub.pay.at'),
                    dataIndex: 'at',
                    width: 130,
                    render: (iso: string) => <span className="gl-mono">{dayjs(iso).format('MM-DD HH:mm')}</span>,
                  },
                ]}
              />
            </>
          ) : null}
        </>
      ) : null}

      <Modal
        open={Boolean(deciding)}
        title={
          deciding === 'approve' && a?.pendingLevel
            ? t('sub.app.approveLevel', { level: levelName(a.pendingLevel), n: a.pendingLevel, of: a.levels })
            : deciding
              ? d.subsidy.decision[deciding]
              : ''
        }
        onCancel={() => setDeciding(undefined)}
        onOk={decide}
        okButtonProps={{ loading: busy, danger: deciding === 'reject', 'data-testid': 'decision-submit' } as ButtonProps}
        destroyOnHidden
      >
        {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} /> : null}
        {deciding === 'approve' && a ? (
          <Typography.Paragraph>{t('sub.app.approveNote', { amount: yuanText(a.amountFen, locale) })}</Typography.Paragraph>
        ) : null}
        <Form form={form} layout="vertical">
          <Form.Item name="note" label={deciding === 'approve' ? t('sub.app.note') : t('sub.app.reason')} required={deciding !== 'approve'}>
            <Input.TextArea rows={3} maxLength={500} data-testid="decision-note" />
          </Form.Item>
        </Form>
      </Modal>
      <ApplyDrawer
        resubmit={resubmitting && a && made ? { application: a, version: made } : undefined}
        onClose={() => setResubmitting(false)}
        onDone={() => {
          setResubmitting(false)
          changed()
        }}
      />
    </Drawer>
  )
}

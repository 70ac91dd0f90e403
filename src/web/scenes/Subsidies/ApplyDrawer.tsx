import { Alert, App, Button, Drawer, Form, Grid, Input, InputNumber, Select, Space, Typography } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { localizeIssues } from '../../../shared/localize-issues.ts'
import { message as messageText } from '../../../shared/messages.ts'
import {
  applicationInputSchema,
  applicationResubmitSchema,
  type ApplicationDetail,
  type Policy,
  type PolicyVersionData,
} from '../../../shared/schemas/subsidies.ts'
import { computeAmountFen } from '../../../shared/subsidy-amount.ts'
import { api } from '../../api/client.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { showFieldErrors, showServerProblem } from '../../lib/form-errors.ts'
import { DocumentUpload, type ChosenDocument } from './DocumentUpload.tsx'
import { capText, chinaToday, inputLabel, newIdempotencyKey, periodOptions, yuanInputFormat, yuanText } from './subsidy-words.ts'

/** A return answered: the application, and the policy version it was made under. */
export interface Resubmission {
  application: ApplicationDetail
  version: PolicyVersionData
}

interface Props {
  /** Apply to this policy (its current version)… */
  policy?: Policy
  /** …or answer a return of this application. */
  resubmit?: Resubmission
  /** Prefills the payee's account name: the subsidy goes to the enterprise's own account. */
  enterpriseName?: string
  onClose(): void
  onDone(application: ApplicationDetail): void
}

/** The form keeps flat names ("inputs.interestPaid") so the server's field errors land on them as they are. */
type Values = Record<string, unknown>

/**
 * 申报: period, the figures the formula needs (with the amount worked out as they are typed),
 * where to pay, one file per required document. The submit carries a key made when the drawer
 * opened, so a double click or a retry after a dropped connection files one application, not two.
 */
export function ApplyDrawer({ policy, resubmit, enterpriseName, onClose, onDone }: Props) {
  const { t, locale } = useI18n()
  const { message } = App.useApp()
  const screens = Grid.useBreakpoint()
  const [form] = Form.useForm<Values>()
  const [values, setValues] = useState<Values>({})
  const [saving, setSaving] = useState(false)
  const [banner, setBanner] = useState<string>()
  const [key, setKey] = useState('')
  const open = Boolean(policy || resubmit)
  const version = resubmit?.version ?? policy?.current
  const title = resubmit ? resubmit.application.policyTitle : policy?.current.title

  const periods = useMemo(
    () => (version ? periodOptions(version.periodKind, version.opensOn, version.closesOn, chinaToday(), locale) : []),
    [version, locale],
  )
  const fields = useMemo(
    () =>
      version
        ? [
            'period',
            ...version.inputs.map((i) => `inputs.${i.key}`),
            'payee.accountName',
            'payee.bankName',
            'payee.accountNo',
            ...version.documents.map((doc) => `documents.${doc.key}`),
            'note',
          ]
        : [],
    [version],
  )

  useEffect(() => {
    if (!open || !version) return
    form.resetFields()
    setBanner(undefined)
    setKey(newIdempotencyKey())
    const initial: Values = { period: periods[0]?.value, 'payee.accountName': enterpriseName }
    if (resubmit) {
      const a = resubmit.application
      initial.period = a.period
      initial['payee.accountName'] = a.payee.accountName
      initial['payee.bankName'] = a.payee.bankName
      for (const [k, v] of Object.entries(a.inputs)) initial[`inputs.${k}`] = v
    }
    form.setFieldsValue(initial)
    setValues(initial)
  }, [open, policy?.id, resubmit?.application.id])

  // The enterprise's name may arrive after the drawer opened.
  useEffect(() => {
    if (open && enterpriseName && !form.getFieldValue('payee.accountName')) form.setFieldValue('payee.accountName', enterpriseName)
  }, [open, enterpriseName])

  const inputs = useMemo(() => {
    const out: Record<string, number> = {}
    for (const input of version?.inputs ?? []) {
      const value = values[`inputs.${input.key}`]
      if (typeof value === 'number') out[input.key] = value
    }
    return out
  }, [values, version])
  // The amount shows as soon as the figure the formula uses is typed; the other figures do not change it.
  const preview = useMemo(() => {
    if (!version) return undefined
    const formula = version.formula
    if (formula.kind !== 'fixed' && inputs[formula.input] === undefined) return undefined
    return computeAmountFen(version, Object.fromEntries(version.inputs.map((i) => [i.key, inputs[i.key] ?? 0])))
  }, [version, inputs])

  const submit = async () => {
    if (!version) return
    setBanner(undefined)
    const all = form.getFieldsValue(true) as Values
    const documents = version.documents.flatMap((doc) => {
      const chosen = all[`documents.${doc.key}`] as ChosenDocument | undefined
      return chosen
        ? [{ documentKey: doc.key, fileName: chosen.fileName, contentType: chosen.contentType, contentBase64: chosen.contentBase64 }]
        : []
    })
    const body = {
      ...(resubmit ? {} : { policyId: policy!.id, period: all.period, idempotencyKey: key }),
      inputs,
      payee: {
        accountName: all['payee.accountName'] ?? '',
        bankName: all['payee.bankName'] ?? '',
        accountNo: all['payee.accountNo'] ?? '',
      },
      documents,
      note: typeof all.note === 'string' && all.note.trim() ? all.note.trim() : undefined,
    }
    const parsed = resubmit ? applicationResubmitSchema.safeParse(body) : applicationInputSchema.safeParse(body)
    const problems = parsed.success ? [] : localizeIssues(parsed.error.issues, locale)
    // A resubmission may keep the documents it was filed with; a new application needs every one.
    if (!resubmit) {
      for (const doc of version.documents) {
        if (!documents.some((d) => d.documentKey === doc.key))
          problems.push({ field: `documents.${doc.key}`, code: 'required', message: t('sub.apply.docMissing') })
      }
    }
    // The same checks the server makes on the figures (missing, more than 2 decimals, above the maximum).
    for (const e of computeAmountFen(version, inputs).errors) {
      problems.push({ field: `inputs.${e.input}`, code: e.code, message: messageText(e.code, locale) ?? t('sub.apply.inputMissing') })
    }
    if (problems.length || !parsed.success) {
      const rest = showFieldErrors(form, fields, problems)
      if (rest.length) setBanner(rest.map((e) => e.message).join('；'))
      return
    }
    showFieldErrors(form, fields, [])
    setSaving(true)
    try {
      const application = resubmit
        ? await api<ApplicationDetail>(`/api/subsidies/applications/${resubmit.application.id}/resubmit`, {
            method: 'POST',
            body: parsed.data,
          })
        : await api<ApplicationDetail>('/api/subsidies/applications', { method: 'POST', body: parsed.data })
      void message.success(t(resubmit ? 'sub.apply.resent' : 'sub.apply.sent', { number: application.number }))
      onDone(application)
    } catch (error) {
      const { banner } = showServerProblem(form, fields, error)
      if (banner) setBanner(banner)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.sm ? 560 : '100%'}
      title={resubmit ? t('sub.apply.resubmitTitle', { number: resubmit.application.number }) : t('sub.apply.title')}
      destroyOnHidden
      data-testid="apply-drawer"
      footer={
        <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('form.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={submit} data-testid="apply-submit">
            {resubmit ? t('sub.apply.resubmit') : t('sub.apply.submit')}
          </Button>
        </Space>
      }
    >
      {version ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {title}
          </Typography.Title>
          {banner ? <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} data-testid="apply-banner" /> : null}
          <Form form={form} layout="vertical" onValuesChange={(_, all) => setValues(all)} data-testid="apply-form">
            <Form.Item name="period" label={t('sub.apply.period')} required>
              <Select options={periods} disabled={Boolean(resubmit)} data-testid="apply-period" />
            </Form.Item>
            {version.inputs.map((input) => (
              <Form.Item key={input.key} name={`inputs.${input.key}`} label={inputLabel(input, input.key, locale)} required>
                <InputNumber
                  style={{ width: '100%' }}
                  min={0}
                  max={input.max}
                  precision={input.unit === 'yuan' ? 2 : 0}
                  step={input.unit === 'yuan' ? 100 : 1}
                  suffix={input.unit === 'yuan' ? t('sub.unit.yuan') : t('sub.unit.count')}
                  {...(input.unit === 'yuan' ? yuanInputFormat : {})}
                  data-testid={`apply-input-${input.key}`}
                />
              </Form.Item>
            ))}
            <div className="gl-sub-preview" data-testid="apply-preview">
              <span>{t('sub.apply.preview')}</span>
              <strong data-testid="apply-preview-amount">
                {preview && !preview.errors.length ? yuanText(preview.amountFen, locale) : '—'}
              </strong>
              {version.capFen !== null ? (
                <Typography.Text type={preview?.capped ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>
                  {preview?.capped
                    ? t('sub.apply.capped', { cap: capText(version.capFen, locale) })
                    : t('sub.apply.cap', { cap: capText(version.capFen, locale) })}
                </Typography.Text>
              ) : null}
            </div>
            <Typography.Title level={5}>{t('sub.apply.payee')}</Typography.Title>
            <Form.Item name="payee.accountName" label={t('sub.apply.accountName')} required extra={t('sub.apply.accountNameHint')}>
              <Input maxLength={100} data-testid="apply-account-name" />
            </Form.Item>
            <Form.Item name="payee.bankName" label={t('sub.apply.bankName')} required>
              <Input maxLength={100} placeholder={t('sub.apply.bankNamePlaceholder')} data-testid="apply-bank-name" />
            </Form.Item>
            <Form.Item name="payee.accountNo" label={t('sub.apply.accountNo')} required>
              <Input maxLength={40} inputMode="numeric" autoComplete="off" data-testid="apply-account-no" />
            </Form.Item>
            {version.documents.length ? <Typography.Title level={5}>{t('sub.apply.documents')}</Typography.Title> : null}
            {version.documents.map((doc) => (
              <Form.Item
                key={doc.key}
                name={`documents.${doc.key}`}
                label={locale === 'en' ? doc.nameEn : doc.nameZh}
                required={!resubmit}
                extra={resubmit ? t('sub.apply.keepDocument') : undefined}
              >
                <DocumentUpload data-testid={`apply-doc-${doc.key}`} />
              </Form.Item>
            ))}
            <Form.Item name="note" label={t('sub.apply.note')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Form>
        </>
      ) : null}
    </Drawer>
  )
}

import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Form,
  Grid,
  InputNumber,
  List,
  Popconfirm,
  Space,
  Spin,
  Tag,
  Typography,
  type FormInstance,
} from 'antd'
import dayjs from 'dayjs'
import { useEffect, useState } from 'react'
import { localizeIssues } from '../../../shared/localize-issues.ts'
import { message as messageText } from '../../../shared/messages.ts'
import { formatYuan } from '../../../shared/money.ts'
import { policyCreateSchema, policyVersionInputSchema, type PolicyState } from '../../../shared/schemas/subsidies.ts'
import type { policyDetailSchema } from '../../../shared/schemas/subsidies.ts'
import type { z } from 'zod'
import { ApiError, api, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount, useSession } from '../../hooks/useSession.ts'
import type { FieldError } from '../../lib/form-errors.ts'
import { blankVersion, fromVersion, placeErrors, toVersionInput, type PolicyFormValues } from './policy-form.ts'
import { PolicyVersionForm } from './PolicyVersionForm.tsx'
import { PolicyStateTag } from './SubsidyTags.tsx'
import { chinaToday, yuanInputFormat } from './subsidy-words.ts'

type PolicyDetail = z.infer<typeof policyDetailSchema>
/** Nested names (rules.0.values) are not in the form's value type: antd types names by the top level only. */
type FieldData = Parameters<FormInstance<PolicyFormValues>['setFields']>[0][number]

interface Props {
  /** A policy to edit, 'new' to create one, undefined when closed. */
  policyId: string | 'new' | undefined
  onClose(): void
  onChanged(): void
  onCreated(id: string): void
}

/** The next states an officer may move a policy to, with the button's words. */
const NEXT_STATES: Record<PolicyState, PolicyState[]> = { draft: ['published'], published: ['closed'], closed: ['published'] }

/**
 * 政策编辑: every save is a new version (applications keep the version they were made under);
 * publish and close; the budget, never below what is already approved.
 */
export function PolicyEditorDrawer({ policyId, onClose, onChanged, onCreated }: Props) {
  const { t, d, locale } = useI18n()
  const { message } = App.useApp()
  const screens = Grid.useBreakpoint()
  const account = useAccount()
  const { areasById } = useSession()
  const [form] = Form.useForm<PolicyFormValues>()
  const [version, setVersion] = useState(0)
  const [saving, setSaving] = useState(false)
  const [banner, setBanner] = useState<string>()
  const [budgetYuan, setBudgetYuan] = useState<number | null>(null)
  const creating = policyId === 'new'
  const detail = useApiData<PolicyDetail>(policyId && !creating ? `/api/subsidies/policies/${policyId}` : null, undefined, version)
  const policy = detail.data && detail.data.id === policyId ? detail.data : undefined

  useEffect(() => {
    if (!policyId) return
    setBanner(undefined)
    form.resetFields()
    if (creating) form.setFieldsValue(blankVersion(areasById.get(account.areaId)?.code, chinaToday()))
  }, [policyId])
  useEffect(() => {
    if (!policy) return
    form.setFieldsValue(fromVersion(policy.current))
    setBudgetYuan(policy.budgetFen / 100)
  }, [policy?.id, policy?.currentVersion, policy?.updatedAt])

  const changed = () => {
    setVersion((n) => n + 1)
    onChanged()
  }

  const showErrors = (errors: FieldError[], fallback?: string) => {
    const registered = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)))
    form.setFields(form.getFieldsError().map((f) => ({ name: f.name, errors: [] })) as unknown as FieldData[])
    const { placed, rest } = placeErrors(errors, (name) => registered.has(JSON.stringify(name)))
    form.setFields(placed as unknown as FieldData[])
    const lines = rest.map((e) => e.message)
    // A refusal with no field to point at (a duplicate code, a budget below what is approved) goes above the form.
    if (fallback && !placed.length && !lines.length) lines.push(fallback)
    if (lines.length) setBanner(lines.join('；'))
  }

  const save = async () => {
    setBanner(undefined)
    const values = form.getFieldsValue(true) as PolicyFormValues
    const versionInput = toVersionInput(values)
    const parsed = creating
      ? policyCreateSchema.safeParse({
          code: values.code ?? '',
          budgetFen: values.budgetYuan === undefined ? NaN : Math.round(values.budgetYuan * 100),
          version: versionInput,
        })
      : policyVersionInputSchema.safeParse(versionInput)
    if (!parsed.success) {
      // Zod words a pattern mismatch as the regex itself: say what a code looks like instead.
      const issues = localizeIssues(parsed.error.issues, locale).map((e) =>
        e.field === 'code'
          ? { ...e, message: values.code?.trim() ? t('sub.editor.codeFormat') : (messageText('required', locale) ?? e.message) }
          : e,
      )
      return showErrors(issues)
    }
    showErrors([])
    setSaving(true)
    try {
      const saved = creating
        ? await api<PolicyDetail>('/api/subsidies/policies', { method: 'POST', body: parsed.data })
        : await api<PolicyDetail>(`/api/subsidies/policies/${policyId}/versions`, { method: 'POST', body: parsed.data })
      void message.success(t('sub.editor.saved', { n: saved.currentVersion }))
      changed()
      if (creating) onCreated(saved.id)
    } catch (error) {
      showErrors(error instanceof ApiError ? (error.problem.errors ?? []) : [], errorText(error))
    } finally {
      setSaving(false)
    }
  }

  const setState = async (state: PolicyState) => {
    try {
      await api(`/api/subsidies/policies/${policyId}/state`, { method: 'POST', body: { state } })
      void message.success(t('sub.editor.stateDone', { state: d.subsidy.policyState[state] }))
      changed()
    } catch (error) {
      void message.error(errorText(error))
    }
  }

  const saveBudget = async () => {
    if (budgetYuan === null) return
    try {
      await api(`/api/subsidies/policies/${policyId}/budget`, { method: 'PUT', body: { budgetFen: Math.round(budgetYuan * 100) } })
      void message.success(t('sub.editor.budgetSaved'))
      changed()
    } catch (error) {
      void message.error(errorText(error))
    }
  }

  return (
    <Drawer
      open={Boolean(policyId)}
      onClose={onClose}
      size={screens.md ? 820 : '100%'}
      title={creating ? t('sub.editor.newTitle') : policy ? `${policy.code} ${policy.current.title}` : t('sub.editor.editTitle')}
      extra={policy ? <PolicyStateTag state={policy.state} /> : null}
      destroyOnHidden
      data-testid="policy-editor"
      footer={
        <Space style={{ justifyContent: 'flex-end', width: '100%' }} wrap>
          <Button onClick={onClose}>{t('form.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={save} data-testid="policy-save">
            {creating ? t('sub.editor.create') : t('sub.editor.saveVersion')}
          </Button>
        </Space>
      }
    >
      {detail.error ? <LoadError error={detail.error} onRetry={detail.reload} /> : null}
      {!creating && !policy ? <Spin /> : null}
      {policy ? (
        <div className="gl-sub-editor-top">
          <Card size="small" title={t('sub.editor.stateAndBudget')}>
            <Space wrap style={{ marginBottom: 8 }}>
              {NEXT_STATES[policy.state].map((next) => (
                <Popconfirm
                  key={next}
                  title={t(next === 'closed' ? 'sub.editor.closeConfirm' : 'sub.editor.publishConfirm')}
                  onConfirm={() => setState(next)}
                >
                  <Button
                    type={next === 'published' ? 'primary' : 'default'}
                    danger={next === 'closed'}
                    data-testid={`policy-state-${next}`}
                  >
                    {t(next === 'closed' ? 'sub.editor.close' : 'sub.editor.publish')}
                  </Button>
                </Popconfirm>
              ))}
            </Space>
            <div className="gl-sub-meta">
              {t('sub.editor.moneyNow', { committed: formatYuan(policy.committedFen), paid: formatYuan(policy.paidFen) })}
            </div>
            <Space.Compact style={{ marginTop: 8 }}>
              <InputNumber
                min={0}
                precision={2}
                value={budgetYuan}
                onChange={(v) => setBudgetYuan(v === null ? null : Number(v))}
                style={{ width: 240 }}
                prefix={t('sub.editor.budget')}
                suffix={t('sub.unit.yuan')}
                {...yuanInputFormat}
              />
              <Button onClick={saveBudget} data-testid="policy-budget-save">
                {t('sub.editor.saveBudget')}
              </Button>
            </Space.Compact>
          </Card>
          <Card size="small" title={t('sub.editor.versions')} data-testid="policy-versions">
            <List
              size="small"
              dataSource={[...policy.versions].sort((a, b) => b.version - a.version)}
              renderItem={(v) => (
                <List.Item style={{ padding: '4px 0' }}>
                  <Space size={6} wrap>
                    <strong>v{v.version}</strong>
                    {v.version === policy.currentVersion ? <Tag color="blue">{t('sub.editor.current')}</Tag> : null}
                    <Typography.Text type="secondary">{v.createdBy ?? '—'}</Typography.Text>
                    <Typography.Text type="secondary" className="gl-mono" style={{ fontSize: 12 }}>
                      {dayjs(v.createdAt).format('YYYY-MM-DD HH:mm')}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </div>
      ) : null}
      {banner ? <Alert type="error" showIcon title={banner} style={{ margin: '12px 0' }} data-testid="policy-banner" /> : null}
      {creating || policy ? (
        <>
          {!creating ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {t('sub.editor.versionNote')}
            </Typography.Paragraph>
          ) : null}
          <PolicyVersionForm form={form} creating={creating} />
        </>
      ) : null}
    </Drawer>
  )
}

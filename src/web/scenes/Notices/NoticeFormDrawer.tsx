import { Alert, App, Button, Col, DatePicker, Drawer, Form, Grid, Input, Row, Select, Space } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useState } from 'react'
import { KEYWORDS_MAX, NOTICE_CATEGORIES, noticeInputSchema, type NoticeInput, type StaffNotice } from '../../../shared/schemas/notices.ts'
import { api } from '../../api/client.ts'
import { AreaTreeSelect } from '../../components/AreaTreeSelect.tsx'
import { useFormProblems } from '../../hooks/useFormProblems.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount, useSession } from '../../hooks/useSession.ts'
import { blankToUndefined } from '../../lib/form-errors.ts'

const FIELDS = ['title', 'category', 'keywords', 'areaId', 'office', 'documentNumber', 'effectiveFrom', 'effectiveTo', 'link', 'body']
type FormValues = Omit<NoticeInput, 'effectiveFrom' | 'effectiveTo'> & { effectiveFrom?: Dayjs | null; effectiveTo?: Dayjs | null }

interface Props {
  /** The notice to edit; null writes a new one; undefined keeps the drawer closed. */
  notice: StaffNotice | null | undefined
  onClose(): void
  onSaved(notice: StaffNotice): void
}

function toForm(notice: StaffNotice): FormValues {
  return {
    title: notice.title,
    body: notice.body,
    category: notice.category,
    keywords: notice.keywords,
    areaId: notice.areaId,
    office: notice.office,
    documentNumber: notice.documentNumber ?? undefined,
    link: notice.link ?? undefined,
    effectiveFrom: notice.effectiveFrom ? dayjs(notice.effectiveFrom) : null,
    effectiveTo: notice.effectiveTo ? dayjs(notice.effectiveTo) : null,
  }
}

/**
 * Writes or edits a notice. The shared Zod schema checks the fields before sending (the server
 * checks the same); the server's problems (an area outside the scope) land on their fields too.
 */
export function NoticeFormDrawer({ notice, onClose, onSaved }: Props) {
  const { t, d } = useI18n()
  const { message } = App.useApp()
  const account = useAccount()
  const { areas } = useSession()
  const [form] = Form.useForm<FormValues>()
  const screens = Grid.useBreakpoint()
  const [saving, setSaving] = useState<'save' | 'publish'>()
  const [banner, setBanner] = useState<string>()
  const problems = useFormProblems(form, FIELDS)
  const open = notice !== undefined

  useEffect(() => {
    if (!open) return
    form.resetFields()
    form.setFieldsValue(notice ? toForm(notice) : { category: 'policy', areaId: account.areaId, keywords: [] })
    setBanner(undefined)
    problems.reset()
  }, [open, notice?.id])

  const submit = async (andPublish: boolean) => {
    setBanner(undefined)
    problems.reset()
    const values = blankToUndefined(form.getFieldsValue(true) as FormValues)
    const input = {
      ...values,
      effectiveFrom: values.effectiveFrom ? values.effectiveFrom.format('YYYY-MM-DD') : undefined,
      effectiveTo: values.effectiveTo ? values.effectiveTo.format('YYYY-MM-DD') : undefined,
    }
    const parsed = noticeInputSchema.safeParse(input)
    if (!parsed.success) {
      const rest = problems.showIssues(parsed.error.issues)
      if (rest.length) setBanner(rest.map((e) => e.message).join('；'))
      return
    }
    problems.clear()
    setSaving(andPublish ? 'publish' : 'save')
    try {
      let saved = notice
        ? await api<StaffNotice>(`/api/notices/${notice.id}`, { method: 'PUT', body: parsed.data })
        : await api<StaffNotice>('/api/notices', { method: 'POST', body: parsed.data })
      if (andPublish) saved = await api<StaffNotice>(`/api/notices/${saved.id}/publish`, { method: 'POST' })
      void message.success(andPublish ? t('notices.desk.published') : t('notices.desk.saved'))
      onSaved(saved)
    } catch (error) {
      const { banner } = problems.showServer(error)
      if (banner) setBanner(banner)
    } finally {
      setSaving(undefined)
    }
  }

  const canPublish = !notice || notice.allowedActions.includes('publish')
  // On a phone the three buttons would cover the title: they go to the drawer's foot there.
  const actions = (
    <Space>
      <Button onClick={onClose}>{t('notices.form.cancel')}</Button>
      <Button loading={saving === 'save'} disabled={!!saving} onClick={() => submit(false)} data-testid="notice-form-save">
        {t('notices.form.save')}
      </Button>
      {canPublish ? (
        <Button
          type="primary"
          loading={saving === 'publish'}
          disabled={!!saving}
          onClick={() => submit(true)}
          data-testid="notice-form-publish"
        >
          {t('notices.form.saveAndPublish')}
        </Button>
      ) : null}
    </Space>
  )
  return (
    <Drawer
      open={open}
      title={notice ? t('notices.form.editTitle') : t('notices.form.addTitle')}
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      destroyOnHidden
      extra={screens.md ? actions : undefined}
      footer={screens.md ? undefined : <div style={{ display: 'flex', justifyContent: 'flex-end' }}>{actions}</div>}
    >
      {banner ? <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" data-testid="notice-form">
        <Form.Item name="title" label={t('notices.form.title')} required>
          <Input maxLength={120} showCount data-testid="notice-form-title" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="category" label={t('notices.form.category')} required>
              <Select options={NOTICE_CATEGORIES.map((c) => ({ value: c, label: d.notices.category[c] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="keywords" label={t('notices.form.keywords')} extra={t('notices.form.keywordsHint')} required>
              <Select
                mode="tags"
                open={false}
                maxCount={KEYWORDS_MAX}
                tokenSeparators={[',', '，', '、', ' ']}
                data-testid="notice-form-keywords"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="areaId" label={t('notices.form.area')} required>
              <AreaTreeSelect areas={areas} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="office" label={t('notices.form.office')} required>
              <Input maxLength={100} placeholder="瓯海区人民政府办公室" data-testid="notice-form-office" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="documentNumber" label={t('notices.form.documentNumber')}>
              <Input maxLength={60} placeholder={t('notices.form.documentNumberHint')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="link" label={t('notices.form.link')}>
              <Input maxLength={300} placeholder={t('notices.form.linkHint')} className="gl-mono" data-testid="notice-form-link" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="effectiveFrom" label={t('notices.form.effectiveFrom')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="effectiveTo" label={t('notices.form.effectiveTo')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="body" label={t('notices.form.body')} extra={t('notices.form.bodyHint')} required>
          <Input.TextArea autoSize={{ minRows: 8, maxRows: 20 }} maxLength={20_000} data-testid="notice-form-body" />
        </Form.Item>
      </Form>
    </Drawer>
  )
}

import { CarOutlined, CheckCircleFilled, EnvironmentOutlined, InfoCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Empty, Form, Input, Radio, Result, Select, Spin } from 'antd'
import dayjs from 'dayjs'
import { useMemo, useState } from 'react'
import { message } from '../../../shared/messages.ts'
import { formatYuanShort } from '../../../shared/money.ts'
import {
  signupInputSchema,
  type PublicRegion,
  type PublicRegionDetail,
  type SignupAnswer,
  type SignupInput,
  type SignupReceipt,
} from '../../../shared/schemas/recruitment.ts'
import { api } from '../../api/client.ts'
import { BrandMark } from '../../components/BrandMark.tsx'
import { LanguageToggle } from '../../components/LanguageToggle.tsx'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useFormProblems } from '../../hooks/useFormProblems.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { blankToUndefined } from '../../lib/form-errors.ts'
import './join.css'

const FIELDS = ['name', 'phone', 'regionId', 'jobPostingId', 'jobWanted', 'busId']
const NO_SEAT = ''
type FormValues = Omit<SignupInput, 'regionId'>

const JOBS_SHOWN = 4

/** A date and time the way the reader says it. */
const when = (iso: string, locale = 'zh-CN') => dayjs(iso).format(locale === 'en' ? 'MMM D, HH:mm' : 'M月D日 HH:mm')

/**
 * The phone had signed up with this team before: say only that. Nothing of the first sign-up is
 * shown (the server does not send it): whoever typed the number may not own the phone.
 */
function AlreadySignedUp({ onAgain }: { onAgain: () => void }) {
  const { t, locale } = useI18n()
  return (
    <Card data-testid="join-receipt">
      <Result
        icon={<InfoCircleFilled style={{ color: '#1f5fbf' }} />}
        title={t('join.existingTitle')}
        subTitle={message('RECRUIT_SIGNED_UP_BEFORE', locale)}
        style={{ padding: '8px 0' }}
      />
      <Button block style={{ marginTop: 16 }} onClick={onAgain}>
        {t('join.again')}
      </Button>
    </Card>
  )
}

/** The confirmation card: the number to quote, and the bus with where and when to meet. */
function Receipt({ receipt, onAgain }: { receipt: SignupReceipt; onAgain: () => void }) {
  const { t, locale } = useI18n()
  return (
    <Card data-testid="join-receipt">
      <Result
        icon={<CheckCircleFilled style={{ color: '#0f7b4f' }} />}
        title={t('join.doneTitle')}
        subTitle={`${receipt.teamName} · ${receipt.regionName}`}
        style={{ padding: '8px 0' }}
      />
      <div style={{ textAlign: 'center' }}>
        <div className="gl-join-muted">{t('join.number')}</div>
        <div className="gl-join-number" data-testid="join-number">
          {receipt.number}
        </div>
        {receipt.jobTitle ? <div>{receipt.jobTitle}</div> : null}
      </div>
      {receipt.seat ? (
        <Alert
          style={{ marginTop: 16 }}
          type="success"
          icon={<CarOutlined />}
          showIcon
          title={`${t('join.seatTitle')}：${receipt.seat.plate} · ${when(receipt.seat.departsAt, locale)}`}
          description={t('join.meet', {
            time: when(receipt.seat.meetsAt, locale),
            point: receipt.seat.pointName,
            address: receipt.seat.pointAddress,
          })}
          data-testid="join-seat"
        />
      ) : null}
      <Button block style={{ marginTop: 16 }} onClick={onAgain}>
        {t('join.again')}
      </Button>
    </Card>
  )
}

/**
 * 返岗直通车 sign-up for workers (no account, phone first): pick the region you are in, see its
 * collection points, buses with free seats and the jobs on offer, fill in name and phone, and get
 * a sign-up number (and a seat) back. Rules come from the shared schema; the server's problems
 * land on the fields in the chosen language.
 */
export function JoinPage() {
  const { t, locale } = useI18n()
  const [form] = Form.useForm<FormValues>()
  const [regionId, setRegionId] = useState<string>()
  const [receipt, setReceipt] = useState<SignupAnswer>()
  const [saving, setSaving] = useState(false)
  const [banner, setBanner] = useState<string>()
  const [refresh, setRefresh] = useState(0)
  const [allJobs, setAllJobs] = useState(false)
  const problems = useFormProblems(form, FIELDS)
  const regions = useApiData<{ items: PublicRegion[] }>('/api/public/recruitment/regions')
  const detail = useApiData<PublicRegionDetail>(regionId ? `/api/public/recruitment/regions/${regionId}` : null, undefined, refresh)

  const regionOptions = useMemo(() => {
    const byProvince = new Map<string, { value: string; label: string }[]>()
    for (const r of regions.data?.items ?? [])
      byProvince.set(r.province, [...(byProvince.get(r.province) ?? []), { value: r.id, label: r.name }])
    return [...byProvince].map(([province, options]) => ({ label: province, title: province, options }))
  }, [regions.data])

  const send = async () => {
    setBanner(undefined)
    problems.reset()
    const values = blankToUndefined(form.getFieldsValue(true) as FormValues)
    const parsed = signupInputSchema.safeParse({ ...values, regionId })
    if (!parsed.success) {
      const rest = problems.showIssues(parsed.error.issues)
      if (rest.length) setBanner(rest.map((e) => e.message).join('；'))
      return
    }
    problems.clear()
    setSaving(true)
    try {
      setReceipt(await api<SignupAnswer>('/api/public/recruitment/signups', { method: 'POST', body: parsed.data }))
    } catch (error) {
      const { banner } = problems.showServer(error)
      if (banner) setBanner(banner)
      // A bus may have filled up meanwhile: show the seats as they are now.
      setRefresh((n) => n + 1)
    } finally {
      setSaving(false)
    }
  }

  const again = () => {
    setReceipt(undefined)
    form.resetFields()
    setRefresh((n) => n + 1)
  }

  const region = detail.data
  const buses = region?.points.flatMap((p) => p.buses.map((b) => ({ ...b, point: p }))) ?? []

  return (
    <div className="gl-join-page">
      <header className="gl-join-header">
        <BrandMark size={30} />
        <div className="gl-join-titles">
          <div className="gl-join-title">{t('join.title')}</div>
          <div className="gl-join-subtitle">{t('join.subtitle')}</div>
        </div>
        <LanguageToggle ghost />
      </header>
      <main className="gl-join-main">
        {receipt?.created === false ? (
          <AlreadySignedUp onAgain={again} />
        ) : receipt ? (
          <Receipt receipt={receipt} onAgain={again} />
        ) : (
          <>
            {regions.error ? <LoadError error={regions.error} onRetry={regions.reload} /> : null}
            <Card size="small">
              <div className="gl-join-step">{t('join.pickRegion')}</div>
              <Select
                size="large"
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: '100%' }}
                placeholder={t('join.regionPlaceholder')}
                options={regionOptions}
                value={regionId}
                onChange={(value: string) => {
                  setRegionId(value)
                  form.setFieldsValue({ busId: NO_SEAT, jobPostingId: undefined })
                }}
                loading={regions.loading}
                notFoundContent={t('join.noRegions')}
                data-testid="join-region"
              />
            </Card>
            {regionId && detail.loading && !region ? <Spin style={{ display: 'block', margin: 24 }} /> : null}
            {region ? (
              <>
                <Card size="small" title={t('join.jobs')} data-testid="join-jobs">
                  {region.postings.length ? (
                    (allJobs ? region.postings : region.postings.slice(0, JOBS_SHOWN)).map((p) => (
                      <div key={p.id} className="gl-join-job">
                        <div>
                          <b>{p.title}</b> · {p.enterpriseName}
                        </div>
                        <div>
                          <span className="gl-join-wage">
                            {t('join.wage', { min: formatYuanShort(p.wageMinFen), max: formatYuanShort(p.wageMaxFen) })}
                          </span>
                          <span className="gl-join-muted"> · {t('join.positions', { n: p.positions })}</span>
                        </div>
                        {p.requirements ? <div className="gl-join-muted">{p.requirements}</div> : null}
                      </div>
                    ))
                  ) : (
                    <Empty description={t('join.noJobs')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
                  )}
                  {!allJobs && region.postings.length > JOBS_SHOWN ? (
                    <Button type="link" block onClick={() => setAllJobs(true)}>
                      {t('join.allJobs', { n: region.postings.length })}
                    </Button>
                  ) : null}
                </Card>
                <Card size="small">
                  <div className="gl-join-step">{t('join.form')}</div>
                  {banner ? <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} data-testid="join-error" /> : null}
                  <Form
                    form={form}
                    layout="vertical"
                    requiredMark={false}
                    initialValues={{ busId: NO_SEAT }}
                    onValuesChange={(changed: Partial<FormValues>) => problems.fieldChanged(changed)}
                    data-testid="join-form"
                  >
                    <Form.Item name="name" label={t('rec.name')}>
                      <Input size="large" maxLength={30} autoComplete="name" data-testid="join-name" />
                    </Form.Item>
                    <Form.Item name="phone" label={t('rec.phone')}>
                      <Input
                        size="large"
                        className="gl-mono"
                        inputMode="tel"
                        maxLength={13}
                        autoComplete="tel"
                        placeholder={t('form.phonePlaceholder')}
                        data-testid="join-phone"
                      />
                    </Form.Item>
                    <Form.Item name="jobPostingId" label={t('join.jobPosting')}>
                      <Select
                        size="large"
                        allowClear
                        showSearch={{ optionFilterProp: 'label' }}
                        placeholder={t('join.jobPostingPlaceholder')}
                        options={region.postings.map((p) => ({ value: p.id, label: `${p.title} · ${p.enterpriseName}` }))}
                        data-testid="join-posting"
                      />
                    </Form.Item>
                    <Form.Item name="jobWanted" label={t('join.jobWanted')}>
                      <Input size="large" maxLength={100} data-testid="join-job-wanted" />
                    </Form.Item>
                    <Form.Item
                      name="busId"
                      label={
                        locale === 'en' ? `${t('join.bus')} (${t('join.points').toLowerCase()})` : `${t('join.bus')}（${t('join.points')}）`
                      }
                    >
                      <Radio.Group className="gl-join-bus-radio" data-testid="join-buses">
                        {buses.map((b) => (
                          <Radio key={b.id} value={b.id} disabled={b.seatsFree <= 0}>
                            <div className="gl-join-bus" data-testid="join-bus-option" data-plate={b.plate} data-free={b.seatsFree}>
                              <b>
                                <CarOutlined /> {b.plate}
                              </b>
                              <span>{b.seatsFree > 0 ? t('rec.seatsFree', { n: b.seatsFree }) : t('join.full')}</span>
                            </div>
                            <div className="gl-join-muted">
                              {when(b.departsAt, locale)} → {b.destination}
                            </div>
                            <div className="gl-join-muted">
                              <EnvironmentOutlined /> {b.point.name} · {b.point.address} · {t('rec.meetsAt')}{' '}
                              {when(b.point.meetsAt, locale)}
                            </div>
                          </Radio>
                        ))}
                        <Radio value={NO_SEAT}>{buses.length ? t('join.noSeat') : t('join.noBuses')}</Radio>
                      </Radio.Group>
                    </Form.Item>
                    <Button
                      type="primary"
                      size="large"
                      block
                      loading={saving}
                      onClick={() => void send()}
                      data-testid="join-submit"
                      style={{ background: '#0f7b4f' }}
                    >
                      {t('join.submit')}
                    </Button>
                    <p className="gl-join-privacy">
                      <SafetyCertificateOutlined /> {t('join.privacy')}
                    </p>
                  </Form>
                </Card>
              </>
            ) : null}
          </>
        )}
      </main>
    </div>
  )
}

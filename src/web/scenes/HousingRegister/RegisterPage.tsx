import { CheckCircleFilled, EnvironmentOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, DatePicker, Form, Input, Result, Select, Spin } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { type ReactNode, useEffect, useState } from 'react'
import { ID_DOCUMENT_TYPES } from '../../../shared/id-document.ts'
import { houseCodeFromScan } from '../../../shared/housing-link.ts'
import {
  registrationInputSchema,
  type RegistrationInput,
  type ResolvedHouse,
  type SubmittedRegistration,
} from '../../../shared/schemas/housing-registration.ts'
import { api, errorText } from '../../api/client.ts'
import { BrandMark } from '../../components/BrandMark.tsx'
import { LanguageToggle } from '../../components/LanguageToggle.tsx'
import { useFormProblems } from '../../hooks/useFormProblems.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { blankToUndefined } from '../../lib/form-errors.ts'
import { HealthCodeField } from './HealthCodeField.tsx'
import { OtpStep } from './OtpStep.tsx'
import './register.css'

const FIELDS = ['name', 'idType', 'idNumber', 'phone', 'origin', 'employer', 'expectedArrival', 'healthCode']
type FormValues = Omit<RegistrationInput, 'code' | 'expectedArrival' | 'newArrival'> & { expectedArrival?: Dayjs }

/** The house code in the page's link: /h#GL1:… (the poster's QR). */
function codeFromLocation(): string {
  return window.location.hash.length > 1 ? houseCodeFromScan(window.location.href) : ''
}

/**
 * 云登记: a tenant opens the poster's link on their phone before arriving. No account: the page
 * shows the property of the signed code, checks the ID number (same rule as the server) and the
 * health code, and confirms the phone with a one-time code. The landlord reviews next.
 */
export function RegisterPage() {
  const { t, d } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<FormValues>()
  const [code] = useState(codeFromLocation)
  const [house, setHouse] = useState<ResolvedHouse | null>()
  const [houseError, setHouseError] = useState<string>()
  const [step, setStep] = useState<'form' | 'otp' | 'done'>('form')
  const [submitted, setSubmitted] = useState<SubmittedRegistration>()
  const [saving, setSaving] = useState(false)
  const [banner, setBanner] = useState<string>()
  // A new arrival has no health code here yet and says so (the server makes them 待核实).
  const [newArrival, setNewArrival] = useState(false)
  const problems = useFormProblems(form, FIELDS)

  useEffect(() => {
    if (!code) return
    api<ResolvedHouse>('/api/housing/public/resolve', { method: 'POST', body: { code } }).then(setHouse, (error: unknown) => {
      setHouse(null)
      setHouseError(errorText(error))
    })
  }, [code])

  const send = async () => {
    setBanner(undefined)
    problems.reset()
    const values = blankToUndefined(form.getFieldsValue(true) as FormValues)
    const input = {
      ...values,
      code,
      healthCode: newArrival ? undefined : values.healthCode,
      newArrival: newArrival || undefined,
      expectedArrival: values.expectedArrival ? values.expectedArrival.format('YYYY-MM-DD') : undefined,
    }
    const parsed = registrationInputSchema.safeParse(input)
    if (!parsed.success) {
      const rest = problems.showIssues(parsed.error.issues)
      if (rest.length) setBanner(rest.map((e) => e.message).join('；'))
      return false
    }
    problems.clear()
    setSaving(true)
    try {
      const result = await api<SubmittedRegistration>('/api/housing/public/registrations', { method: 'POST', body: parsed.data })
      setSubmitted(result)
      if (result.updated) void message.info(t('reg.updated'))
      setStep('otp')
      return true
    } catch (error) {
      const { banner } = problems.showServer(error)
      if (banner) setBanner(banner)
      return false
    } finally {
      setSaving(false)
    }
  }

  const header = (
    <header className="gl-reg-header">
      <BrandMark size={30} />
      <div className="gl-reg-titles">
        <div className="gl-reg-title">{t('reg.title')}</div>
        <div className="gl-reg-subtitle">{t('reg.subtitle')}</div>
      </div>
      <LanguageToggle />
    </header>
  )

  let body: ReactNode
  if (!code) body = <Result status="info" title={t('reg.noCode')} />
  else if (house === undefined) body = <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />
  else if (house === null) body = <Result status="warning" title={t('reg.invalid')} subTitle={houseError} />
  else if (!house.accepting) body = <Result status="warning" title={t('reg.notAccepting')} />
  else if (step === 'done') {
    body = (
      <Result
        icon={<CheckCircleFilled style={{ color: '#52c41a' }} />}
        title={t('reg.doneTitle')}
        subTitle={t(newArrival ? 'reg.doneNewArrival' : 'reg.doneText')}
        data-testid="registration-done"
      />
    )
  } else if (step === 'otp' && submitted) {
    body = <OtpStep submitted={submitted} onConfirmed={() => setStep('done')} onResend={send} onBack={() => setStep('form')} />
  } else {
    body = (
      <>
        {banner ? <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} data-testid="registration-error" /> : null}
        <Form form={form} layout="vertical" requiredMark={false} data-testid="registration-form" initialValues={{ idType: 'resident_id' }}>
          <Form.Item name="healthCode" label={t('reg.healthCode')}>
            <HealthCodeField
              newArrival={newArrival}
              onNewArrival={(next) => {
                setNewArrival(next)
                form.setFields([{ name: 'healthCode', errors: [] }])
              }}
            />
          </Form.Item>
          <Form.Item name="name" label={t('col.name')}>
            <Input size="large" maxLength={50} autoComplete="name" data-testid="reg-name" />
          </Form.Item>
          <Form.Item name="idType" label={t('person.idType')}>
            <Select size="large" options={ID_DOCUMENT_TYPES.map((type) => ({ value: type, label: d.idType[type] }))} />
          </Form.Item>
          <Form.Item name="idNumber" label={t('col.idNumber')}>
            <Input
              size="large"
              className="gl-mono"
              maxLength={40}
              autoComplete="off"
              placeholder={t('form.idPlaceholder')}
              data-testid="reg-id-number"
            />
          </Form.Item>
          <Form.Item name="phone" label={t('col.phone')}>
            <Input
              size="large"
              className="gl-mono"
              inputMode="tel"
              maxLength={14}
              autoComplete="tel"
              placeholder={t('form.phonePlaceholder')}
              data-testid="reg-phone"
            />
          </Form.Item>
          <Form.Item name="origin" label={t('reg.origin')}>
            <Input size="large" maxLength={100} placeholder={t('reg.originPlaceholder')} data-testid="reg-origin" />
          </Form.Item>
          <Form.Item name="employer" label={t('reg.employer')}>
            <Input size="large" maxLength={100} data-testid="reg-employer" />
          </Form.Item>
          <Form.Item name="expectedArrival" label={t('reg.arrival')}>
            <DatePicker
              size="large"
              style={{ width: '100%' }}
              inputReadOnly
              disabledDate={(day) => day.isBefore(dayjs().subtract(30, 'day'), 'day') || day.isAfter(dayjs().add(365, 'day'), 'day')}
              data-testid="reg-arrival"
            />
          </Form.Item>
          <Button type="primary" size="large" block loading={saving} onClick={() => void send()} data-testid="reg-submit">
            {t('reg.submit')}
          </Button>
          <p className="gl-reg-privacy">
            <SafetyCertificateOutlined /> {t('reg.privacy')}
          </p>
        </Form>
      </>
    )
  }

  return (
    <div className="gl-reg-page">
      {header}
      <main className="gl-reg-main">
        {house ? (
          <Card size="small" className="gl-reg-house" data-testid="reg-house">
            <div className="gl-reg-house-label">{t('reg.property')}</div>
            <div className="gl-reg-house-address">
              <EnvironmentOutlined /> {house.address}
            </div>
            <div className="gl-reg-house-meta">
              {house.areaName} · {t('reg.landlord')} {house.landlordName}
            </div>
          </Card>
        ) : null}
        {body}
      </main>
    </div>
  )
}

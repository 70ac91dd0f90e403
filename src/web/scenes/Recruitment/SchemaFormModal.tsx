import { Alert, App, Form, Modal, type FormInstance } from 'antd'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { z } from 'zod'
import { localizeIssues } from '../../../shared/localize-issues.ts'
import { message as localMessage } from '../../../shared/messages.ts'
import { api } from '../../api/client.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { blankToUndefined, showFieldErrors, showServerProblem, type FieldError } from '../../lib/form-errors.ts'

interface Props<V> {
  title: string
  /** The form's field names: problems on other fields go to the banner. */
  fields: readonly string[]
  schema: z.ZodType
  /** Form values → the request body the schema checks. */
  toInput: (values: V) => unknown
  method: 'POST' | 'PUT'
  url: string
  initialValues?: Partial<V>
  onClose: () => void
  onSaved: (saved: unknown) => void
  children: (form: FormInstance<V>) => ReactNode
}

/**
 * A modal form checked by the shared Zod schema before it is sent; the server's problems land
 * under the fields, re-worded when the language changes. Every recruitment form uses it.
 */
export function SchemaFormModal<V extends Record<string, unknown>>({ title, fields, schema, toInput, method, url, initialValues, onClose, onSaved, children }: Props<V>) {
  const { t, locale } = useI18n()
  const { message } = App.useApp()
  const [form] = Form.useForm<V>()
  const [saving, setSaving] = useState(false)
  const [banner, setBanner] = useState<string>()
  const shown = useRef<{ issues?: z.core.$ZodIssue[]; server?: FieldError[] }>({})

  useEffect(() => {
    const { issues, server } = shown.current
    if (issues) showFieldErrors(form, fields, localizeIssues(issues, locale))
    else if (server) showFieldErrors(form, fields, server.map((e) => ({ ...e, message: localMessage(e.code, locale) ?? e.message })))
  }, [locale, form, fields])

  const save = async () => {
    setBanner(undefined)
    shown.current = {}
    const parsed = schema.safeParse(toInput(blankToUndefined(form.getFieldsValue(true) as V)))
    if (!parsed.success) {
      shown.current = { issues: parsed.error.issues }
      const rest = showFieldErrors(form, fields, localizeIssues(parsed.error.issues, locale))
      if (rest.length) setBanner(rest.map((e) => `${e.field}: ${e.message}`).join('；'))
      return
    }
    showFieldErrors(form, fields, [])
    setSaving(true)
    try {
      const saved = await api(url, { method, body: parsed.data })
      message.success(t('rec.saved'))
      onSaved(saved)
    } catch (error) {
      const { fieldErrors, banner } = showServerProblem(form, fields, error)
      shown.current = { server: fieldErrors }
      if (banner) setBanner(banner)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal open title={title} onCancel={onClose} onOk={() => void save()} confirmLoading={saving} okText={t('rec.save')} destroyOnHidden>
      {banner ? <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" requiredMark={false} initialValues={initialValues}>
        {children(form)}
      </Form>
    </Modal>
  )
}

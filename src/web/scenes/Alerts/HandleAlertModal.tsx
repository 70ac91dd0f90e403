import { App, Form, Input, Modal } from 'antd'
import { useEffect, useState } from 'react'
import { handleAlertBodySchema, type AlertView } from '../../../shared/schemas/alerts.ts'
import { localizeIssues } from '../../../shared/localize-issues.ts'
import { api, errorText } from '../../api/client.ts'
import { useI18n } from '../../hooks/useI18n.ts'

/** Closes an alert with a note of what was done (recorded in the alert's history). */
export function HandleAlertModal({ alert, onClose, onDone }: { alert: AlertView | null; onClose(): void; onDone(alert: AlertView): void }) {
  const { t, d, locale } = useI18n()
  const { message } = App.useApp()
  const [note, setNote] = useState('')
  const [error, setError] = useState<string>()
  const [saving, setSaving] = useState(false)
  useEffect(() => {
    setNote('')
    setError(undefined)
  }, [alert?.id])

  const submit = async () => {
    const parsed = handleAlertBodySchema.safeParse({ note })
    if (!parsed.success) return setError(localizeIssues(parsed.error.issues, locale)[0]?.message)
    setSaving(true)
    try {
      const done = await api<AlertView>(`/api/alerts/${alert!.id}/handle`, { method: 'POST', body: parsed.data })
      void message.success(t('alerts.handled'))
      onDone({ ...done, status: 'handled' })
    } catch (failure) {
      setError(errorText(failure))
    } finally {
      setSaving(false)
    }
  }

  const kind = alert ? ((d.devices.alertKind as Record<string, string>)[alert.kind] ?? alert.kind) : ''
  return (
    <Modal
      open={alert !== null}
      title={t('alerts.handleTitle', { kind })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'handle-submit' } as Record<string, string>}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('alerts.note')} required validateStatus={error ? 'error' : undefined} help={error}>
          <Input.TextArea
            rows={4}
            maxLength={1000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('alerts.notePlaceholder')}
            data-testid="handle-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}

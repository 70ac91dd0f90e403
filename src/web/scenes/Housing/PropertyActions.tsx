import { App, Button, Flex, Input, Modal, Popconfirm } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { INSPECTOR_ROLES, ROLES_MANAGING_HOUSING, type InspectorRole, type PropertyDetail } from '../../../shared/schemas/housing.ts'
import { api, errorText } from '../../api/client.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'

/**
 * What the signed-in role may do with the property now: the landlord edits and submits a draft
 * or returned application; an inspector whose sign-off is awaited inspects; staff suspend,
 * revoke or (re)issue the code; anyone who sees an issued code can print its poster.
 */
export function PropertyActions({
  property,
  onChanged,
  onEdit,
  onInspect,
}: {
  property: PropertyDetail
  onChanged(): void
  onEdit(): void
  onInspect(): void
}) {
  const { t } = useI18n()
  const account = useAccount()
  const navigate = useNavigate()
  const { message } = App.useApp()
  const [busy, setBusy] = useState(false)
  const [ending, setEnding] = useState<'suspend' | 'revoke'>()
  const [reason, setReason] = useState('')
  const role = account.role
  const applicant = role === 'landlord' || ROLES_MANAGING_HOUSING.includes(role)
  const editable = applicant && (property.status === 'draft' || property.status === 'returned')
  const inspecting = (INSPECTOR_ROLES as readonly string[]).includes(role) && property.awaitingRoles.includes(role as InspectorRole)
  const managing = ROLES_MANAGING_HOUSING.includes(role)

  const act = async (path: string, body?: unknown, done?: string) => {
    setBusy(true)
    try {
      await api(`/api/housing/properties/${property.id}/${path}`, { method: 'POST', body })
      if (done) void message.success(done)
      onChanged()
    } catch (error) {
      void message.error(errorText(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Flex gap={8} wrap>
      {editable ? <Button onClick={onEdit}>{t('housing.action.edit')}</Button> : null}
      {editable ? (
        <Popconfirm
          title={t('housing.submitConfirm')}
          onConfirm={() => act('submit', undefined, t('housing.submitted'))}
          okButtonProps={{ 'data-testid': 'submit-confirm' } as Record<`data-${string}`, string>}
        >
          <Button type="primary" loading={busy} data-testid="submit-application">
            {t('housing.action.submit')}
          </Button>
        </Popconfirm>
      ) : null}
      {inspecting ? (
        <Button type="primary" onClick={onInspect} data-testid="inspect">
          {t('housing.action.inspect')}
        </Button>
      ) : null}
      {property.status === 'code_issued' ? (
        <Button type="primary" ghost onClick={() => navigate(`/housing/properties/${property.id}/poster`)} data-testid="open-poster">
          {t('housing.action.poster')}
        </Button>
      ) : null}
      {managing && (property.status === 'passed' || property.status === 'suspended') ? (
        <Button loading={busy} onClick={() => act('issue-code')}>
          {t(property.status === 'passed' ? 'housing.action.issue' : 'housing.action.reinstate')}
        </Button>
      ) : null}
      {managing && property.status === 'code_issued' ? (
        <Button onClick={() => setEnding('suspend')}>{t('housing.action.suspend')}</Button>
      ) : null}
      {managing && (property.status === 'code_issued' || property.status === 'suspended') ? (
        <Button danger onClick={() => setEnding('revoke')}>
          {t('housing.action.revoke')}
        </Button>
      ) : null}
      <Modal
        open={!!ending}
        title={t(ending === 'revoke' ? 'housing.reasonTitleRevoke' : 'housing.reasonTitleSuspend')}
        okButtonProps={{ danger: ending === 'revoke', disabled: !reason.trim(), loading: busy }}
        onCancel={() => setEnding(undefined)}
        onOk={async () => {
          await act(ending!, { reason: reason.trim() })
          setEnding(undefined)
          setReason('')
        }}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('housing.reasonPlaceholder')}
        />
      </Modal>
    </Flex>
  )
}

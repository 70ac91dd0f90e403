import { DeleteOutlined, EditOutlined, EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons'
import { App, Button, Descriptions, Drawer, Grid, Popconfirm, Space, Spin, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import { useEffect, useState } from 'react'
import { ROLES_EDITING_PEOPLE, ROLES_SEEING_FULL_IDENTITY } from '../../../shared/roles.ts'
import type { Person } from '../../../shared/schemas/person.ts'
import { api, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'
import { MeLinkButton } from './MeLinkButton.tsx'

export interface Identity {
  idType: Person['idType']
  idNumber: string
  phone: string | null
}

interface Props {
  personId: string | undefined
  onClose(): void
  onEdit(person: Person, identity?: Identity): void
  onDeleted(): void
  /** Bumped by the page after an edit so the drawer shows the saved values. */
  version: number
}

/**
 * One person, identity masked. Roles allowed to see full identity get a reveal button:
 * the server records each reveal, so it is a deliberate click, never automatic.
 */
export function PersonDrawer({ personId, onClose, onEdit, onDeleted, version }: Props) {
  const { t, d } = useI18n()
  const { message } = App.useApp()
  const account = useAccount()
  const screens = Grid.useBreakpoint()
  const { data, error, loading, reload } = useApiData<Person>(personId ? `/api/people/${personId}` : null, undefined, version)
  const person = data && data.id === personId ? data : undefined
  const [identity, setIdentity] = useState<Identity>()
  const [busy, setBusy] = useState(false)
  const canReveal = ROLES_SEEING_FULL_IDENTITY.includes(account.role)
  // Editing needs the full ID number (the server takes the whole record), so only roles that may see it.
  const canEdit = ROLES_EDITING_PEOPLE.includes(account.role)
  const canDelete = ROLES_EDITING_PEOPLE.includes(account.role)

  useEffect(() => setIdentity(undefined), [personId])

  const fetchIdentity = async () => {
    setBusy(true)
    try {
      const full = await api<Identity>(`/api/people/${personId}/identity`)
      setIdentity(full)
      return full
    } catch (failure) {
      void message.error(errorText(failure))
      return undefined
    } finally {
      setBusy(false)
    }
  }

  const remove = async () => {
    try {
      await api(`/api/people/${personId}`, { method: 'DELETE' })
      void message.success(t('person.deleted'))
      onDeleted()
    } catch (failure) {
      void message.error(errorText(failure))
    }
  }

  const yesNo = (value: boolean) => (value ? <Tag color="orange">{t('common.yes')}</Tag> : t('common.no'))
  const time = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm')

  const idCell = (
    <Space wrap size={4}>
      <span className="gl-mono" data-testid="person-id">
        {identity ? identity.idNumber : person?.idNumberMasked}
      </span>
      {canReveal ? (
        identity ? (
          <Button size="small" type="link" icon={<EyeInvisibleOutlined />} onClick={() => setIdentity(undefined)}>
            {t('person.hide')}
          </Button>
        ) : (
          <Button size="small" type="link" icon={<EyeOutlined />} loading={busy} onClick={fetchIdentity} data-testid="reveal-identity">
            {t('person.reveal')}
          </Button>
        )
      ) : null}
    </Space>
  )

  return (
    <Drawer
      open={Boolean(personId)}
      onClose={onClose}
      size={screens.sm ? 520 : '100%'}
      title={person ? person.name : t('person.detail')}
      data-testid="person-drawer"
      extra={
        person ? (
          <Space>
            <MeLinkButton personId={person.id} name={person.name} compact={!screens.sm} />
            {canEdit ? (
              <Button
                icon={<EditOutlined />}
                onClick={async () => {
                  // Roles that see full identities edit with them; the others edit around the masked values.
                  if (!canReveal) return onEdit(person)
                  const full = identity ?? (await fetchIdentity())
                  if (full) onEdit(person, full)
                }}
              >
                {t('person.edit')}
              </Button>
            ) : null}
            {canDelete ? (
              <Popconfirm title={t('person.deleteConfirm')} onConfirm={remove} okButtonProps={{ danger: true }}>
                <Button danger icon={<DeleteOutlined />} aria-label={t('person.delete')} />
              </Popconfirm>
            ) : null}
          </Space>
        ) : null
      }
    >
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {!person && loading ? <Spin /> : null}
      {person ? (
        <>
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { width: 110 } }}
            items={[
              {
                key: 'kind',
                label: t('col.kind'),
                children: <Tag color={person.kind === 'resident' ? 'blue' : 'cyan'}>{d.kind[person.kind]}</Tag>,
              },
              { key: 'idType', label: t('person.idType'), children: d.idType[person.idType] },
              { key: 'id', label: t('col.idNumber'), children: idCell },
              {
                key: 'phone',
                label: t('col.phone'),
                children: <span className="gl-mono">{identity ? (identity.phone ?? '—') : (person.phoneMasked ?? '—')}</span>,
              },
              { key: 'origin', label: t('col.origin'), children: person.origin ?? '—' },
              { key: 'employer', label: t('col.employer'), children: person.employer ?? '—' },
              { key: 'address', label: t('col.address'), children: person.address ?? '—' },
              { key: 'area', label: t('col.area'), children: person.areaName },
              { key: 'stayed', label: t('person.stayedOverHoliday'), children: yesNo(person.stayedOverHoliday) },
              { key: 'landlord', label: t('person.isLandlord'), children: yesNo(person.isLandlord) },
              { key: 'created', label: t('person.createdAt'), children: time(person.createdAt) },
              { key: 'updated', label: t('person.updatedAt'), children: time(person.updatedAt) },
            ]}
          />
          {canReveal ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
              {t('person.revealNote')}
            </Typography.Paragraph>
          ) : null}
        </>
      ) : null}
    </Drawer>
  )
}

import { UserAddOutlined } from '@ant-design/icons'
import { Button, Card, Input, Select, Table } from 'antd'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import { ROLES_EDITING_PEOPLE } from '../../../shared/roles.ts'
import { PERSON_KINDS, type Person, type PersonKind } from '../../../shared/schemas/person.ts'
import type { Page } from '../../api/types.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount, useSession } from '../../hooks/useSession.ts'
import { peopleColumns } from './peopleColumns.tsx'
import { PersonDrawer, type Identity } from './PersonDrawer.tsx'
import { PersonFormModal, type PersonFormProps } from './PersonFormModal.tsx'

/**
 * The people registry of the selected area: search (a name prefix, or an exact full ID
 * number or phone), kind filter, server-side paging. /people/:personId opens the drawer.
 * The search text stays out of the address bar: it may be an ID number.
 */
export function PeoplePage() {
  const { t, d } = useI18n()
  const account = useAccount()
  const { selectedAreaId, areasById } = useSession()
  const navigate = useNavigate()
  const { personId } = useParams()
  const [q, setQ] = useState('')
  const [kind, setKind] = useState<PersonKind>()
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [version, setVersion] = useState(0)
  const [form, setForm] = useState<{ open: boolean; editing?: PersonFormProps['editing'] }>({ open: false })
  const canRegister = ROLES_EDITING_PEOPLE.includes(account.role)

  // A new area starts again from the first page.
  const lastArea = useRef(selectedAreaId)
  useEffect(() => {
    if (lastArea.current !== selectedAreaId) setPage(1)
    lastArea.current = selectedAreaId
  }, [selectedAreaId])

  const { data, error, loading, reload } = useApiData<Page<Person>>(
    selectedAreaId ? '/api/people' : null,
    { q, kind, areaId: selectedAreaId, page, pageSize },
    version,
  )
  const columns = useMemo(() => peopleColumns({ t, d }), [t, d])
  const areaName = selectedAreaId ? areasById.get(selectedAreaId)?.name : undefined

  const openEdit = (person: Person, identity?: Identity) =>
    setForm({ open: true, editing: identity ? { person, idNumber: identity.idNumber, phone: identity.phone } : { person } })

  return (
    <>
      <PageHeader
        title={t('nav.people')}
        after={areaName ? <span className="gl-page-sub">{areaName}</span> : null}
        extra={
          canRegister ? (
            <Button type="primary" icon={<UserAddOutlined />} onClick={() => setForm({ open: true })} data-testid="register-person">
              {t('people.register')}
            </Button>
          ) : null
        }
      />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Card styles={{ body: { padding: 16 } }}>
        <div className="gl-toolbar">
          {/* antd's search box does not pass data-* through, so the wrapper carries the test id. */}
          <div style={{ flex: '1 1 260px', maxWidth: 420 }} data-testid="people-search">
            <Input.Search
              allowClear
              placeholder={t('people.search')}
              onSearch={(value) => {
                setQ(value.trim())
                setPage(1)
              }}
              style={{ width: '100%' }}
              enterButton
            />
          </div>
          <Select<PersonKind | undefined>
            allowClear
            placeholder={t('people.kindAll')}
            value={kind}
            onChange={(value) => {
              setKind(value)
              setPage(1)
            }}
            options={PERSON_KINDS.map((k) => ({ value: k, label: d.kind[k] }))}
            style={{ width: 140 }}
          />
        </div>
        <Table<Person>
          data-testid="people-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          scroll={{ x: 960 }}
          rowClassName="gl-clickable-row"
          onRow={(person) => ({ onClick: () => navigate(`/people/${person.id}`) })}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('people.total', { n: total.toLocaleString('en-US') }),
            onChange: (nextPage, nextSize) => {
              setPage(nextSize === pageSize ? nextPage : 1)
              setPageSize(nextSize)
            },
          }}
        />
      </Card>
      <PersonDrawer
        personId={personId}
        version={version}
        onClose={() => navigate('/people')}
        onEdit={openEdit}
        onDeleted={() => {
          void navigate('/people')
          setVersion((v) => v + 1)
        }}
      />
      <PersonFormModal
        open={form.open}
        editing={form.editing}
        defaultAreaId={selectedAreaId}
        onClose={() => setForm({ open: false })}
        onSaved={(saved) => {
          setForm({ open: false })
          setVersion((v) => v + 1)
          void navigate(`/people/${saved.id}`)
        }}
      />
    </>
  )
}

import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons'
import { Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table/index.js'
import { useState } from 'react'
import { ROLES_SERVING_ENTERPRISES } from '../../../shared/roles.ts'
import { INDUSTRIES, type Enterprise, type Industry } from '../../../shared/schemas/enterprise.ts'
import type { Page } from '../../api/types.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount, useSession } from '../../hooks/useSession.ts'
import { EnterpriseDrawer } from './EnterpriseDrawer.tsx'
import { EnterpriseFormModal } from './EnterpriseFormModal.tsx'
import { EnterpriseImportModal } from './EnterpriseImportModal.tsx'

/** The enterprises of the selected area: search, filters, register, CSV import and export. */
export function RegistryTab() {
  const { t, d } = useI18n()
  const account = useAccount()
  const { selectedAreaId } = useSession()
  const [q, setQ] = useState('')
  const [industry, setIndustry] = useState<Industry>()
  const [resumed, setResumed] = useState<'yes' | 'no'>()
  const [page, setPage] = useState(1)
  const [version, setVersion] = useState(0)
  const [adding, setAdding] = useState(false)
  const [importing, setImporting] = useState(false)
  const [openId, setOpenId] = useState<string>()
  const canEdit = ROLES_SERVING_ENTERPRISES.includes(account.role)
  const query = { q, industry, resumed, areaId: selectedAreaId }
  const { data, error, loading, reload } = useApiData<Page<Enterprise>>(
    '/api/enterprise/registry',
    { ...query, page, pageSize: 20 },
    version,
  )
  const exportUrl = `/api/enterprise/registry/export.csv?${new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1]))).toString()}`

  const columns: ColumnsType<Enterprise> = [
    {
      title: t('ent.form.name'),
      dataIndex: 'name',
      key: 'name',
      width: 260,
      render: (name: string, e) => (
        <Space size={4} wrap>
          <span>{name}</span>
          {e.aboveScale ? (
            <Tag color="blue" variant="filled" style={{ marginInlineEnd: 0 }}>
              {t('ent.registry.aboveScale')}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('ent.col.creditCode'),
      dataIndex: 'creditCode',
      key: 'code',
      width: 190,
      render: (code: string) => <span className="gl-mono">{code}</span>,
    },
    { title: t('ent.col.industry'), dataIndex: 'industry', key: 'industry', width: 110, render: (i: Industry) => d.enterprise.industry[i] },
    {
      title: t('ent.col.staff'),
      key: 'staff',
      width: 150,
      align: 'right',
      render: (_, e) => <span className="gl-mono">{`${e.staffLocal} / ${e.staffOtherProvince}`}</span>,
    },
    { title: t('ent.col.area'), dataIndex: 'areaName', key: 'area', width: 120, ellipsis: true },
    { title: t('ent.col.liaison'), key: 'owner', width: 150, ellipsis: true, render: (_, e) => e.owner?.displayName ?? '—' },
    {
      title: t('ent.col.resumed'),
      dataIndex: 'resumedAt',
      key: 'resumed',
      width: 100,
      render: (at: string | null) =>
        at ? <Tag color="green">{t('ent.registry.resumedYes')}</Tag> : <Tag>{t('ent.registry.resumedNo')}</Tag>,
    },
    {
      title: t('ent.col.openProblems'),
      dataIndex: 'openProblems',
      key: 'open',
      width: 100,
      align: 'right',
      render: (n: number) => (n ? <Typography.Text type="warning">{n}</Typography.Text> : 0),
    },
  ]

  return (
    <Card styles={{ body: { padding: 16 } }}>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <div className="gl-toolbar">
        <div style={{ flex: '1 1 240px', maxWidth: 380 }}>
          <Input.Search
            allowClear
            enterButton
            placeholder={t('ent.registry.search')}
            onSearch={(value) => {
              setQ(value.trim())
              setPage(1)
            }}
          />
        </div>
        <Select<Industry | undefined>
          allowClear
          placeholder={t('ent.col.industry')}
          value={industry}
          onChange={(v) => {
            setIndustry(v)
            setPage(1)
          }}
          options={INDUSTRIES.map((i) => ({ value: i, label: d.enterprise.industry[i] }))}
          style={{ width: 140 }}
        />
        <Select<'yes' | 'no' | undefined>
          allowClear
          placeholder={t('ent.registry.resumedAll')}
          value={resumed}
          onChange={(v) => {
            setResumed(v)
            setPage(1)
          }}
          options={[
            { value: 'yes', label: t('ent.registry.resumedYes') },
            { value: 'no', label: t('ent.registry.resumedNo') },
          ]}
          style={{ width: 130 }}
        />
        <div style={{ flex: 1 }} />
        {canEdit ? (
          <Space wrap>
            <Button icon={<DownloadOutlined />} href={exportUrl}>
              {t('ent.registry.export')}
            </Button>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="registry-import">
              {t('ent.registry.import')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="registry-add">
              {t('ent.registry.add')}
            </Button>
          </Space>
        ) : null}
      </div>
      <Table<Enterprise>
        data-testid="registry-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        scroll={{ x: 1200 }}
        rowClassName="gl-clickable-row"
        onRow={(e) => ({ onClick: () => setOpenId(e.id) })}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, showTotal: (n) => t('ent.total', { n }), onChange: setPage }}
      />
      <EnterpriseFormModal
        open={adding}
        defaultAreaId={selectedAreaId}
        onClose={() => setAdding(false)}
        onSaved={() => {
          setAdding(false)
          setVersion((v) => v + 1)
        }}
      />
      <EnterpriseDrawer
        enterpriseId={openId}
        canEdit={canEdit}
        onClose={() => setOpenId(undefined)}
        onChanged={() => setVersion((v) => v + 1)}
      />
      <EnterpriseImportModal open={importing} onClose={() => setImporting(false)} onImported={() => setVersion((v) => v + 1)} />
    </Card>
  )
}

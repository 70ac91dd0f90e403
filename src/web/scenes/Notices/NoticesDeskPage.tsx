import { EyeOutlined, PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, Input, Popconfirm, Select, Space, Table, Tag } from 'antd'
import type { ColumnsType } from 'antd/es/table/index.js'
import { useState } from 'react'
import {
  NOTICE_CATEGORIES,
  NOTICE_STATES,
  ROLES_PUBLISHING_NOTICES,
  type NoticeCategory,
  type NoticeState,
  type StaffNotice,
  type StaffNoticeList,
} from '../../../shared/schemas/notices.ts'
import { api, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'
import { Highlight } from './Highlight.tsx'
import { CATEGORY_COLOURS, chinaDay } from './notice-format.ts'
import { NoticeFormDrawer } from './NoticeFormDrawer.tsx'
import './notices.css'

const STATE_COLOURS: Record<NoticeState, string> = { draft: 'default', published: 'green', withdrawn: 'red' }

/** /notices-admin: the area's notices in every state; publishers write, publish and withdraw, leaders read. */
export function NoticesDeskPage() {
  const { t, d } = useI18n()
  const { message } = App.useApp()
  const account = useAccount()
  const canWrite = ROLES_PUBLISHING_NOTICES.includes(account.role)
  const [q, setQ] = useState('')
  const [category, setCategory] = useState<NoticeCategory>()
  const [state, setState] = useState<NoticeState>()
  const [page, setPage] = useState(1)
  const [version, setVersion] = useState(0)
  const [editing, setEditing] = useState<StaffNotice | null>()
  const { data, error, loading, reload } = useApiData<StaffNoticeList>(
    '/api/notices',
    { q: q || undefined, category, state, page, pageSize: 20 },
    version,
  )

  const act = async (notice: StaffNotice, action: 'publish' | 'withdraw') => {
    try {
      await api<StaffNotice>(`/api/notices/${notice.id}/${action}`, { method: 'POST' })
      void message.success(action === 'publish' ? t('notices.desk.published') : t('notices.desk.withdrawn'))
      setVersion((v) => v + 1)
    } catch (failure) {
      void message.error(errorText(failure))
    }
  }

  const columns: ColumnsType<StaffNotice> = [
    {
      title: t('notices.form.title'),
      key: 'title',
      render: (_, n) => (
        <div>
          <Button type="link" className="gl-inline-link" onClick={() => setEditing(n)} data-testid="notice-row-title">
            <Highlight text={n.title} q={q || undefined} />
          </Button>
          <div className="gl-notice-desk-sub">
            {n.documentNumber ? <span className="gl-mono">{n.documentNumber} · </span> : null}
            {n.keywords.join('、')}
          </div>
        </div>
      ),
    },
    {
      title: t('notices.desk.category'),
      dataIndex: 'category',
      key: 'category',
      width: 100,
      render: (c: NoticeCategory) => <Tag color={CATEGORY_COLOURS[c]}>{d.notices.category[c]}</Tag>,
    },
    {
      title: t('notices.desk.state'),
      dataIndex: 'state',
      key: 'state',
      width: 90,
      render: (s: NoticeState) => <Tag color={STATE_COLOURS[s]}>{d.notices.state[s]}</Tag>,
    },
    { title: t('notices.office'), key: 'office', width: 200, ellipsis: true, render: (_, n) => `${n.office}（${n.areaName}）` },
    {
      title: t('notices.publishedAt'),
      dataIndex: 'publishedAt',
      key: 'publishedAt',
      width: 110,
      render: (at: string | null) => <span className="gl-mono">{chinaDay(at)}</span>,
    },
    {
      title: t('notices.desk.actions'),
      key: 'actions',
      width: 200,
      render: (_, n) => (
        <Space size={4} wrap>
          <Button size="small" type="link" onClick={() => setEditing(n)}>
            {n.allowedActions.includes('edit') ? t('notices.desk.edit') : t('notices.desk.view')}
          </Button>
          {n.allowedActions.includes('publish') ? (
            <Button size="small" type="link" onClick={() => act(n, 'publish')} data-testid="notice-row-publish">
              {t('notices.desk.publish')}
            </Button>
          ) : null}
          {n.allowedActions.includes('withdraw') ? (
            <Popconfirm title={t('notices.desk.withdrawConfirm')} onConfirm={() => act(n, 'withdraw')}>
              <Button size="small" type="link" danger data-testid="notice-row-withdraw">
                {t('notices.desk.withdraw')}
              </Button>
            </Popconfirm>
          ) : null}
          {n.state === 'published' ? (
            <Button
              size="small"
              type="text"
              icon={<EyeOutlined />}
              href={`/notices/${n.id}`}
              target="_blank"
              title={t('notices.desk.viewPublic')}
            />
          ) : null}
        </Space>
      ),
    },
  ]

  return (
    <>
      <PageHeader
        title={t('notices.desk.title')}
        after={canWrite ? null : <Tag>{t('notices.desk.readOnly')}</Tag>}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="notice-add">
              {t('notices.desk.add')}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { padding: 16 } }}>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <div className="gl-toolbar">
          <div style={{ flex: '1 1 240px', maxWidth: 380 }}>
            <Input.Search
              allowClear
              enterButton
              placeholder={t('notices.desk.search')}
              onSearch={(value) => {
                setQ(value.trim())
                setPage(1)
              }}
            />
          </div>
          <Select
            allowClear
            placeholder={t('notices.desk.allCategories')}
            style={{ width: 140 }}
            value={category}
            onChange={(v) => {
              setCategory(v)
              setPage(1)
            }}
            options={NOTICE_CATEGORIES.map((c) => ({ value: c, label: d.notices.category[c] }))}
          />
          <Select
            allowClear
            placeholder={t('notices.desk.allStates')}
            style={{ width: 130 }}
            value={state}
            onChange={(v) => {
              setState(v)
              setPage(1)
            }}
            options={NOTICE_STATES.map((s) => ({ value: s, label: d.notices.state[s] }))}
          />
        </div>
        <Table<StaffNotice>
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={{ x: 900 }}
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          data-testid="notices-table"
        />
      </Card>
      <NoticeFormDrawer
        notice={canWrite ? editing : undefined}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined)
          setVersion((v) => v + 1)
        }}
      />
      {!canWrite && editing ? <ReadOnlyNotice notice={editing} onClose={() => setEditing(undefined)} /> : null}
    </>
  )
}

/** A leader opens a notice to read it: the public page's text in a modal-free, simple view. */
function ReadOnlyNotice({ notice, onClose }: { notice: StaffNotice; onClose(): void }) {
  const { t } = useI18n()
  return (
    <Card
      title={notice.title}
      extra={<Button onClick={onClose}>{t('notices.form.cancel')}</Button>}
      style={{ marginTop: 16 }}
      data-testid="notice-readonly"
    >
      <div className="gl-notice-desk-sub" style={{ marginBottom: 8 }}>
        {notice.office} · {chinaDay(notice.publishedAt)}
      </div>
      <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }}>{notice.body}</div>
    </Card>
  )
}

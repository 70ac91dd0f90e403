import { App, Button, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import { formatYuanShort } from '../../../shared/money.ts'
import { postingInputSchema, POSTING_STATES, type Posting, type Signup, type SignupState } from '../../../shared/schemas/recruitment.ts'
import type { Page } from '../../api/types.ts'
import { api, errorText } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import type { UiKey } from '../../i18n/zh-CN.ts'
import { SchemaFormModal } from './SchemaFormModal.tsx'
import { STATE_COLORS } from './SignupsTab.tsx'

const FIELDS = ['enterpriseId', 'title', 'positions', 'wageMinFen', 'wageMaxFen', 'location', 'requirements', 'state']
const yuan = formatYuanShort

/** The sign-ups matched to one posting, for the enterprise to confirm hires. */
function PostingSignups({ posting, onChanged }: { posting: Posting; onChanged: () => void }) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [version, setVersion] = useState(0)
  const { data, loading } = useApiData<Page<Signup>>('/api/recruitment/signups', { postingId: posting.id, pageSize: 50 }, version)
  const confirm = async (signup: Signup) => {
    try {
      await api(`/api/recruitment/signups/${signup.id}/hire`, { method: 'POST' })
      setVersion((v) => v + 1)
      onChanged()
    } catch (error) {
      void message.error(errorText(error))
    }
  }
  return (
    <Table<Signup>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={data?.items ?? []}
      pagination={false}
      data-testid="rec-posting-signups"
      columns={[
        { title: t('rec.number'), dataIndex: 'number', render: (n: string) => <span className="gl-mono">{n}</span> },
        { title: t('rec.name'), dataIndex: 'name' },
        { title: t('rec.phone'), dataIndex: 'phoneMasked', render: (p: string) => <span className="gl-mono">{p}</span> },
        { title: t('rec.region'), dataIndex: 'regionName' },
        {
          title: t('rec.state'),
          dataIndex: 'state',
          render: (s: SignupState) => <Tag color={STATE_COLORS[s]}>{t(`rec.state.${s}` as UiKey)}</Tag>,
        },
        {
          title: t('rec.actions'),
          key: 'hire',
          render: (_, s) =>
            s.state === 'hired' || s.state === 'withdrawn' ? null : (
              <Button size="small" type="primary" onClick={() => void confirm(s)} data-testid="rec-confirm-hire">
                {t('rec.confirmHire')}
              </Button>
            ),
        },
      ]}
    />
  )
}

/** Job postings: staff see their area's, an enterprise its own (and confirms hires under each). */
export function PostingsTab({ canPost, isEnterprise }: { canPost: boolean; isEnterprise: boolean }) {
  const { t } = useI18n()
  const [version, setVersion] = useState(0)
  const [editing, setEditing] = useState<Posting | 'new'>()
  const { data, error, loading, reload } = useApiData<{ items: Posting[] }>('/api/recruitment/postings', undefined, version)
  const enterprises = useApiData<{ items: { id: string; name: string }[] }>(
    canPost && !isEnterprise ? '/api/recruitment/enterprises' : null,
  )
  const refresh = () => setVersion((v) => v + 1)
  const current = editing === 'new' ? undefined : editing

  return (
    <>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {canPost ? (
        <div className="gl-toolbar">
          <Button type="primary" onClick={() => setEditing('new')} data-testid="rec-add-posting">
            {t('rec.addPosting')}
          </Button>
        </div>
      ) : null}
      <Table<Posting>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 900 }}
        data-testid="rec-postings-table"
        expandable={isEnterprise ? { expandedRowRender: (p) => <PostingSignups posting={p} onChanged={refresh} /> } : undefined}
        columns={[
          { title: t('rec.enterprise'), dataIndex: 'enterpriseName', width: 200 },
          { title: t('rec.postingTitle'), dataIndex: 'title', width: 140 },
          { title: t('rec.positions'), dataIndex: 'positions', align: 'right', width: 90 },
          { title: t('rec.wage'), key: 'wage', width: 130, render: (_, p) => `${yuan(p.wageMinFen)}–${yuan(p.wageMaxFen)}` },
          { title: t('rec.location'), dataIndex: 'location', width: 160 },
          {
            title: `${t('rec.signups')} / ${t('rec.hires')}`,
            key: 'counts',
            width: 150,
            render: (_, p) => t('rec.postingSignups', { signups: p.signups, hires: p.hires }),
          },
          {
            title: t('rec.state'),
            dataIndex: 'state',
            width: 90,
            render: (s: Posting['state']) => <Tag color={s === 'open' ? 'green' : 'default'}>{t(`rec.postingState.${s}` as UiKey)}</Tag>,
          },
          ...(canPost
            ? [
                {
                  title: t('rec.actions'),
                  key: 'edit',
                  width: 90,
                  render: (_: unknown, p: Posting) => (
                    <Button size="small" onClick={() => setEditing(p)}>
                      {t('rec.editPosting')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <SchemaFormModal<Record<string, unknown>>
          title={current ? t('rec.editPosting') : t('rec.addPosting')}
          fields={FIELDS}
          schema={postingInputSchema}
          // The wage fields hold yuan on screen; the API and the database keep integer fen.
          toInput={(v) => ({
            ...v,
            wageMinFen: typeof v.wageMinFen === 'number' ? Math.round(v.wageMinFen * 100) : undefined,
            wageMaxFen: typeof v.wageMaxFen === 'number' ? Math.round(v.wageMaxFen * 100) : undefined,
          })}
          method={current ? 'PUT' : 'POST'}
          url={current ? `/api/recruitment/postings/${current.id}` : '/api/recruitment/postings'}
          initialValues={
            current
              ? {
                  ...current,
                  wageMinFen: current.wageMinFen / 100,
                  wageMaxFen: current.wageMaxFen / 100,
                  requirements: current.requirements ?? undefined,
                }
              : { state: 'open', positions: 50 }
          }
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined)
            refresh()
          }}
        >
          {() => (
            <>
              {!isEnterprise && !current ? (
                <Form.Item name="enterpriseId" label={t('rec.enterprise')}>
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    options={enterprises.data?.items.map((e) => ({ value: e.id, label: e.name }))}
                  />
                </Form.Item>
              ) : null}
              <Form.Item name="title" label={t('rec.postingTitle')}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="positions" label={t('rec.positions')}>
                <InputNumber min={1} style={{ width: '100%' }} />
              </Form.Item>
              <Space style={{ display: 'flex' }} align="start">
                <Form.Item name="wageMinFen" label={t('rec.wageMin')} style={{ flex: 1 }}>
                  <InputNumber min={0} step={100} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="wageMaxFen" label={t('rec.wageMax')} style={{ flex: 1 }}>
                  <InputNumber min={0} step={100} style={{ width: '100%' }} />
                </Form.Item>
              </Space>
              <Form.Item name="location" label={t('rec.location')}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="requirements" label={t('rec.requirements')}>
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
              <Form.Item name="state" label={t('rec.state')}>
                <Select options={POSTING_STATES.map((s) => ({ value: s, label: t(`rec.postingState.${s}` as UiKey) }))} />
              </Form.Item>
            </>
          )}
        </SchemaFormModal>
      ) : null}
    </>
  )
}

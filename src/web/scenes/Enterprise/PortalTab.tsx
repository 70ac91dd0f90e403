import { CheckCircleTwoTone, ClockCircleTwoTone, PlusOutlined } from '@ant-design/icons'
import { Button, Card, Descriptions, Space, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import type { Enterprise } from '../../../shared/schemas/enterprise.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { ProblemDrawer } from './ProblemDrawer.tsx'
import { ProblemList } from './ProblemList.tsx'
import { ProblemReportModal } from './ProblemReportModal.tsx'

/** The enterprise's own page: who it is, who serves it, whether it has resumed, and its problems. */
export function PortalTab() {
  const { t, d } = useI18n()
  const [version, setVersion] = useState(0)
  const [openId, setOpenId] = useState<string>()
  const [reporting, setReporting] = useState(false)
  const mine = useApiData<Enterprise>('/api/enterprise/registry/mine', undefined, version)
  const e = mine.data

  return (
    <>
      {mine.error ? <LoadError error={mine.error} onRetry={mine.reload} /> : null}
      <Card loading={mine.loading && !e} style={{ marginBottom: 16 }} data-testid="portal-card">
        {e ? (
          <>
            <div className="gl-ent-portal" style={{ marginBottom: 12 }}>
              <span className="gl-ent-portal-name">{e.name}</span>
              {e.aboveScale ? <Tag color="blue">{t('ent.registry.aboveScale')}</Tag> : null}
              {e.resumedAt ? (
                <Tag icon={<CheckCircleTwoTone twoToneColor="#52c41a" />} color="success">
                  {t('ent.mine.resumed', { date: dayjs(e.resumedAt).format('YYYY-MM-DD') })}
                </Tag>
              ) : (
                <Tag icon={<ClockCircleTwoTone twoToneColor="#faad14" />} color="warning">
                  {t('ent.mine.notResumed')}
                </Tag>
              )}
            </div>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, lg: 3 }}
              items={[
                { key: 'code', label: t('ent.col.creditCode'), children: <span className="gl-mono">{e.creditCode}</span> },
                { key: 'industry', label: t('ent.col.industry'), children: d.enterprise.industry[e.industry] },
                { key: 'area', label: t('ent.col.area'), children: e.areaName },
                {
                  key: 'staff',
                  label: t('ent.mine.staff'),
                  children: t('ent.staffSplit', { local: e.staffLocal, other: e.staffOtherProvince }),
                },
                {
                  key: 'owner',
                  label: t('ent.mine.owner'),
                  children: <span data-testid="portal-owner">{e.owner?.displayName ?? '—'}</span>,
                },
                { key: 'team', label: t('ent.mine.team'), children: e.owner?.teamName ?? '—' },
              ]}
            />
          </>
        ) : null}
      </Card>
      <ProblemList
        view="all"
        sort="newest"
        own
        version={version}
        testId="portal-problems"
        onOpen={(p) => setOpenId(p.id)}
        extra={
          <Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('ent.loop')}
            </Typography.Text>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setReporting(true)} data-testid="report-problem">
              {t('ent.report')}
            </Button>
          </Space>
        }
      />
      <ProblemDrawer problemId={openId} onClose={() => setOpenId(undefined)} onChanged={() => setVersion((v) => v + 1)} />
      <ProblemReportModal
        open={reporting}
        chooseEnterprise={false}
        onClose={() => setReporting(false)}
        onReported={(p) => {
          setReporting(false)
          setVersion((v) => v + 1)
          setOpenId(p.id)
        }}
      />
    </>
  )
}

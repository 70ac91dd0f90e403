import { CheckCircleFilled, CloseCircleFilled, FileTextOutlined } from '@ant-design/icons'
import { Button, Card, Empty, Progress, Space, Spin, Tag, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { formatWan } from '../../../shared/money.ts'
import type { Enterprise } from '../../../shared/schemas/enterprise.ts'
import type { Application, eligibilityListSchema } from '../../../shared/schemas/subsidies.ts'
import type { z } from 'zod'
import type { Page } from '../../api/types.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { ApplicationDrawer } from './ApplicationDrawer.tsx'
import { ApplyDrawer } from './ApplyDrawer.tsx'
import { amountRuleInWords } from './subsidy-words.ts'

type Eligibility = z.infer<typeof eligibilityListSchema>['items'][number]

/** One card per published policy: what it pays, until when, how much is left, and whether this enterprise qualifies. */
function PolicyCard({
  item,
  existing,
  onApply,
  onOpenExisting,
}: {
  item: Eligibility
  existing?: Application
  onApply(): void
  onOpenExisting(): void
}) {
  const { t, d, locale } = useI18n()
  const { policy, eligible, results, open } = item
  const v = policy.current
  const left = Math.max(0, policy.budgetFen - policy.committedFen)
  const leftPercent = policy.budgetFen ? Math.round((left / policy.budgetFen) * 100) : 0
  const failed = results.filter((r) => !r.passed)
  const already = Boolean(item.existingApplicationId)
  return (
    <Card
      className="gl-sub-card"
      data-testid={`policy-card-${policy.code}`}
      title={
        <div className="gl-sub-card-title">
          <Typography.Text type="secondary" className="gl-mono" style={{ fontSize: 12 }}>
            {policy.code}
          </Typography.Text>
          <span className="gl-sub-card-name" title={v.title}>
            {v.title}
          </span>
        </div>
      }
      extra={
        <Tag variant="filled" color="geekblue">
          {d.subsidy.category[v.category]}
        </Tag>
      }
    >
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: v.summary }} style={{ marginBottom: 8 }}>
        {v.summary}
      </Typography.Paragraph>
      <div className="gl-sub-rule" data-testid="policy-amount-rule">
        {amountRuleInWords(v, locale)}
      </div>
      <div className="gl-sub-meta">
        {t('sub.card.window', { from: v.opensOn, to: v.closesOn })}
        {' · '}
        {t('sub.card.promise', { n: v.promiseWorkdays })}
      </div>
      <div className="gl-sub-budget">
        <span>{t('sub.card.budgetLeft', { left: formatWan(left), total: formatWan(policy.budgetFen) })}</span>
        <Progress percent={leftPercent} size="small" showInfo={false} strokeColor={leftPercent < 10 ? '#fa541c' : '#52c41a'} />
      </div>
      <div className="gl-sub-eligibility">
        {eligible ? (
          <Tag color="success" icon={<CheckCircleFilled />} data-testid="policy-eligible">
            {t('sub.card.eligible')}
          </Tag>
        ) : (
          <div data-testid="policy-failed-rules">
            {failed.map((r) => (
              <div key={r.explanation} className="gl-sub-failed">
                <CloseCircleFilled /> {t('sub.card.failed', { why: r.explanation })}
              </div>
            ))}
          </div>
        )}
        {!open ? <Tag color="default">{t('sub.card.closed')}</Tag> : null}
      </div>
      <Space wrap className="gl-sub-card-actions">
        {already ? (
          <Button icon={<FileTextOutlined />} onClick={onOpenExisting} data-testid="policy-existing">
            {t('sub.card.existing', { number: existing?.number ?? '…' })}
          </Button>
        ) : null}
        <Button type="primary" disabled={!eligible || !open || already} onClick={onApply} data-testid="policy-apply">
          {t('sub.card.apply')}
        </Button>
      </Space>
    </Card>
  )
}

/** The enterprise's catalogue: eligible policies first, each with its reasons. */
export function EnterpriseCatalogue() {
  const { t } = useI18n()
  const [version, setVersion] = useState(0)
  const [applying, setApplying] = useState<Eligibility>()
  const [openId, setOpenId] = useState<string>()
  const list = useApiData<z.infer<typeof eligibilityListSchema>>('/api/subsidies/eligibility', undefined, version)
  const mine = useApiData<Page<Application>>('/api/subsidies/applications', { pageSize: 200 }, version)
  const enterprise = useApiData<Enterprise>('/api/enterprise/registry/mine')
  const byId = useMemo(() => new Map((mine.data?.items ?? []).map((a) => [a.id, a])), [mine.data])
  const items = useMemo(
    () =>
      [...(list.data?.items ?? [])].sort(
        (a, b) => Number(b.eligible && b.open) - Number(a.eligible && a.open) || a.policy.code.localeCompare(b.policy.code),
      ),
    [list.data],
  )

  return (
    <>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Spin /> : null}
      {list.data && !items.length ? <Empty description={t('sub.card.none')} /> : null}
      <Typography.Paragraph type="secondary">{t('sub.card.intro')}</Typography.Paragraph>
      <div className="gl-sub-cards" data-testid="policy-cards">
        {items.map((item) => (
          <PolicyCard
            key={item.policy.id}
            item={item}
            existing={item.existingApplicationId ? byId.get(item.existingApplicationId) : undefined}
            onApply={() => setApplying(item)}
            onOpenExisting={() => setOpenId(item.existingApplicationId ?? undefined)}
          />
        ))}
      </div>
      <ApplyDrawer
        policy={applying?.policy}
        enterpriseName={enterprise.data?.name}
        onClose={() => setApplying(undefined)}
        onDone={(application) => {
          setApplying(undefined)
          setVersion((n) => n + 1)
          setOpenId(application.id)
        }}
      />
      <ApplicationDrawer applicationId={openId} onClose={() => setOpenId(undefined)} onChanged={() => setVersion((n) => n + 1)} />
    </>
  )
}

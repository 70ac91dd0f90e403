import { Tag } from 'antd'
import type { Application, PolicyState } from '../../../shared/schemas/subsidies.ts'
import { useI18n } from '../../hooks/useI18n.ts'

const APPLICATION_COLORS: Record<Application['state'], string> = {
  submitted: 'gold',
  returned: 'orange',
  rejected: 'red',
  withdrawn: 'default',
  approved: 'blue',
  paying: 'processing',
  paid: 'green',
  payment_failed: 'volcano',
}

/** 待审核 第 N 级 / 已退回 / 已批准 / 兑付中 / 已兑付 / 兑付失败 / 未通过 / 已撤回. */
export function ApplicationStateTag({ application }: { application: Pick<Application, 'state' | 'pendingLevel' | 'levels'> }) {
  const { t, d } = useI18n()
  const { state, pendingLevel, levels } = application
  const text =
    state === 'submitted' && pendingLevel
      ? levels > 1
        ? t('sub.state.pendingLevel', { n: pendingLevel })
        : d.subsidy.state.submitted
      : d.subsidy.state[state]
  return (
    <Tag color={APPLICATION_COLORS[state]} data-testid="application-state" style={{ marginInlineEnd: 0 }}>
      {text}
    </Tag>
  )
}

const POLICY_COLORS: Record<PolicyState, string> = { draft: 'default', published: 'green', closed: 'red' }

export function PolicyStateTag({ state }: { state: PolicyState }) {
  const { d } = useI18n()
  return (
    <Tag color={POLICY_COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid="policy-state">
      {d.subsidy.policyState[state]}
    </Tag>
  )
}

const BATCH_COLORS: Record<string, string> = {
  open: 'gold',
  exported: 'processing',
  reconciled: 'green',
  pending: 'default',
  paid: 'green',
  failed: 'red',
}

/** Batch states (open / exported / reconciled) and payment states (pending / exported / paid / failed). */
export function PayoutStateTag({ state, testId = 'payout-state' }: { state: string; testId?: string }) {
  const { d } = useI18n()
  return (
    <Tag color={BATCH_COLORS[state] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid={testId}>
      {d.subsidy.payoutState[state] ?? state}
    </Tag>
  )
}

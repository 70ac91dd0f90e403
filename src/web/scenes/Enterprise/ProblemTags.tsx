import { Tag, Tooltip } from 'antd'
import type { Problem, ProblemState } from '../../../shared/schemas/enterprise-problem.ts'
import { useI18n } from '../../hooks/useI18n.ts'

const STATE_COLORS: Record<ProblemState, string> = {
  reported: 'gold',
  accepted: 'blue',
  in_progress: 'processing',
  resolved: 'cyan',
  closed: 'green',
  reopened: 'red',
}

export function ProblemStateTag({ state }: { state: ProblemState }) {
  const { d } = useI18n()
  return (
    <Tag color={STATE_COLORS[state]} data-testid="problem-state" style={{ marginInlineEnd: 0 }}>
      {d.enterprise.state[state]}
    </Tag>
  )
}

/** The deadline and what it means today: working days left, due today, or late (and how far it went up). */
export function DeadlineTag({ problem }: { problem: Pick<Problem, 'state' | 'dueOn' | 'workdaysLeft' | 'overdue' | 'escalatedTo'> }) {
  const { t, d } = useI18n()
  if (problem.state === 'reported') return <Tag>{t('ent.due.notStarted')}</Tag>
  if (!problem.dueOn) return null
  const running = problem.workdaysLeft !== null
  let tag = null
  if (running && problem.overdue) {
    tag = <Tag color="red">{problem.workdaysLeft ? t('ent.due.overdue', { n: -problem.workdaysLeft }) : t('ent.due.overdueToday')}</Tag>
  } else if (running && problem.workdaysLeft === 0) {
    tag = <Tag color="orange">{t('ent.due.today')}</Tag>
  } else if (running) {
    tag = <Tag color={problem.workdaysLeft! <= 1 ? 'orange' : 'default'}>{t('ent.due.left', { n: problem.workdaysLeft! })}</Tag>
  }
  return (
    <span className="gl-nowrap">
      <span className="gl-mono" style={{ marginRight: 6 }}>
        {problem.dueOn}
      </span>
      {tag}
      {problem.escalatedTo ? (
        <Tooltip title={t('ent.escalated', { level: d.enterprise.escalation[problem.escalatedTo] })}>
          <Tag color="volcano">↑{d.enterprise.escalation[problem.escalatedTo]}</Tag>
        </Tooltip>
      ) : null}
    </span>
  )
}

import { Descriptions, Space, Spin, Tag, Typography } from 'antd'
import type { AuditEntry, AuditTargets } from '../../../shared/schemas/audit.ts'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'

/** What an expanded row shows: the records a list named (masked, within your area) and the query's shape. */
export function AuditTargetsPanel({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n()
  const targets = useApiData<AuditTargets>(entry.count !== null ? `/api/audit/${entry.id}/targets` : null)
  const query = entry.query ? Object.entries(entry.query) : []
  return (
    <Descriptions size="small" column={1} styles={{ label: { width: 130, whiteSpace: 'nowrap' } }}>
      {entry.count !== null ? (
        <Descriptions.Item label={t('audit.targets')}>
          {targets.loading ? (
            <Spin size="small" />
          ) : (
            <Space size={[4, 4]} wrap data-testid="audit-targets">
              {(targets.data?.items ?? []).map((target) => (
                <Tag key={target.id}>{target.label ?? target.id}</Tag>
              ))}
              {targets.data?.hidden ? (
                <Typography.Text type="secondary">{t('audit.targetsHidden', { n: targets.data.hidden })}</Typography.Text>
              ) : null}
            </Space>
          )}
        </Descriptions.Item>
      ) : null}
      {query.length ? (
        <Descriptions.Item label={t('audit.query')}>
          <Space size={[4, 4]} wrap>
            {query.map(([key, value]) => (
              <Tag key={key} className="gl-mono">
                {key} = {value === 'given' ? t('audit.given') : JSON.stringify(value)}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  )
}

import { BellOutlined, CarOutlined, CheckCircleOutlined, ExclamationCircleOutlined, UserAddOutlined } from '@ant-design/icons'
import { Badge, Button, Empty, Timeline } from 'antd'
import dayjs from 'dayjs'
import type { ReactNode } from 'react'
import type { Notice } from '../../../shared/schemas/housing.ts'
import { api } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'

const ICONS: Record<string, ReactNode> = {
  gate_escort: <CarOutlined style={{ color: '#1456d9' }} />,
  house_registration_pending: <UserAddOutlined style={{ color: '#13a8a8' }} />,
  house_code_issued: <CheckCircleOutlined style={{ color: '#52c41a' }} />,
  house_application_returned: <ExclamationCircleOutlined style={{ color: '#fa8c16' }} />,
}

/** The landlord's notices: escort calls from the gate, tenants to review, outcomes. */
export function NoticeList() {
  const { t, d } = useI18n()
  const { data, error, loading, reload } = useApiData<Notice[]>('/api/housing/notices')
  const unread = (data ?? []).filter((n) => !n.readAt).length
  return (
    <>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {unread ? (
        <div style={{ marginBottom: 12 }}>
          <Button size="small" onClick={() => void api('/api/housing/notices/read', { method: 'POST' }).then(reload)}>
            {t('housing.notices.markRead')}
          </Button>
        </div>
      ) : null}
      {!loading && data && !data.length ? <Empty description={t('housing.notices.none')} /> : null}
      <Timeline
        data-testid="notice-list"
        items={(data ?? []).map((n) => ({
          key: n.id,
          icon: ICONS[n.kind] ?? <BellOutlined />,
          content: (
            <div data-testid={`notice-${n.kind}`}>
              <div>
                {n.readAt ? null : <Badge status="processing" />} <strong>{d.housing.notice[n.kind] ?? n.kind}</strong>{' '}
                <span className="gl-page-sub">{dayjs(n.createdAt).format('MM-DD HH:mm')}</span>
              </div>
              <div>{n.body}</div>
            </div>
          ),
        }))}
      />
    </>
  )
}

import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons'
import { Alert, Button, Flex, Result, Spin } from 'antd'
import { useNavigate, useSearchParams } from 'react-router-dom'
import type { PosterBatch } from '../../../shared/schemas/housing-posters.ts'
import { errorText } from '../../api/client.ts'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { PosterSheet } from './PosterSheet.tsx'
import './poster.css'

/**
 * Posters of a whole village (or the ticked properties) in one print job: one A4 page per
 * property (poster.css breaks the page after each sheet). `?areaId=` or `?ids=a,b,…`.
 */
export function PosterBatchPage() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const { data, error } = useApiData<PosterBatch>('/api/housing/posters', { areaId: params.get('areaId'), ids: params.get('ids') })

  const toolbar = (
    <Flex gap={8} wrap align="center" className="gl-poster-toolbar">
      <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/housing')}>
        {t('links.batch.back')}
      </Button>
      {data?.items.length ? (
        <>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="batch-print">
            {t('links.batch.print')}
          </Button>
          <span className="gl-page-sub" data-testid="batch-summary">
            {t('links.batch.summary', { n: data.items.length })}
          </span>
        </>
      ) : null}
    </Flex>
  )

  if (error) {
    return (
      <div className="gl-poster-page">
        {toolbar}
        <Result status="warning" title={t('links.batch.title')} subTitle={errorText(error)} />
      </div>
    )
  }
  if (!data) {
    return (
      <div className="gl-poster-page" style={{ display: 'grid', placeItems: 'center' }}>
        <Spin size="large" />
      </div>
    )
  }
  return (
    <div className="gl-poster-page gl-poster-batch">
      {toolbar}
      {data.total > data.items.length ? (
        <Alert
          className="gl-poster-toolbar"
          type="warning"
          showIcon
          title={t('links.batch.truncated', { total: data.total, n: data.items.length })}
        />
      ) : null}
      {data.items.length === 0 ? <Result status="info" title={t('links.batch.empty')} /> : null}
      {data.items.map((poster) => (
        <PosterSheet key={poster.propertyId} poster={poster} />
      ))}
    </div>
  )
}

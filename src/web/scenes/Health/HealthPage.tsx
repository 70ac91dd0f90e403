import { UploadOutlined } from '@ant-design/icons'
import { Button, Col, Empty, Row, Spin, Typography } from 'antd'
import { useState } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import type { HealthHistory } from '../../../shared/schemas/codes.ts'
import type { Person } from '../../../shared/schemas/person.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { ColourCard } from './ColourCard.tsx'
import { HistoryCard } from './HistoryCard.tsx'
import { ImportModal } from './ImportModal.tsx'
import { PersonSearch } from './PersonSearch.tsx'

/**
 * 卫健赋码: the health officer finds a person, sees their colour and its history (officer,
 * import, external push) with their health codes, changes the colour with a reason, revokes a
 * code, or imports a whole colour list.
 */
export function HealthPage() {
  const { t } = useI18n()
  const navigate = useNavigate()
  const { personId } = useParams()
  const [importing, setImporting] = useState(false)
  const [generation, setGeneration] = useState(0)
  const person = useApiData<Person>(personId ? `/api/people/${personId}` : null)
  const history = useApiData<HealthHistory>(personId ? `/api/codes/health-status/${personId}` : null, undefined, generation)
  const refresh = () => setGeneration((g) => g + 1)

  return (
    <div>
      <PageHeader
        title={t('health.title')}
        after={<Typography.Text type="secondary">{t('health.subtitle')}</Typography.Text>}
        extra={
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="health-import-open">
            {t('health.import.open')}
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <PersonSearch selectedId={personId} onPick={(picked) => navigate(`/health/${picked.id}`)} />
        </Col>
        <Col xs={24} lg={15}>
          {!personId ? <Empty description={t('health.pickPerson')} /> : null}
          {person.error ? <LoadError error={person.error} onRetry={person.reload} /> : null}
          {history.error ? <LoadError error={history.error} onRetry={history.reload} /> : null}
          {personId && person.data && person.data.id === personId ? (
            <>
              <ColourCard person={person.data} history={history.data} onChanged={refresh} />
              {history.data ? <HistoryCard history={history.data} onChanged={refresh} /> : <Spin style={{ marginTop: 16 }} />}
            </>
          ) : null}
        </Col>
      </Row>
      <ImportModal open={importing} onClose={() => setImporting(false)} onImported={refresh} />
    </div>
  )
}

import { Breadcrumb, Button, Tag } from 'antd'
import { useMemo } from 'react'
import type { Overview } from '../../api/types.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useSession } from '../../hooks/useSession.ts'
import { ChildrenComparison } from './ChildrenComparison.tsx'
import { StatCards } from './StatCards.tsx'
import { HousingStatCards } from '../Housing/HousingStatCards.tsx'
import { ProgrammeStatCards } from './ProgrammeStatCards.tsx'
import './home.css'

/** Home: the selected area's headline numbers, then its children compared. */
export function HomePage() {
  const { t, d } = useI18n()
  const { selectedAreaId, areasById, selectArea } = useSession()
  const { data, error, reload } = useApiData<Overview>(selectedAreaId ? '/api/overview' : null, {
    areaId: selectedAreaId,
  })
  // Only show numbers for the area asked for: never the previous area's during a switch.
  const overview = data && data.area.id === selectedAreaId ? data : undefined

  // From the account's own node down to the shown one, each step clickable to go back up.
  const trail = useMemo(() => {
    const steps = []
    let area = selectedAreaId ? areasById.get(selectedAreaId) : undefined
    while (area) {
      steps.unshift(area)
      area = area.parentId ? areasById.get(area.parentId) : undefined
    }
    return steps
  }, [selectedAreaId, areasById])

  return (
    <>
      {trail.length > 1 ? (
        <Breadcrumb
          style={{ marginBottom: 8 }}
          items={trail.map((area, i) => ({
            key: area.id,
            title:
              i < trail.length - 1 ? (
                <Button type="link" className="gl-inline-link" onClick={() => selectArea(area.id)}>
                  {area.name}
                </Button>
              ) : (
                area.name
              ),
          }))}
        />
      ) : null}
      <PageHeader
        title={overview ? t('home.title', { area: overview.area.name }) : t('nav.home')}
        after={overview ? <Tag color="blue">{d.level[overview.area.level]}</Tag> : null}
      />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <StatCards totals={overview?.totals} loading={!overview && !error} />
      <HousingStatCards totals={overview?.totals} loading={!overview && !error} />
      <ProgrammeStatCards programmes={overview?.programmes} loading={!overview && !error} />
      <div style={{ height: 16 }} />
      <ChildrenComparison overview={overview} loading={!overview && !error} canOpen={(id) => areasById.has(id)} onOpen={selectArea} />
    </>
  )
}

import { Card, Progress, Table, Typography } from 'antd'
import { useMemo } from 'react'
import type { RecruitmentStats } from '../../../shared/schemas/recruitment.ts'
import { EChart, type ChartOption } from '../../components/EChart.tsx'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'

type TeamStats = RecruitmentStats['teams'][number]

/** Short team label for the chart axis: 瓯海区第三外出招工专班 → 第三专班. */
function shortName(name: string): string {
  const match = /第(.+?)外出招工专班/.exec(name)
  return match ? `第${match[1]}专班` : name
}

/** Team progress against quota: figures per area node, a bar chart of hires vs quota, and a table with progress bars. */
export function ProgressTab() {
  const { t } = useI18n()
  const { data, error, reload, loading } = useApiData<RecruitmentStats>('/api/recruitment/stats')

  const chart = useMemo<ChartOption | undefined>(() => {
    if (!data?.teams.length) return undefined
    return {
      color: ['#d9dde5', '#0f7b4f'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
      xAxis: {
        type: 'category',
        data: data.teams.map((team) => shortName(team.name)),
        axisLabel: { interval: 0, rotate: 40, fontSize: 11 },
      },
      yAxis: { type: 'value', splitLine: { lineStyle: { color: '#eef0f4' } } },
      series: [
        { name: t('rec.quota'), type: 'bar', barGap: '-100%', barMaxWidth: 22, data: data.teams.map((team) => team.quota) },
        { name: t('rec.hires'), type: 'bar', barMaxWidth: 22, data: data.teams.map((team) => team.hires) },
      ],
    }
  }, [data, t])

  const regionNames = new Map(data?.regions.map((r) => [r.teamId, data.regions.filter((x) => x.teamId === r.teamId)]) ?? [])

  return (
    <>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {data?.areas.map((a) => (
        <Typography.Paragraph key={a.areaId} strong data-testid="rec-totals">
          {t('rec.totals', { area: a.areaName, teams: a.teams, quota: a.quota, signups: a.signups, hires: a.hires, percent: a.percent })}
        </Typography.Paragraph>
      ))}
      {chart ? (
        <Card size="small" title={t('rec.chartTitle')} style={{ marginBottom: 12 }}>
          <EChart option={chart} style={{ height: 300 }} data-testid="rec-chart" />
        </Card>
      ) : null}
      <Table<TeamStats>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.teams ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        data-testid="rec-progress-table"
        expandable={{
          expandedRowRender: (team) => (
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={regionNames.get(team.id) ?? []}
              columns={[
                { title: t('rec.region'), dataIndex: 'name' },
                { title: t('rec.signups'), dataIndex: 'signups', align: 'right' },
                { title: t('rec.hires'), dataIndex: 'hires', align: 'right' },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('rec.team'), dataIndex: 'name', width: 200 },
          { title: t('rec.quota'), dataIndex: 'quota', align: 'right', width: 80 },
          { title: t('rec.signups'), dataIndex: 'signups', align: 'right', width: 80 },
          { title: t('rec.seatsBooked'), dataIndex: 'seatsBooked', align: 'right', width: 80 },
          { title: t('rec.boarded'), dataIndex: 'boarded', align: 'right', width: 80 },
          { title: t('rec.hires'), dataIndex: 'hires', align: 'right', width: 80 },
          {
            title: t('rec.progress'),
            key: 'percent',
            render: (_, team) => (
              <Progress percent={team.percent} size="small" status={team.percent >= 100 ? 'success' : 'active'} format={(p) => `${p}%`} />
            ),
          },
        ]}
      />
    </>
  )
}

import { BarChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef, type CSSProperties } from 'react'

// Only what our charts use: keeps the bundle far smaller than the full echarts build.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export type ChartOption = echarts.EChartsCoreOption

interface Props {
  option: ChartOption
  style?: CSSProperties
  /** Index of the clicked category (a bar), for drill-down. */
  onClickCategory?: (index: number) => void
  'data-testid'?: string
}

/** One ECharts instance in a div, resized with its box (sider collapse, phone rotation). */
export function EChart({ option, style, onClickCategory, ...rest }: Props) {
  const box = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const clickHandler = useRef(onClickCategory)
  clickHandler.current = onClickCategory

  useEffect(() => {
    const element = box.current!
    const instance = echarts.init(element, undefined, { renderer: 'canvas' })
    chart.current = instance
    instance.on('click', (params) => {
      if (typeof params.dataIndex === 'number') clickHandler.current?.(params.dataIndex)
    })
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(element)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    // notMerge: a new area may have fewer children; stale bars must not linger.
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  return <div ref={box} style={{ width: '100%', height: 320, ...style }} data-testid={rest['data-testid']} />
}

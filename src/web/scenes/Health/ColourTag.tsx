import { Tag } from 'antd'
import type { HealthColour } from '../../../shared/schemas/gate.ts'
import { useI18n } from '../../hooks/useI18n.ts'

const TAG_COLOURS: Record<HealthColour, string> = { green: 'success', yellow: 'warning', red: 'error' }

/** A health colour as a tag in the UI language (绿码 / green). */
export function ColourTag({ colour, large }: { colour: HealthColour; large?: boolean }) {
  const { d } = useI18n()
  return (
    <Tag color={TAG_COLOURS[colour]} style={large ? { fontSize: 16, padding: '4px 12px' } : undefined} data-testid={`colour-${colour}`}>
      {d.health.colour[colour]}
    </Tag>
  )
}

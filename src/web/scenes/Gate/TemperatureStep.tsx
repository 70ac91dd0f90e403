import { Button, InputNumber } from 'antd'
import { FEVER_THRESHOLD_C } from '../../../shared/schemas/gate.ts'
import { useI18n } from '../../hooks/useI18n.ts'

/** Readings a forehead thermometer shows most: one tap instead of typing with a glove on. */
const QUICK = [36.0, 36.3, 36.5, 36.8, 37.0, 37.3, 37.5, 38.0]
const MIN_C = 30
const MAX_C = 45

/** A temperature in range, or none (the scan may go without one). */
export function temperatureValid(value: number | null): boolean {
  return value === null || (value >= MIN_C && value <= MAX_C)
}

/** The temperature: a big number field, quick buttons (fever ones in red), and the submit. */
export function TemperatureStep({
  value,
  onChange,
  onSubmit,
  submitting,
}: {
  value: number | null
  onChange: (value: number | null) => void
  onSubmit: () => void
  submitting: boolean
}) {
  const { t } = useI18n()
  return (
    <div className="gl-gate-temperature">
      <InputNumber<number>
        className="gl-gate-temperature-input"
        value={value}
        onChange={(next) => onChange(typeof next === 'number' ? next : null)}
        min={MIN_C}
        max={MAX_C}
        step={0.1}
        precision={1}
        inputMode="decimal"
        placeholder={t('gate.temperaturePlaceholder')}
        suffix="°C"
        onPressEnter={onSubmit}
        status={value !== null && value >= FEVER_THRESHOLD_C ? 'error' : undefined}
        data-testid="gate-temperature"
      />
      <div className="gl-gate-quick">
        {QUICK.map((reading) => (
          <Button
            key={reading}
            size="large"
            danger={reading >= FEVER_THRESHOLD_C}
            type={value === reading ? 'primary' : 'default'}
            onClick={() => onChange(reading)}
            data-testid={`gate-temp-${reading.toFixed(1)}`}
          >
            {reading.toFixed(1)}
          </Button>
        ))}
      </div>
      <Button
        type="primary"
        size="large"
        block
        className="gl-gate-submit"
        loading={submitting}
        disabled={!temperatureValid(value)}
        onClick={onSubmit}
        data-testid="gate-submit"
      >
        {t('gate.submit')}
      </Button>
    </div>
  )
}

import { CheckCircleFilled, CloseCircleFilled, HomeFilled, WarningFilled } from '@ant-design/icons'
import { Button } from 'antd'
import { useEffect, useRef, type ReactNode } from 'react'
import type { GateDecision } from '../../../shared/schemas/gate.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import type { ShownDecision } from './offline/decide-offline.ts'
import { reasonText } from './reasons.ts'

const ICONS: Record<GateDecision, ReactNode> = {
  admit: <CheckCircleFilled />,
  admit_escort: <CheckCircleFilled />,
  home_isolation: <HomeFilled />,
  centralised_isolation: <WarningFilled />,
  refuse: <CloseCircleFilled />,
}

/**
 * The decision over the whole screen, readable at arm's length at night: the colour says it
 * all (green in, yellow home isolation, red centralised isolation, black with a red frame for
 * refused), the words say why. Only the button dismisses it, so a bump does not lose it.
 */
export function DecisionScreen({ shown, onNext }: { shown: ShownDecision; onNext: () => void }) {
  const { t, d } = useI18n()
  const next = useRef<HTMLButtonElement>(null)
  useEffect(() => next.current?.focus(), [])
  return (
    <div
      className={`gl-gate-result gl-gate-result-${shown.decision}`}
      role="alertdialog"
      aria-live="assertive"
      data-testid="gate-result"
      data-decision={shown.decision}
      data-offline={shown.offline}
    >
      <div className="gl-gate-result-body">
        <div className="gl-gate-result-icon">{ICONS[shown.decision]}</div>
        <div className="gl-gate-result-title" data-testid="gate-result-title">
          {d.gate.decision[shown.decision]}
        </div>
        {shown.personName ? (
          <div className="gl-gate-result-name" data-testid="gate-result-name">
            {shown.personName}
          </div>
        ) : null}
        <div className="gl-gate-result-hint">{d.gate.hint[shown.decision]}</div>
        <ul className="gl-gate-result-reasons" data-testid="gate-result-reasons">
          {shown.reasons.map((reason) => (
            <li key={reason}>{reasonText(reason, d.gate)}</li>
          ))}
          {shown.identityCheck === 'confirmed' ? <li data-testid="gate-result-identity">{t('gate.identityConfirmed')}</li> : null}
          {shown.verifiedOnlineBy ? (
            <li data-testid="gate-result-verified-online">{t('gate.verifiedOnline', { platform: shown.verifiedOnlineBy })}</li>
          ) : null}
          <li>{shown.temperature === null ? t('gate.noTemperature') : t('gate.temperatureShown', { t: shown.temperature.toFixed(1) })}</li>
        </ul>
        {shown.offline ? (
          <div className="gl-gate-result-offline" data-testid="gate-result-offline">
            <strong>{t('gate.offlineDecision')}</strong> · {t('gate.offlineQueued')}
            {shown.personName ? null : <div>{t('gate.nameUnknown')}</div>}
          </div>
        ) : null}
        {shown.pendingVerification ? (
          <div className="gl-gate-result-offline" data-testid="gate-result-pending">
            <strong>{t('gate.pendingVerification')}</strong>
          </div>
        ) : null}
        {shown.duplicate ? <div className="gl-gate-result-offline">{t('gate.duplicate')}</div> : null}
      </div>
      <Button ref={next} size="large" block className="gl-gate-result-next" onClick={onNext} data-testid="gate-next">
        {t('gate.next')}
      </Button>
    </div>
  )
}

import { CheckOutlined, CloseOutlined, UserOutlined } from '@ant-design/icons'
import { Alert, Button } from 'antd'
import type { ReadCode } from '../../../shared/gate/decide.ts'
import type { GateLookup, ManualProof } from '../../../shared/schemas/gate.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { reasonText } from './reasons.ts'

/**
 * 本人核验: whom the code names, large, for the guard to compare with the face and the ID card
 * before anything else, without a network (the identity is signed into the code). One tap
 * confirms; 非本人 refuses at once with that reason.
 */
export function IdentityStep({
  code,
  lookup,
  onConfirm,
  onManualProof,
  onNotHolder,
  submitting,
}: {
  code: ReadCode
  /** another province's code: who verified it online, or 待核验 and the checkpoint's policy */
  lookup: GateLookup | null
  onConfirm: () => void
  onManualProof: (proof: ManualProof) => void
  onNotHolder: () => void
  submitting: boolean
}) {
  const { t, d } = useI18n()
  const holder = code.holder
  const pending = code.pending === true
  const manual = pending && lookup?.unverifiedPolicy === 'admit_manual'
  return (
    <div className="gl-gate-identity" data-testid="gate-identity">
      {lookup?.verifiedOnlineBy ? (
        <Alert
          type="success"
          showIcon
          title={t('gate.verifiedOnline', { platform: lookup.verifiedOnlineBy })}
          data-testid="gate-identity-verified-online"
        />
      ) : null}
      {pending ? (
        <Alert
          type="warning"
          showIcon
          data-testid="gate-identity-pending"
          title={`${t('gate.pendingVerification')} · ${t('gate.pendingVerificationHint', { reason: reasonText(`CODE_${code.reason}`, d.gate) })}`}
          description={t(manual ? 'gate.pendingPolicyManual' : 'gate.pendingPolicyRefuse')}
        />
      ) : null}
      <div className="gl-gate-identity-card">
        {/* Person photos are not registered yet: the slot stays so the layout does not jump when they are. */}
        <div className="gl-gate-identity-photo">
          <UserOutlined />
          <span>{t('gate.identityNoPhoto')}</span>
        </div>
        {holder ? (
          <dl className="gl-gate-identity-facts">
            <dt>{t('gate.identityName')}</dt>
            <dd className="gl-gate-identity-name" data-testid="gate-identity-name">
              {holder.name}
            </dd>
            <dt>{t('gate.identityBirthDate')}</dt>
            <dd data-testid="gate-identity-birth">{holder.birthDate ?? t('gate.identityUnknown')}</dd>
            {code.format === 'gridline' || code.format === 'platform' ? (
              <>
                <dt>{t('gate.identityIdTail')}</dt>
                <dd className="gl-mono" data-testid="gate-identity-tail">
                  {holder.idTail ? `**** ${holder.idTail}` : t('gate.identityUnknown')}
                </dd>
              </>
            ) : null}
          </dl>
        ) : (
          <p className="gl-gate-identity-missing" data-testid="gate-identity-missing">
            {t(pending ? 'gate.identityPending' : 'gate.identityMissing')}
          </p>
        )}
      </div>
      <p className="gl-gate-identity-hint">
        {t(
          code.format === 'gridline'
            ? 'gate.identityHint'
            : code.format === 'platform'
              ? 'gate.identityHintPlatform'
              : 'gate.identityHintForeign',
        )}
      </p>
      <div className="gl-gate-identity-actions">
        <Button danger size="large" icon={<CloseOutlined />} onClick={onNotHolder} disabled={submitting} data-testid="gate-not-holder">
          {t('gate.notHolder')}
        </Button>
        {manual ? (
          <>
            <Button type="primary" size="large" onClick={() => onManualProof('paper')} disabled={submitting} data-testid="gate-proof-paper">
              {t('gate.manualProofPaper')}
            </Button>
            <Button type="primary" size="large" onClick={() => onManualProof('phone')} disabled={submitting} data-testid="gate-proof-phone">
              {t('gate.manualProofPhone')}
            </Button>
          </>
        ) : (
          <Button
            type="primary"
            size="large"
            icon={<CheckOutlined />}
            onClick={onConfirm}
            disabled={submitting}
            data-testid="gate-confirm-holder"
          >
            {t('gate.confirmHolder')}
          </Button>
        )}
      </div>
    </div>
  )
}

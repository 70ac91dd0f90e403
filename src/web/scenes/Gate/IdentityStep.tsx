import { CheckOutlined, CloseOutlined, UserOutlined } from '@ant-design/icons'
import { Button } from 'antd'
import type { ReadCode } from '../../../shared/gate/decide.ts'
import { useI18n } from '../../hooks/useI18n.ts'

/**
 * 本人核验: whom the code names, large, for the guard to compare with the face and the ID card
 * before anything else, without a network (the identity is signed into the code). One tap
 * confirms; 非本人 refuses at once with that reason.
 */
export function IdentityStep({ code, onConfirm, onNotHolder, submitting }: { code: ReadCode; onConfirm: () => void; onNotHolder: () => void; submitting: boolean }) {
  const { t } = useI18n()
  const holder = code.holder
  return (
    <div className="gl-gate-identity" data-testid="gate-identity">
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
            {code.format === 'gridline' ? (
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
            {t('gate.identityMissing')}
          </p>
        )}
      </div>
      <p className="gl-gate-identity-hint">{t(code.format === 'gridline' ? 'gate.identityHint' : 'gate.identityHintForeign')}</p>
      <div className="gl-gate-identity-actions">
        <Button danger size="large" icon={<CloseOutlined />} onClick={onNotHolder} disabled={submitting} data-testid="gate-not-holder">
          {t('gate.notHolder')}
        </Button>
        <Button type="primary" size="large" icon={<CheckOutlined />} onClick={onConfirm} disabled={submitting} data-testid="gate-confirm-holder">
          {t('gate.confirmHolder')}
        </Button>
      </div>
    </div>
  )
}

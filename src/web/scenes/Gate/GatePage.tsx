import { CheckCircleFilled, ReloadOutlined } from '@ant-design/icons'
import { Alert, App, Button, Input, Segmented, Select, Spin } from 'antd'
import { useCallback, useMemo, useRef, useState } from 'react'
import { verifyCode } from '../../../shared/codes/index.ts'
import { decidedAtScan, readCodeFromResult, type ReadCode } from '../../../shared/gate/decide.ts'
import type {
  GateDecisionResult,
  GateLookup,
  GateScanBody,
  IdentityCheck,
  ManualProof,
  UnverifiedPolicy,
} from '../../../shared/schemas/gate.ts'
import { api, ApiError, errorText } from '../../api/client.ts'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useI18n } from '../../hooks/useI18n.ts'
import { useOnline } from '../../hooks/useOnline.ts'
import { useSession } from '../../hooks/useSession.ts'
import { CameraScanner } from './CameraScanner.tsx'
import { DecisionScreen } from './DecisionScreen.tsx'
import { GateStatusBar } from './GateStatusBar.tsx'
import { IdentityStep } from './IdentityStep.tsx'
import { decideOffline, offlinePlatformRead, type ShownDecision } from './offline/decide-offline.ts'
import { cryptoBackend } from './offline/trust.ts'
import { RecentPassages } from './RecentPassages.tsx'
import { playDecision, playRead, unlockSound } from './sound.ts'
import { TemperatureStep, temperatureValid } from './TemperatureStep.tsx'
import { deviceId, useCheckpoints } from './useCheckpoints.ts'
import { useGateTrust } from './useGateTrust.ts'
import { useScanQueue } from './useScanQueue.ts'
import { useTodayCounts } from './useTodayCounts.ts'
import './gate.css'

type Step = 'health' | 'identity' | 'house' | 'temperature'
const STEPS: Step[] = ['health', 'identity', 'house', 'temperature']
/** After "next", the same health code is ignored this long: the person may still hold it up. */
const SAME_CODE_PAUSE_MS = 5000
/** On a weak link the guard should not wait longer than this: decide on the phone instead. */
const SCAN_TIMEOUT_MS = 6000

/** A server failure that is not about the scan: decide on the phone and queue it instead. */
function unreachable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500)
}

/** Another province's code, read by the server from its issuing platform (issue 20). */
function readFromLookup(lookup: GateLookup): ReadCode {
  const online = lookup.verifiedOnlineBy !== null || lookup.pendingVerification
  return {
    valid: lookup.valid,
    format: online ? 'platform' : 'unknown',
    reason: lookup.reason,
    ...(lookup.colour ? { colour: lookup.colour, kind: 'health' as const } : {}),
    ...(lookup.holder ? { holder: lookup.holder } : {}),
    ...(lookup.pendingVerification ? { pending: true } : {}),
  }
}

function fromServer(result: GateDecisionResult): ShownDecision {
  return { ...result, offline: false }
}

/** What the submit sends besides the scanned codes. */
interface SubmitExtra {
  identityCheck?: IdentityCheck
  manualProof?: ManualProof
  /** decided at the scan step: no house code or temperature */
  early?: boolean
}

/**
 * 乐闪通: the guard's page at a residential entrance. Health code → identity (本人核验) →
 * house code (optional) → temperature → a full-screen decision. A code that cannot pass
 * (forged, tampered, expired, revoked, unreadable, red) is decided the moment it is scanned,
 * verified on the phone with the cached trust list; so is 非本人. Online the server decides and logs; offline (or when the
 * request fails) the phone decides with the cached trust list and queues the scan for upload.
 */
export function GatePage() {
  const { t } = useI18n()
  const { message } = App.useApp()
  const online = useOnline()
  const { trust, rejected } = useGateTrust(online)
  const { checkpoints, checkpoint, choose, setPolicy } = useCheckpoints(online)
  // Not useAccount: an offline reload may render the scanner before the session is known.
  const role = useSession().account?.role
  const mayChangePolicy = role === 'admin' || role === 'grid_worker' || role === 'village_cadre'
  const changePolicy = (policy: UnverifiedPolicy) => {
    if (checkpoint) setPolicy(checkpoint.id, policy).catch((error: unknown) => void message.error(errorText(error)))
  }
  const [refreshKey, setRefreshKey] = useState(0)
  const handleUploaded = useCallback(
    (report: { uploaded: number }) => {
      setRefreshKey((k) => k + 1)
      if (report.uploaded) void message.success(t('gate.uploaded', { n: report.uploaded }))
    },
    [message, t],
  )
  const queue = useScanQueue(online, handleUploaded)
  const [today, countDecision] = useTodayCounts()
  const device = useMemo(deviceId, [])

  const [step, setStep] = useState<Step>('health')
  const [healthCode, setHealthCode] = useState('')
  const [healthRead, setHealthRead] = useState<ReadCode | null>(null)
  const [lookup, setLookup] = useState<GateLookup | null>(null)
  const [manualProof, setManualProof] = useState<ManualProof>()
  const [houseCode, setHouseCode] = useState<string>()
  const [temperature, setTemperature] = useState<number | null>(null)
  const [typed, setTyped] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const [shown, setShown] = useState<ShownDecision | null>(null)
  const lastDecided = useRef<{ code: string; until: number } | null>(null)
  // The camera keeps reporting the code while it is being verified: take it once.
  const healthTaken = useRef(false)

  /**
   * Verifies a health code on the phone at once. Null when it cannot (no trust list yet, no
   * WebCrypto): then the old order applies and the server decides at the end.
   */
  const precheck = async (text: string): Promise<ReadCode | null> => {
    if (!trust) return null
    try {
      return readCodeFromResult(await verifyCode(text, { trust: trust.list, backend: cryptoBackend(), now: new Date() }))
    } catch {
      return null
    }
  }

  const handleCode = async (raw: string) => {
    const text = raw.trim()
    if (!text || shown) return
    if (step === 'health') {
      const last = lastDecided.current
      if (last && last.code === text && Date.now() < last.until) return
      // Taken until the next person (restart): a second report before the re-render is ignored.
      if (healthTaken.current) return
      healthTaken.current = true
      let read = await precheck(text)
      // Not ours, not a DCC, not a SHC: perhaps another province's code, which only its issuing
      // platform can verify. The server asks it (and caches the answer for the scan that follows).
      const notOurs = !read || read.reason === 'BAD_PREFIX'
      let asked = notOurs && navigator.onLine ? await askPlatform(text) : null
      if (asked) read = readFromLookup(asked)
      // The server cannot be reached: another province's code waits (待核验) under the checkpoint's policy.
      const offlineForeign = notOurs && !asked && checkpoint ? offlinePlatformRead(text) : null
      if (offlineForeign && checkpoint) {
        read = offlineForeign
        asked = {
          valid: false,
          reason: offlineForeign.reason,
          colour: null,
          holder: null,
          verifiedOnlineBy: null,
          pendingVerification: true,
          unverifiedPolicy: checkpoint.unverifiedPolicy ?? 'refuse',
        }
      }
      setLookup(asked)
      setHealthCode(text)
      setHealthRead(read)
      setTyped('')
      playRead()
      // 待核验 at a checkpoint that refuses it: no point in the later steps.
      const refusedPending = read?.pending === true && asked?.unverifiedPolicy === 'refuse'
      if (read && (decidedAtScan(read) || refusedPending)) void handleSubmit({ early: true }, text)
      else setStep(read ? 'identity' : 'house')
      return
    } else if (step === 'house') {
      // The health code is often still in view when the house code comes up.
      if (text === healthCode) return
      setHouseCode(text)
      setStep('temperature')
    } else {
      return
    }
    setTyped('')
    playRead()
  }

  const askPlatform = async (text: string): Promise<GateLookup | null> => {
    if (!checkpoint) return null
    try {
      return await api<GateLookup>('/api/gate/lookups', {
        method: 'POST',
        body: { checkpointId: checkpoint.id, healthCode: text },
        signal: AbortSignal.timeout(SCAN_TIMEOUT_MS),
      })
    } catch {
      return null
    }
  }

  const restart = () => {
    healthTaken.current = false
    setLookup(null)
    setManualProof(undefined)
    setStep('health')
    setHealthCode('')
    setHealthRead(null)
    setHouseCode(undefined)
    setTemperature(null)
    setIdentityCheck(undefined)
    setTyped('')
  }

  const [identityCheck, setIdentityCheck] = useState<IdentityCheck>()

  const handleSubmit = async (extra: SubmitExtra = {}, code = healthCode) => {
    if (!checkpoint || !code || (!extra.early && !temperatureValid(temperature)) || submitting) return
    unlockSound()
    setSubmitting(true)
    const check = extra.identityCheck ?? identityCheck
    const body: GateScanBody = {
      clientScanId: crypto.randomUUID(),
      checkpointId: checkpoint.id,
      deviceId: device,
      healthCode: code,
      ...(!extra.early && houseCode && { houseCode }),
      ...(!extra.early && temperature !== null && { temperature }),
      ...(check && { identityCheck: check }),
      ...((extra.manualProof ?? manualProof) && { manualProof: extra.manualProof ?? manualProof }),
      scannedAt: new Date().toISOString(),
    }
    try {
      let result: ShownDecision | undefined
      if (navigator.onLine) {
        try {
          const signal = AbortSignal.timeout(SCAN_TIMEOUT_MS)
          result = fromServer(await api<GateDecisionResult>('/api/gate/scans', { method: 'POST', body, signal }))
          setRefreshKey((k) => k + 1)
        } catch (error) {
          if (!unreachable(error)) throw error
        }
      }
      if (!result) {
        result = await decideOffline(body, trust?.list ?? null, checkpoint.unverifiedPolicy ?? 'refuse')
        const local = { decision: result.decision, reasons: result.reasons, colour: result.colour }
        // The guard still gets the decision if the phone cannot store it (storage full, private mode).
        await queue.enqueue({ body, local }).catch((error: unknown) => void message.error(`${t('gate.queueFailed')}: ${errorText(error)}`))
      }
      setShown(result)
      countDecision(result.decision)
      playDecision(result.decision)
    } catch (error) {
      void message.error(`${t('gate.submitFailed')}: ${errorText(error)}`)
      // Decided at the scan step, there is no later step to retry from: scan again.
      if (extra.early && step === 'health') restart()
    } finally {
      setSubmitting(false)
    }
  }

  const confirmHolder = () => {
    setIdentityCheck('confirmed')
    setStep('house')
  }
  /** 待核验 at an admit_manual checkpoint: the guard checked a paper proof or a phone screenshot. */
  const admitOnProof = (proof: ManualProof) => {
    setIdentityCheck('confirmed')
    setManualProof(proof)
    setStep('house')
  }
  const notHolder = () => {
    setIdentityCheck('not_holder')
    void handleSubmit({ identityCheck: 'not_holder', early: true })
  }

  const handleNext = () => {
    lastDecided.current = { code: healthCode, until: Date.now() + SAME_CODE_PAUSE_MS }
    setShown(null)
    restart()
  }

  const stepIndex = STEPS.indexOf(step)
  const stepTitles = [t('gate.stepHealth'), t('gate.stepIdentity'), t('gate.stepHouse'), t('gate.stepTemperature')]

  return (
    <div className="gl-gate">
      <PageHeader title={t('gate.title')} />
      <GateStatusBar online={online} trust={trust} rejected={rejected} queue={queue} />
      {rejected ? <Alert type="warning" showIcon title={t('gate.trustRejected')} style={{ marginBottom: 8 }} /> : null}
      <div className="gl-gate-checkpoint">
        <Select
          size="large"
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('gate.checkpointPlaceholder')}
          value={checkpoint?.id}
          onChange={choose}
          loading={!checkpoints}
          options={(checkpoints ?? []).map((c) => ({ value: c.id, label: c.name }))}
          style={{ flex: 1, minWidth: 0 }}
          data-testid="gate-checkpoint"
        />
        <span className="gl-gate-device gl-mono" title={device}>
          {t('gate.device')} {device.slice(4, 12)}
        </span>
      </div>

      {checkpoint && mayChangePolicy && online ? (
        <div className="gl-gate-policy">
          <span>{t('gate.unverifiedPolicy')}</span>
          <Segmented<UnverifiedPolicy>
            value={checkpoint.unverifiedPolicy}
            onChange={changePolicy}
            options={[
              { value: 'refuse', label: t('gate.policyRefuse') },
              { value: 'admit_manual', label: t('gate.policyAdmitManual') },
            ]}
            data-testid="gate-unverified-policy"
          />
        </div>
      ) : null}
      {!checkpoints ? (
        <Spin style={{ display: 'block', margin: '32px auto' }} />
      ) : !checkpoint ? (
        <Alert type="info" showIcon title={t(checkpoints.length ? 'gate.chooseCheckpoint' : 'gate.noCheckpoints')} />
      ) : (
        <section className="gl-gate-scan" data-testid="gate-scan" data-step={step}>
          <ol className="gl-gate-steps">
            {stepTitles.map((title, index) => {
              // Without a trust list the phone cannot read the identity: that step is passed, not done.
              const done = index < stepIndex && !(STEPS[index] === 'identity' && !identityCheck)
              return (
                <li key={title} className={index === stepIndex ? 'is-current' : done ? 'is-done' : undefined}>
                  <span className="gl-gate-step-no">{done ? <CheckCircleFilled /> : index + 1}</span>
                  <span className="gl-gate-step-title">{title}</span>
                </li>
              )
            })}
          </ol>
          <CameraScanner
            decoding={(step === 'health' || step === 'house') && !shown && !submitting}
            hidden={step === 'temperature' || step === 'identity'}
            onCode={(code) => void handleCode(code)}
          />
          {step === 'identity' && healthRead ? (
            <IdentityStep
              code={healthRead}
              lookup={lookup}
              onConfirm={confirmHolder}
              onManualProof={admitOnProof}
              onNotHolder={notHolder}
              submitting={submitting}
            />
          ) : step === 'temperature' ? (
            <TemperatureStep value={temperature} onChange={setTemperature} onSubmit={() => void handleSubmit()} submitting={submitting} />
          ) : (
            <Input.Search
              size="large"
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              onSearch={(code) => void handleCode(code)}
              enterButton={t('gate.codeOk')}
              placeholder={t('gate.codePlaceholder')}
              autoComplete="off"
              spellCheck={false}
              className="gl-gate-code-input"
              data-testid="gate-code-input"
            />
          )}
          {step === 'house' ? (
            <Button size="large" block onClick={() => setStep('temperature')} className="gl-gate-skip" data-testid="gate-skip-house">
              {t('gate.skipHouse')}
            </Button>
          ) : null}
          {step !== 'health' ? (
            <div className="gl-gate-read">
              <span data-testid="gate-health-read">
                <CheckCircleFilled /> {t('gate.healthRead')}
              </span>
              {houseCode ? (
                <span>
                  <CheckCircleFilled /> {t('gate.houseRead')}
                </span>
              ) : null}
              <Button type="link" icon={<ReloadOutlined />} onClick={restart} data-testid="gate-restart">
                {t('gate.restart')}
              </Button>
            </div>
          ) : null}
        </section>
      )}

      <div className="gl-gate-today" data-testid="gate-today">
        {t('gate.today', { admit: today.admit, isolation: today.isolation, refuse: today.refuse })}
      </div>
      {checkpoint ? <RecentPassages checkpointId={checkpoint.id} online={online} queue={queue} refreshKey={refreshKey} /> : null}
      {shown ? <DecisionScreen shown={shown} onNext={handleNext} /> : null}
    </div>
  )
}

import { useCallback, useEffect, useState } from 'react'
import type { UnverifiedPolicy } from '../../../shared/schemas/gate.ts'
import { api } from '../../api/client.ts'
import { kvGet, kvSet } from './offline/db.ts'

/** What GET /api/gate/checkpoints answers. */
export interface Checkpoint {
  id: string
  name: string
  address: string | null
  areaId: string
  areaName: string
  /** 待核验 (another province's platform cannot answer): refuse, or admit on a checked proof */
  unverifiedPolicy: UnverifiedPolicy
}

const CHECKPOINTS_KEY = 'checkpoints'
const CHOSEN_KEY = 'gridline.gate.checkpoint'
const DEVICE_KEY = 'gridline.gate.deviceId'

/**
 * This browser's scanner id, made once and kept: the server ties each clientScanId to the
 * device that sent it.
 */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY)
  if (!id) {
    id = `web-${crypto.randomUUID()}`
    localStorage.setItem(DEVICE_KEY, id)
  }
  return id
}

/**
 * The checkpoints the guard may scan at (cached for offline reloads) and the one chosen on this
 * device, remembered across visits. With a single checkpoint it is chosen for the guard.
 */
export function useCheckpoints(online: boolean) {
  const [checkpoints, setCheckpoints] = useState<Checkpoint[] | undefined>()
  const [chosenId, setChosenId] = useState<string | null>(() => localStorage.getItem(CHOSEN_KEY))

  useEffect(() => {
    let cancelled = false
    kvGet<Checkpoint[]>(CHECKPOINTS_KEY).then(
      (cached) => {
        if (!cancelled && (cached || !online)) setCheckpoints((current) => current ?? cached ?? [])
      },
      () => {
        if (!cancelled && !online) setCheckpoints((current) => current ?? [])
      },
    )
    if (online) {
      api<Checkpoint[]>('/api/gate/checkpoints').then(
        (list) => {
          if (cancelled) return
          setCheckpoints(list)
          void kvSet(CHECKPOINTS_KEY, list).catch(() => {})
        },
        // Keep the cached list: a flaky network must not empty the picker.
        () => setCheckpoints((current) => current ?? []),
      )
    }
    return () => {
      cancelled = true
    }
  }, [online])

  const choose = useCallback((id: string) => {
    localStorage.setItem(CHOSEN_KEY, id)
    setChosenId(id)
  }, [])

  /** Grid workers, cadres and admins set what the checkpoint does with 待核验 codes. */
  const setPolicy = useCallback(async (id: string, policy: UnverifiedPolicy) => {
    await api(`/api/gate/checkpoints/${id}/unverified-policy`, { method: 'PUT', body: { policy } })
    setCheckpoints((list) => list?.map((c) => (c.id === id ? { ...c, unverifiedPolicy: policy } : c)))
  }, [])

  let checkpoint = checkpoints?.find((c) => c.id === chosenId)
  if (!checkpoint && checkpoints?.length === 1) checkpoint = checkpoints[0]
  return { checkpoints, checkpoint, choose, setPolicy }
}

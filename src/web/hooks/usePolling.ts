import { useEffect, useState } from 'react'

/**
 * A counter that moves every `ms` while the page is visible (and at once when it becomes
 * visible again): pass it as useApiData's refresh key to keep a screen current.
 * @example const tick = usePolling(3000); useApiData('/api/x', undefined, tick)
 */
export function usePolling(ms: number): number {
  const [tick, setTick] = useState(0)
  useEffect(() => {
    const step = () => {
      if (document.visibilityState === 'visible') setTick((n) => n + 1)
    }
    const timer = setInterval(step, ms)
    document.addEventListener('visibilitychange', step)
    return () => {
      clearInterval(timer)
      document.removeEventListener('visibilitychange', step)
    }
  }, [ms])
  return tick
}

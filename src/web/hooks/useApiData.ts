import { useCallback, useEffect, useState } from 'react'
import { api } from '../api/client.ts'

type Query = Record<string, string | number | undefined | null>

export interface ApiData<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  reload(): void
}

/**
 * GETs a path whenever it or its query changes; a null path waits. Earlier requests are
 * aborted so a slow answer never overwrites a newer one (fast typing in a search box).
 * @param refreshKey not sent; changing it refetches (e.g. after the caller saved something)
 */
export function useApiData<T>(path: string | null, query?: Query, refreshKey?: unknown): ApiData<T> {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<unknown>()
  const [loading, setLoading] = useState(path !== null)
  const [generation, setGeneration] = useState(0)
  const key = path === null ? null : JSON.stringify([path, query, refreshKey])

  useEffect(() => {
    if (key === null || path === null) return
    const controller = new AbortController()
    setLoading(true)
    setError(undefined)
    api<T>(path, { query, signal: controller.signal }).then(
      (result) => {
        setData(result)
        setLoading(false)
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return
        setError(failure)
        setLoading(false)
      },
    )
    return () => controller.abort()
    // `key` stands for path + query: objects built in render must not refetch every time.
  }, [key, generation])

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return { data, error, loading, reload }
}

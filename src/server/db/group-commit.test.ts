import { describe, expect, it } from 'vitest'
import { GroupCommit, GroupCommitQueueFullError, isRowDataError } from './group-commit.ts'

/** An error shaped like pg's: what the writers' flush functions throw. */
const sqlError = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code })

/** A flush over numbers that fails any batch holding a negative number (a bad row) with `code`. */
function recordingFlush(code: string) {
  const calls: number[][] = []
  const flush = async (items: number[]) => {
    calls.push(items)
    if (items.some((n) => n < 0)) throw sqlError(code)
    return items.map((n) => n * 10)
  }
  return { calls, flush }
}

describe(GroupCommit.name, () => {
  it('stores the other rows of a batch that fails on one bad row (SQLSTATE class 22/23), failing only that one', async () => {
    const { calls, flush } = recordingFlush('22003')
    const commits = new GroupCommit(flush)
    const results = await Promise.allSettled([1, -2, 3].map((n) => commits.add(n)))
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as { code: string }).code))).toEqual([10, '22003', 30])
    expect(calls).toEqual([[1, -2, 3], [1], [-2], [3]])
  })

  it('fails the whole batch at once on a connection error, without a retry per row', async () => {
    const calls: number[][] = []
    const commits = new GroupCommit(async (items: number[]) => {
      calls.push(items)
      throw sqlError('08006')
    })
    const results = await Promise.allSettled([1, 2, 3].map((n) => commits.add(n)))
    expect(results.every((r) => r.status === 'rejected' && (r.reason as { code: string }).code === '08006')).toBe(true)
    expect(calls).toEqual([[1, 2, 3]])
  })

  it('refuses items beyond the queue cap with a 503 that says when to retry, and takes them again once drained', async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const commits = new GroupCommit(
      async (items: number[]) => {
        await held
        return items
      },
      { maxQueue: 2 },
    )
    const first = [commits.add(1), commits.add(2)]
    const refused = commits.add(3)
    await expect(refused).rejects.toBeInstanceOf(GroupCommitQueueFullError)
    await expect(refused).rejects.toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: expect.any(Number) })
    const failures: unknown[] = []
    commits.enqueue(4, (error) => failures.push(error))
    expect(failures).toEqual([expect.any(GroupCommitQueueFullError)])
    release()
    expect(await Promise.all(first)).toEqual([1, 2])
    expect(await commits.add(5)).toBe(5)
  })
})

describe('isRowDataError', () => {
  it('is true for data and constraint errors only', () => {
    expect(['22P02', '22003', '23505', '23514'].map((code) => isRowDataError(sqlError(code)))).toEqual([true, true, true, true])
    expect(['08006', '57P01', '40001', '42P01', 'XX000'].map((code) => isRowDataError(sqlError(code)))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ])
    expect(isRowDataError(new Error('Connection terminated unexpectedly'))).toBe(false)
  })
})

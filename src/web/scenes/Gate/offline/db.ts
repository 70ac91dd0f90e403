/**
 * The scanner's IndexedDB: small promise helpers over the three stores it needs, so the page
 * keeps working after a reload without a network. No library: these few calls are all we use.
 * - `kv`: the pinned trust anchor, the signed trust list, the checkpoint list
 * - `queue`: scans decided offline, in the order they happened (auto-increment `seq`)
 * - `failed`: queued scans the server refused with a 4xx problem, for the guard to see
 */

const DB_NAME = 'gridline-gate'
const DB_VERSION = 1
/** The stores that hold lists of scans. */
export type ListStore = 'queue' | 'failed'

let opening: Promise<IDBDatabase> | undefined

function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION)
    request.onupgradeneeded = () => {
      const db = request.result
      db.createObjectStore('kv')
      db.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true })
      db.createObjectStore('failed', { keyPath: 'seq', autoIncrement: true })
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'))
  }).catch((error: unknown) => {
    // Let a later call try again (e.g. private mode refused once).
    opening = undefined
    throw error
  })
  return opening
}

/**
 * Runs one request in its own transaction and resolves once the transaction has committed, so
 * a caller that moves on (e.g. deletes a queued scan after upload) knows the write is durable.
 */
async function run<T>(
  stores: string | string[],
  mode: IDBTransactionMode,
  body: (tx: IDBTransaction) => IDBRequest<T> | undefined,
): Promise<T> {
  const db = await openDb()
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(stores, mode)
    const request = body(tx)
    tx.oncomplete = () => resolve(request ? request.result : (undefined as T))
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
  })
}

/** A value from the key-value store, or undefined. */
export function kvGet<T>(key: string): Promise<T | undefined> {
  return run<T | undefined>('kv', 'readonly', (tx) => tx.objectStore('kv').get(key) as IDBRequest<T | undefined>)
}

/** Stores a value under a key, replacing the old one. */
export async function kvSet(key: string, value: unknown): Promise<void> {
  await run('kv', 'readwrite', (tx) => tx.objectStore('kv').put(value, key))
}

/** Every record of a list store, oldest first. */
export function listAll<T>(store: ListStore): Promise<T[]> {
  return run<T[]>(store, 'readonly', (tx) => tx.objectStore(store).getAll() as IDBRequest<T[]>)
}

/** Appends a record; resolves to its new `seq`. */
export function append(store: ListStore, value: object): Promise<number> {
  return run<number>(store, 'readwrite', (tx) => tx.objectStore(store).add(value) as IDBRequest<number>)
}

/** Deletes a record by `seq`. */
export async function remove(store: ListStore, seq: number): Promise<void> {
  await run(store, 'readwrite', (tx) => tx.objectStore(store).delete(seq))
}

/** Moves a queued record to the failed list in one transaction: it is never in both or neither. */
export async function moveToFailed(seq: number, failed: object): Promise<void> {
  await run(['queue', 'failed'], 'readwrite', (tx) => {
    tx.objectStore('queue').delete(seq)
    tx.objectStore('failed').add(failed)
  })
}

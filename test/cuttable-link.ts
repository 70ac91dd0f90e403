import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { createScratchDatabase } from './db.ts'

/**
 * A TCP hop between the app and PostgreSQL that the test can cut and restore: the database
 * "restarting" or out of reach, without disturbing the server other tests use.
 */
export class CuttableLink {
  private server: Server | null = null
  private readonly sockets = new Set<Socket>()
  port = 0
  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.target)
      for (const socket of [client, upstream]) {
        this.sockets.add(socket)
        socket.on('close', () => this.sockets.delete(socket))
        socket.on('error', () => {})
      }
      client.pipe(upstream).pipe(client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve))
    this.port = (server.address() as AddressInfo).port
    this.server = server
  }

  /** Every connection drops and new ones are refused, as while PostgreSQL restarts. */
  async cut(): Promise<void> {
    const server = this.server
    this.server = null
    for (const socket of this.sockets) socket.destroy()
    await new Promise((resolve) => server?.close(resolve))
  }
}

/**
 * An empty database of its own on the DATABASE_URL server, reached directly and through a
 * CuttableLink; `drop()` removes it (and closes the link).
 */
export async function createLinkedDatabase(): Promise<{ directUrl: string; linkedUrl: string; link: CuttableLink; drop(): Promise<void> }> {
  const scratch = await createScratchDatabase()
  const direct = new URL(scratch.url)
  const link = new CuttableLink({ host: direct.hostname, port: Number(direct.port || 5432) })
  await link.open()
  const linked = new URL(direct)
  linked.port = String(link.port)
  return {
    directUrl: scratch.url,
    linkedUrl: linked.toString(),
    link,
    drop: async () => {
      await link.cut()
      await scratch.drop()
    },
  }
}

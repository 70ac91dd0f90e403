import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectAsync } from 'mqtt'

/**
 * A Mosquitto of the bench's own, on a free port, configured as docs/DEVICES.md recommends for
 * the ingestion: a queue per session big enough to ride out a slow minute (max_queued_messages),
 * no byte cap. The machine's own Mosquitto keeps its defaults (1,000 queued per client), which
 * would measure the default, not the deployment.
 */
export async function startPrivateMosquitto(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
  const dir = mkdtempSync(join(tmpdir(), 'gl-mosquitto-'))
  const conf = join(dir, 'mosquitto.conf')
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'max_queued_messages 2000000',
      'max_queued_bytes 0',
      'sys_interval 1',
      'log_dest none',
      '',
    ].join('\n'),
  )
  const child: ChildProcess = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' })
  const url = `mqtt://127.0.0.1:${port}`
  for (let attempt = 0; ; attempt++) {
    try {
      const probe = await connectAsync(url, { reconnectPeriod: 0, connectTimeout: 500 })
      await probe.endAsync()
      break
    } catch (error) {
      if (attempt > 50 || child.exitCode !== null) throw new Error(`mosquitto did not start: ${(error as Error).message}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  return {
    url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

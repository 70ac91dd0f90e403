/**
 * A stand-in for another province's health-code platform (issue 20): it issues codes for its
 * own synthetic residents and answers 验码 requests with the signed-request scheme, including
 * its failure modes. Tests run it on loopback; `simulate-health-platform` and `npm start
 * --health-platforms` run it for demos. Control: POST /_sim/mode, /_sim/codes, /_sim/revoke.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  NATIONAL_COLOUR_CODES,
  NATIONAL_ID_TYPE_CODES,
  VERIFY_RESULT_CODES,
  type NationalVerifyRequest,
  type NationalVerifyResponse,
} from '../../../shared/health-code-standard.ts'
import { residentIdCheckCharacter } from '../../../shared/id-document.ts'
import type { HealthColour } from '../../../shared/schemas/gate.ts'
import { checkRequestSignature, SIGNATURE_HEADERS, signResponse } from './platform-signing.ts'

/** How the platform behaves: answering, too slow, unreachable, or signing its answers wrongly. */
/** The 验码 path the simulator serves (what a platform's registered endpoint ends with). */
export const VERIFY_PATH = '/api/v1/healthcode/verify'

export const SIMULATOR_MODES = ['ok', 'slow', 'down', 'bad-signature'] as const
export type SimulatorMode = (typeof SIMULATOR_MODES)[number]

export interface SimulatorOptions {
  port?: number
  host?: string
  /** shown in logs only */
  name: string
  /** 6-digit GB/T 2260 province code, e.g. 360000 (Jiangxi) */
  regionCode: string
  appId: string
  secret: string
  /** how long `slow` waits before answering */
  slowMs?: number
}

interface Resident {
  maskedName: string
  idNumber: string
  colour: HealthColour
  statusTime: string
  revoked: boolean
}

const SURNAMES = ['蒋', '刘', '陈', '胡', '周', '吴', '罗', '谢']
const GIVEN = ['小', '建', '海', '春', '国', '文', '志', '丽']

export interface HealthPlatformSimulator {
  url: string
  /** the 验码 endpoint to register */
  endpoint: string
  /** 验码 requests received (the cache test counts them) */
  verifyRequests: number
  mode: SimulatorMode
  issueCode(input?: { colour?: HealthColour; surname?: string }): { code: string; maskedName: string; idTail: string }
  revoke(code: string): void
  close(): Promise<void>
}

function syntheticIdNumber(regionCode: string, serial: number): string {
  const first17 = `${regionCode.slice(0, 2)}0102${1985 + (serial % 20)}0${1 + (serial % 9)}1${serial % 10}${String(100 + (serial % 900)).padStart(3, '0')}`
  return first17 + residentIdCheckCharacter(first17)
}

export async function startHealthPlatformSimulator(options: SimulatorOptions): Promise<HealthPlatformSimulator> {
  const codes = new Map<string, Resident>()
  let serial = 0
  const sockets = new Set<import('node:net').Socket>()
  const slowTimers = new Set<NodeJS.Timeout>()

  const sim: HealthPlatformSimulator = {
    url: '',
    endpoint: '',
    verifyRequests: 0,
    mode: 'ok',
    issueCode(input = {}) {
      serial += 1
      const surname = input.surname ?? SURNAMES[serial % SURNAMES.length]!
      const resident: Resident = {
        maskedName: `${surname}*${GIVEN[serial % GIVEN.length]}`,
        idNumber: syntheticIdNumber(options.regionCode, serial),
        colour: input.colour ?? 'green',
        statusTime: new Date().toISOString(),
        revoked: false,
      }
      const code = `CNHC:${options.regionCode}:${randomBytes(18).toString('base64url')}`
      codes.set(code, resident)
      return { code, maskedName: resident.maskedName, idTail: resident.idNumber.slice(-4) }
    },
    revoke(code) {
      const resident = codes.get(code)
      if (resident) resident.revoked = true
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of slowTimers) clearTimeout(timer)
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  }
  function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
    const text = JSON.stringify(body)
    res.writeHead(status, { 'content-type': 'application/json', ...extra })
    res.end(text)
  }
  function answer(res: ServerResponse, nonce: string, body: NationalVerifyResponse) {
    const text = JSON.stringify(body)
    // bad-signature: the answer is signed with another secret, as a man in the middle would.
    const secret = sim.mode === 'bad-signature' ? `${options.secret}-wrong` : options.secret
    res.writeHead(200, { 'content-type': 'application/json', ...signResponse(secret, nonce, text) })
    res.end(text)
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req)
    const url = req.url ?? '/'
    if (req.method === 'POST' && url === VERIFY_PATH) {
      if (sim.mode === 'down') {
        req.socket.destroy()
        return
      }
      sim.verifyRequests += 1
      if (sim.mode === 'slow') {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            slowTimers.delete(timer)
            resolve()
          }, options.slowMs ?? 8000)
          slowTimers.add(timer)
        })
      }
      const nonce = String(req.headers[SIGNATURE_HEADERS.nonce] ?? '')
      const check = checkRequestSignature(req.headers, body, (appId) => (appId === options.appId ? options.secret : undefined))
      if (check !== 'ok')
        return answer(res, nonce, {
          code: check === 'stale' ? VERIFY_RESULT_CODES.expiredRequest : VERIFY_RESULT_CODES.badSignature,
          message: check,
        })
      let request: NationalVerifyRequest
      try {
        request = JSON.parse(body) as NationalVerifyRequest
      } catch {
        return send(res, 400, { code: '4000', message: 'bad json' })
      }
      const resident = codes.get(request.code)
      if (!resident) return answer(res, nonce, { code: VERIFY_RESULT_CODES.unknownCode, message: '码不存在' })
      if (resident.revoked) return answer(res, nonce, { code: VERIFY_RESULT_CODES.revoked, message: '码已失效' })
      return answer(res, nonce, {
        code: VERIFY_RESULT_CODES.ok,
        message: 'ok',
        data: {
          colourCode: NATIONAL_COLOUR_CODES[resident.colour],
          maskedName: resident.maskedName,
          idTypeCode: NATIONAL_ID_TYPE_CODES.resident_id.code,
          idTail: resident.idNumber.slice(-4),
          statusTime: resident.statusTime,
          issuerRegion: options.regionCode,
        },
      })
    }
    // Control endpoints for demos and browser tests (loopback only in practice).
    if (req.method === 'POST' && url === '/_sim/mode') {
      const mode = (JSON.parse(body || '{}') as { mode?: string }).mode as SimulatorMode
      if (!SIMULATOR_MODES.includes(mode)) return send(res, 400, { error: `mode is one of ${SIMULATOR_MODES.join(', ')}` })
      sim.mode = mode
      return send(res, 200, { mode })
    }
    if (req.method === 'POST' && url === '/_sim/codes') {
      const input = JSON.parse(body || '{}') as { colour?: HealthColour; surname?: string }
      return send(res, 201, sim.issueCode(input))
    }
    if (req.method === 'POST' && url === '/_sim/revoke') {
      sim.revoke((JSON.parse(body || '{}') as { code: string }).code)
      return send(res, 200, {})
    }
    if (req.method === 'GET' && url === '/_sim/stats')
      return send(res, 200, { mode: sim.mode, verifyRequests: sim.verifyRequests, codes: codes.size })
    send(res, 404, { error: 'not found' })
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { code: '5000', message: 'error' })
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  sim.url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : (options.host ?? '127.0.0.1')}:${port}`
  sim.endpoint = `${sim.url}${VERIFY_PATH}`
  return sim
}

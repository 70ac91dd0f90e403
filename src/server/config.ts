import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'

/** The only place that reads `process.env`. One doc line per variable. */
const environmentSchema = z.object({
  /** HTTP port the API and web UI listen on. */
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /** Address to bind; 0.0.0.0 serves the LAN (a phone at the gate). */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Folder for the embedded database, generated secrets and uploads. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL connection string; without it the embedded PGlite database in DATA_DIR is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')
    .optional(),
  /** Give up opening a PostgreSQL connection after this long (a partition answers 503 instead of hanging). */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** PostgreSQL ends a statement after this long (0: never). Long exports and migrations stay well under it. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** PostgreSQL ends a transaction left idle this long, releasing its locks (0: never). */
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** Gate scans waiting to be written beyond which a scan answers 503 + Retry-After (the database is slow or away). */
  GROUP_COMMIT_MAX_QUEUE: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** MQTT broker URL for devices; without it an in-process broker is started. */
  MQTT_URL: z
    .string()
    .regex(/^(mqtts?|wss?|tcp):\/\//, 'an mqtt://, mqtts://, ws:// or wss:// URL')
    .optional(),
  /** Port of the in-process MQTT broker started when MQTT_URL is not given (1883 is often a system Mosquitto's). */
  MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(18830),
  /** Address the in-process MQTT broker binds (default 127.0.0.1; required in production when it runs: devices on the LAN need 0.0.0.0 or a LAN address). */
  MQTT_BIND_HOST: z.string().min(1).optional(),
  /** Largest MQTT packet (remaining length, bytes) the in-process broker reads; a longer one closes the connection. */
  MQTT_MAX_PACKET_BYTES: z.coerce.number().int().min(1024).max(268_435_455).default(65_536),
  /** Connections the in-process broker takes from one IP address (devices behind one NAT share one). */
  MQTT_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  /** QoS 1 messages the in-process broker keeps for one persistent session (the ingestion's) while it lags or is away; beyond, shed and counted. */
  MQTT_SESSION_QUEUE: z.coerce.number().int().min(1).max(10_000_000).default(1_000_000),
  /** The ingestion's MQTT client id, stable across restarts so the broker keeps its session (one per ingestion process). */
  MQTT_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . or -, at most 64')
    .optional(),
  /** Readings received and not yet committed (and so not yet acknowledged to the broker) at most. */
  MQTT_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(65_535).default(60_000),
  /** Login of the device ingestion on the MQTT_URL broker (Mosquitto: see docs/DEVICES.md for its ACL). */
  MQTT_USERNAME: z.string().min(1).optional(),
  MQTT_PASSWORD: z.string().min(1).optional(),
  /** First level of every device topic: <prefix>/v1/devices/<serial>/<type>. */
  MQTT_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or - (one topic level)')
    .default('gridline'),
  /** Run the device ingestion and the sweeps inside this process (false when src/worker/devices.ts runs them). */
  DEVICE_WORKER: z.enum(['true', 'false']).default('true'),
  /** Minutes an alert may stay unacknowledged before it goes to the village cadre. */
  ALERT_ESCALATE_CADRE_MINUTES: z.coerce.number().min(0).max(10080).default(15),
  /** Further minutes before it goes to the street. */
  ALERT_ESCALATE_STREET_MINUTES: z.coerce.number().min(0).max(10080).default(30),
  /** Hour (China time, 0–23) after which a returnee's missing report for the day alerts. */
  REPORT_DUE_HOUR: z.coerce.number().int().min(0).max(23).default(20),
  /** Application log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** production requires the secrets below to be given explicitly. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Secret for session tokens and the blind index (32+ characters). Generated into DATA_DIR when not production. */
  SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /** AES-256-GCM key for personal data at rest: 64 hex characters. Generated into DATA_DIR when not production. */
  DATA_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, '64 hexadecimal characters (32 bytes)')
    .optional(),
  /** Trust X-Forwarded-For from a reverse proxy (only behind one: otherwise clients could fake their address). */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /**
   * The address phones reach this platform at (https://gate.example.gov.cn): every printed or sent
   * link and QR (house-code posters, registration, self-report, /me invitations) starts with it.
   * Without it, links use the address the staff member's browser used.
   */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'an http:// or https:// URL without query or fragment')
    .optional(),
  /** Load the demo data on the first start of an empty database (default: true, false in production). */
  DEMO_DATA: z.enum(['true', 'false']).optional(),
})

export type Environment = z.infer<typeof environmentSchema>

export interface Config {
  readonly port: number
  readonly host: string
  readonly dataDir: string
  readonly databaseUrl: string | undefined
  readonly databaseTimeouts: { readonly connectMs: number; readonly statementMs: number; readonly idleInTransactionMs: number }
  readonly mqttUrl: string | undefined
  /** GROUP_COMMIT_MAX_QUEUE */
  readonly groupCommitMaxQueue: number
  readonly logLevel: Environment['LOG_LEVEL']
  readonly nodeEnv: Environment['NODE_ENV']
  readonly demoData: boolean
  readonly trustProxy: boolean
  /** PUBLIC_URL without a trailing slash, or undefined (links then follow the request's origin). */
  readonly publicUrl: string | undefined
  readonly secrets: Secrets
  readonly devices: DevicesConfig
}

/** MQTT, device ingestion, escalation and report deadlines (docs/DEVICES.md). */
export interface DevicesConfig {
  readonly mqttUrl: string | undefined
  readonly mqttPort: number
  readonly mqttUsername: string | undefined
  readonly mqttPassword: string | undefined
  /** where the in-process broker listens (MQTT_BIND_HOST) */
  readonly mqttBindHost: string
  readonly mqttMaxPacketBytes: number
  readonly mqttMaxConnectionsPerAddress: number
  readonly mqttSessionQueue: number
  /** the ingestion's persistent-session client id */
  readonly ingestClientId: string
  readonly maxInFlight: number
  readonly topicPrefix: string
  readonly runWorker: boolean
  readonly escalateToCadreMs: number
  readonly escalateToStreetMs: number
  readonly reportDueHour: number
}

export interface Secrets {
  /** Keys the session token hash and the blind index. */
  readonly sessionSecret: string
  /** 32-byte AES key for personal fields. */
  readonly dataKey: Buffer
}

/** A start-up configuration error: one line naming each bad variable and what it expects. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
    this.name = 'ConfigError'
  }
}

/**
 * Parses the environment once and returns a frozen, typed config.
 * @param env the environment to read (defaults to process.env)
 * @returns the config, with secrets loaded or generated into DATA_DIR
 * @throws ConfigError listing every bad variable
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0])
      const value = env[name]
      return `${name}=${JSON.stringify(value)} is invalid: expected ${describeIssue(issue)}`
    })
    throw new ConfigError(problems)
  }
  const e = parsed.data
  const problems: string[] = []
  if (e.NODE_ENV === 'production' && !e.MQTT_URL && e.DEVICE_WORKER === 'true' && !e.MQTT_BIND_HOST) {
    problems.push(
      'MQTT_BIND_HOST is required when NODE_ENV=production and the in-process MQTT broker runs (no MQTT_URL): the address devices reach it at, or 0.0.0.0',
    )
  }
  const dataDir = resolve(e.DATA_DIR)
  let secrets: Secrets | null = null
  try {
    secrets = resolveSecrets(e, dataDir)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    problems.push(...error.problems)
  }
  if (problems.length || !secrets) throw new ConfigError(problems)
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databaseTimeouts: Object.freeze({
      connectMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      statementMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    }),
    mqttUrl: e.MQTT_URL,
    groupCommitMaxQueue: e.GROUP_COMMIT_MAX_QUEUE,
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
    demoData: e.DEMO_DATA ? e.DEMO_DATA === 'true' : e.NODE_ENV !== 'production',
    trustProxy: e.TRUST_PROXY === 'true',
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    secrets: Object.freeze(secrets),
    devices: Object.freeze({
      mqttUrl: e.MQTT_URL,
      mqttPort: e.MQTT_PORT,
      mqttUsername: e.MQTT_USERNAME,
      mqttPassword: e.MQTT_PASSWORD,
      mqttBindHost: e.MQTT_BIND_HOST ?? '127.0.0.1',
      mqttMaxPacketBytes: e.MQTT_MAX_PACKET_BYTES,
      mqttMaxConnectionsPerAddress: e.MQTT_MAX_CONNECTIONS_PER_ADDRESS,
      mqttSessionQueue: e.MQTT_SESSION_QUEUE,
      ingestClientId:
        e.MQTT_CLIENT_ID ??
        `gridline-ingest-${hostname()
          .replace(/[^A-Za-z0-9_.-]/g, '-')
          .slice(0, 48)}`,
      maxInFlight: e.MQTT_MAX_IN_FLIGHT,
      topicPrefix: e.MQTT_TOPIC_PREFIX,
      runWorker: e.DEVICE_WORKER === 'true',
      escalateToCadreMs: e.ALERT_ESCALATE_CADRE_MINUTES * 60_000,
      escalateToStreetMs: e.ALERT_ESCALATE_STREET_MINUTES * 60_000,
      reportDueHour: e.REPORT_DUE_HOUR,
    }),
  })
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `one of ${issue.values.map((v) => String(v)).join(', ')}`
    case 'too_small':
      return issue.origin === 'number' ? `a number ≥ ${issue.minimum}` : issue.message
    case 'too_big':
      return `a number ≤ ${issue.maximum}`
    case 'invalid_type':
      return `a ${issue.expected}`
    default:
      return issue.message
  }
}

function resolveSecrets(e: Environment, dataDir: string): Secrets {
  if (e.SESSION_SECRET && e.DATA_KEY) {
    return { sessionSecret: e.SESSION_SECRET, dataKey: Buffer.from(e.DATA_KEY, 'hex') }
  }
  if (e.NODE_ENV === 'production') {
    const missing = ['SESSION_SECRET', 'DATA_KEY'].filter((k) => !e[k as keyof Environment])
    throw new ConfigError(missing.map((name) => `${name} is required when NODE_ENV=production (secrets are not generated in production)`))
  }
  // Embedded start: generate once and keep beside the database so data stays readable across restarts.
  const file = join(dataDir, 'secrets.json')
  let stored: { sessionSecret: string; dataKey: string }
  if (existsSync(file)) {
    stored = JSON.parse(readFileSync(file, 'utf8'))
  } else {
    mkdirSync(dataDir, { recursive: true })
    stored = { sessionSecret: randomBytes(32).toString('hex'), dataKey: randomBytes(32).toString('hex') }
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 })
  }
  return {
    sessionSecret: e.SESSION_SECRET ?? stored.sessionSecret,
    dataKey: Buffer.from(e.DATA_KEY ?? stored.dataKey, 'hex'),
  }
}

import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { ROLES } from '../shared/roles.ts'
import { createAccountBodySchema } from '../shared/schemas/auth.ts'
import { bootstrap } from '../server/bootstrap.ts'
import { ConfigError, loadConfig } from '../server/config.ts'
import { createAccount } from '../server/modules/auth/auth.service.ts'
import { importAreasCsv } from '../server/modules/area/area.service.ts'
import { findAreaByCode } from '../server/modules/area/area.repository.ts'
import { loadDemoData } from '../server/seed/demo.ts'
import { createApiClient } from '../server/modules/codes/api-client.ts'
import { runVerifyCommand } from './verify-command.ts'
import { runSimulateDevices, SIMULATE_USAGE } from './simulate-devices.ts'
import { BACKUP_USAGE, runBackupCommand } from './backup-command.ts'
import { runSimulateHealthPlatform, SIMULATE_PLATFORM_USAGE } from './simulate-health-platform.ts'

const USAGE = `Usage: npm run gridline -- <command> [options]

Commands:
  migrate                         apply pending database migrations
  seed                            load the demo data (Wenzhou, Yueqing, Ouhai, Lucheng)
  create-user --username U --name N --role R --area CODE [--password P]
                                  create an account (password read from GRIDLINE_PASSWORD or --password)
  import-areas FILE               import the administrative tree from CSV (code,name,level,parent_code)
  create-api-client --name N --area CODE
                                  register an external health-code system; prints its bearer token once
  verify --trust FILE [--at TIME] verify codes read one per line on stdin, offline (no database); see verify --help
  ${SIMULATE_USAGE}
  ${BACKUP_USAGE}
  ${SIMULATE_PLATFORM_USAGE}

Roles: ${ROLES.join(', ')}
The database is DATABASE_URL, or the embedded one in DATA_DIR (./data).`

function progressBar(label: string) {
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total}`, hideCursor: true, noTTYOutput: true, notTTYSchedule: 2000 },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    update(done: number, total: number) {
      if (!started) {
        bar.start(total, 0)
        started = true
      }
      bar.update(done)
    },
    stop() {
      if (started) bar.stop()
    },
  }
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE)
    return command ? 0 : 2
  }
  // Offline tool: handled before configuration and database, which it must not need.
  if (command === 'verify') return runVerifyCommand(rest)
  if (command === 'simulate-health-platform') return runSimulateHealthPlatform(rest)
  const config = loadConfig()
  // Talks to a running server (API + broker), never to its database.
  if (command === 'simulate-devices') return runSimulateDevices(config, rest)
  // Before bootstrap: a restore needs its target untouched, a PGlite backup opens the folder itself.
  if (command === 'backup' || command === 'restore') return runBackupCommand(command, config, rest)
  const { deps, handle } = await bootstrap(config)
  try {
    switch (command) {
      case 'migrate': {
        // bootstrap() migrated already; say where.
        console.log(`Database is up to date (${handle.kind}).`)
        return 0
      }
      case 'seed': {
        const bar = progressBar('people')
        const loaded = await loadDemoData(deps, { onlyIfEmpty: true, onProgress: bar.update })
        bar.stop()
        console.log(loaded ? 'Demo data loaded.' : 'The database already has areas: demo data not loaded.')
        return 0
      }
      case 'create-user': {
        const { values } = parseArgs({
          args: rest,
          options: {
            username: { type: 'string' },
            name: { type: 'string' },
            role: { type: 'string' },
            area: { type: 'string' },
            password: { type: 'string' },
          },
        })
        const area = values.area ? await findAreaByCode(deps.db, values.area) : undefined
        if (!area) {
          console.error(`create-user: --area must be an existing area code (got ${JSON.stringify(values.area ?? '')})`)
          return 2
        }
        const parsed = createAccountBodySchema.safeParse({
          username: values.username,
          displayName: values.name ?? values.username,
          password: values.password ?? process.env.GRIDLINE_PASSWORD,
          role: values.role,
          areaId: area.id,
        })
        if (!parsed.success) {
          for (const issue of parsed.error.issues) console.error(`create-user: ${issue.path.join('.')}: ${issue.message}`)
          return 2
        }
        const { id } = await createAccount(deps.db, { areaPath: '/' }, parsed.data)
        console.log(`Account ${parsed.data.username} (${parsed.data.role}) created in ${area.name}: ${id}`)
        return 0
      }
      case 'create-api-client': {
        const { values } = parseArgs({
          args: rest,
          options: { name: { type: 'string' }, area: { type: 'string' }, scope: { type: 'string', default: 'health_status' } },
        })
        const area = values.area ? await findAreaByCode(deps.db, values.area) : undefined
        if (!values.name || !area || values.scope !== 'health_status') {
          console.error('create-api-client: needs --name NAME --area CODE (an existing area) [--scope health_status]')
          return 2
        }
        const client = await createApiClient(deps.db, { name: values.name, areaId: area.id, scope: 'health_status' })
        console.log(`API client ${values.name} for ${area.name}: token (shown once, store it now):\n${client.token}`)
        return 0
      }
      case 'import-areas': {
        const file = rest[0]
        if (!file) {
          console.error('import-areas: give the CSV file path')
          return 2
        }
        const bar = progressBar('areas')
        const result = await importAreasCsv(deps.db, null, readFileSync(file, 'utf8'), bar.update)
        bar.stop()
        if (result.errors.length) {
          console.error(`Nothing imported: ${result.errors.length} problem(s):`)
          for (const e of result.errors) console.error(`  line ${e.line}${e.field ? ` (${e.field})` : ''}: ${e.message}`)
          return 1
        }
        console.log(`Imported ${result.imported} area node(s).`)
        return 0
      }
      default:
        console.error(`Unknown command: ${command}\n\n${USAGE}`)
        return 2
    }
  } finally {
    await handle.close()
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) for (const line of error.problems) console.error(`gridline: configuration error: ${line}`)
    else console.error('gridline:', error instanceof Error ? error.message : error)
    process.exit(1)
  },
)

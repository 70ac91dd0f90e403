// `npm start`: build the web, then run the server IN THIS PROCESS (tsx registered as a loader).
// One process, no shell or tsx wrapper in between: npm forwards SIGTERM/SIGINT to its child, and
// that child is the server itself, which drains and frees its ports (src/server/shutdown.ts).
// package.json runs this with `exec` so npm's shell does not stay in between either.
// SKIP_WEB_BUILD=true reuses an existing dist/web (tests, quick restarts).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const built = existsSync(join(root, 'dist/web/index.html'))
if (!(process.env.SKIP_WEB_BUILD === 'true' && built)) {
  const vite = join(root, 'node_modules/vite/bin/vite.js')
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.config.ts'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
const { register } = await import('tsx/esm/api')
register()
await import('../src/server/main.ts')

import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'

/**
 * Data tests (`*.db.test.ts`) run on the embedded PGlite always, and again on the real
 * PostgreSQL server when DATABASE_URL is set (.ci/run sets it). Browser tests run once.
 */
const projects: TestProjectInlineConfiguration[] = [
  {
    extends: true,
    test: {
      name: 'embedded',
      // test/security/: the standing proof over every route and decoder (docs/RELIABILITY.md)
      include: ['src/**/*.test.ts', 'test/security/**/*.test.ts'],
      // migrated once per run, restored per file (test/migrated-snapshot.ts)
      globalSetup: ['test/migrated-snapshot.ts'],
      env: { GRIDLINE_TEST_DB: 'pglite' },
    },
  },
  {
    extends: true,
    test: {
      name: 'browser',
      include: ['test/e2e/**/*.e2e.test.ts'],
      // the demo city loaded once per run, restored per file (test/e2e/demo-snapshot.ts)
      globalSetup: ['test/e2e/demo-snapshot.ts'],
      env: { GRIDLINE_TEST_DB: 'pglite' },
      testTimeout: 120_000,
      hookTimeout: 120_000,
      // a page answers within a second when quiet, not when the two cores are busy
      expect: { poll: { timeout: 15_000 } },
    },
  },
]
if (process.env.DATABASE_URL) {
  projects.push({
    extends: true,
    test: {
      name: 'postgres',
      include: ['src/**/*.db.test.ts', 'test/security/**/*.db.test.ts'],
      globalSetup: ['test/migrated-snapshot.ts'],
      env: { GRIDLINE_TEST_DB: 'postgres' },
    },
  })
}

export default defineConfig({
  test: {
    projects,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite and scrypt are CPU-bound: two workers fit a two-core machine.
    maxWorkers: 2,
  },
})

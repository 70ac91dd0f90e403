import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

describe('loadConfig', () => {
  const dirs: string[] = []
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-config-'))
    dirs.push(dir)
    return dir
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('uses the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir() })
    expect(config.port).toBe(8080)
    expect(config.databaseUrl).toBeUndefined()
    expect(config.logLevel).toBe('info')
    expect(config.demoData).toBe(true)
  })

  it('names the variable and what it expects when a value is wrong', () => {
    const attempt = () => loadConfig({ DATA_DIR: dataDir(), PORT: 'eighty' })
    expect(attempt).toThrow(ConfigError)
    try {
      attempt()
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^PORT="eighty" is invalid: expected a number/)])
    }
  })

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ DATA_DIR: dataDir(), PORT: '70000', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' })
      expect.unreachable()
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n')
      expect(problems).toMatch(/PORT="70000" is invalid: expected a number ≤ 65535/)
      expect(problems).toMatch(/LOG_LEVEL="loud" is invalid: expected one of fatal, error/)
      expect(problems).toMatch(/DATABASE_URL="mysql:\/\/x" is invalid/)
    }
  })

  it('generates secrets into the data folder once and reuses them', () => {
    const dir = dataDir()
    const first = loadConfig({ DATA_DIR: dir })
    const second = loadConfig({ DATA_DIR: dir })
    expect(first.secrets.dataKey).toHaveLength(32)
    expect(second.secrets.dataKey.equals(first.secrets.dataKey)).toBe(true)
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')).sessionSecret).toBe(first.secrets.sessionSecret)
  })

  it('refuses to generate secrets in production', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), NODE_ENV: 'production' })).toThrow(/SESSION_SECRET is required when NODE_ENV=production/)
  })

  it('takes explicit production secrets and turns the demo data off', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      DATA_KEY: 'ab'.repeat(32),
      MQTT_BIND_HOST: '0.0.0.0',
    })
    expect(config.secrets.dataKey.toString('hex')).toBe('ab'.repeat(32))
    expect(config.demoData).toBe(false)
  })

  it('binds the in-process MQTT broker to 127.0.0.1 unless told, and wants the address stated in production', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).devices.mqttBindHost).toBe('127.0.0.1')
    expect(loadConfig({ DATA_DIR: dataDir(), MQTT_BIND_HOST: '192.168.1.20' }).devices.mqttBindHost).toBe('192.168.1.20')
    const production = { DATA_DIR: dataDir(), NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATA_KEY: 'ab'.repeat(32) }
    expect(() => loadConfig(production)).toThrow(/MQTT_BIND_HOST is required/)
    expect(loadConfig({ ...production, MQTT_URL: 'mqtt://broker:1883' }).devices.mqttUrl).toBe('mqtt://broker:1883')
  })

  it('takes PUBLIC_URL without its trailing slash, and refuses one phones could not use as a base', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'http://gate.example.test:8080/' }).publicUrl).toBe(
      'http://gate.example.test:8080',
    )
    expect(loadConfig({ DATA_DIR: dataDir() }).publicUrl).toBeUndefined()
    try {
      loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'gate.example.test?x=1' })
      expect.unreachable()
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^PUBLIC_URL=.*http:\/\/ or https:\/\//)])
    }
  })
})

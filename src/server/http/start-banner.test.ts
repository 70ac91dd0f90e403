import { describe, expect, it } from 'vitest'
import { lanAddresses, linkBanner } from './start-banner.ts'

describe('start banner', () => {
  it('names PUBLIC_URL as the address links and QR codes carry', () => {
    const lines = linkBanner({ publicUrl: 'https://gate.example.test', port: 8080, host: '0.0.0.0' }, ['192.168.1.20'])
    expect(lines.join('\n')).toContain('https://gate.example.test')
    expect(lines.join('\n')).not.toMatch(/WARNING/)
  })

  it('without PUBLIC_URL, prints the LAN address phones can open and warns that posters would carry localhost', () => {
    const text = linkBanner({ publicUrl: undefined, port: 8080, host: '0.0.0.0' }, ['192.168.1.20', '10.0.0.5']).join('\n')
    expect(text).toContain('http://192.168.1.20:8080')
    expect(text).toContain('http://10.0.0.5:8080')
    expect(text).toMatch(/WARNING: PUBLIC_URL is not set/)
    expect(text).toContain('localhost')
    expect(text).toContain('PUBLIC_URL=http://192.168.1.20:8080')
  })

  it('warns when phones cannot reach the server at all', () => {
    expect(linkBanner({ publicUrl: 'http://localhost:8080', port: 8080, host: '0.0.0.0' }, []).join('\n')).toMatch(
      /PUBLIC_URL points at this machine’s loopback/,
    )
    expect(linkBanner({ publicUrl: 'https://gate.example.test', port: 8080, host: '127.0.0.1' }, []).join('\n')).toMatch(
      /HOST=127\.0\.0\.1 listens on this machine only/,
    )
  })

  it('lists only external IPv4 addresses', () => {
    const v4 = (address: string, internal: boolean) => ({ address, family: 'IPv4' as const, internal, netmask: '', mac: '', cidr: null })
    const v6 = { address: 'fe80::1', family: 'IPv6' as const, internal: false, netmask: '', mac: '', cidr: null, scopeid: 0 }
    expect(lanAddresses({ lo: [v4('127.0.0.1', true)], eth0: [v4('192.168.1.20', false), v6] })).toEqual(['192.168.1.20'])
  })
})

import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os'
import type { Config } from '../config.ts'

/** Loopback names and addresses a phone can never reach. */
function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.') || host === '[::1]'
}

/** The machine's non-internal IPv4 addresses: what a phone on the same network can open. */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string[] {
  const found: string[] = []
  for (const list of Object.values(interfaces))
    for (const info of list ?? []) if (info.family === 'IPv4' && !info.internal) found.push(info.address)
  return found
}

/**
 * The start banner's lines about links: the address phones and printed QR codes use, and a
 * warning when posters would carry an address phones cannot reach (PUBLIC_URL unset, so a staff
 * browser on localhost prints `localhost`; or PUBLIC_URL itself on loopback; or the server bound
 * to loopback only).
 */
export function linkBanner(config: Pick<Config, 'publicUrl' | 'port' | 'host'>, lan: string[] = lanAddresses()): string[] {
  const lines: string[] = []
  const lanUrls = lan.map((ip) => `http://${ip}:${config.port}`)
  if (isLoopbackHost(config.host)) {
    lines.push(`WARNING: HOST=${config.host} listens on this machine only: phones cannot reach it (HOST=0.0.0.0 lets them).`)
  }
  if (config.publicUrl) {
    lines.push(`Links and QR codes (posters, registration, self-report, /me): ${config.publicUrl}   (PUBLIC_URL)`)
    if (isLoopbackHost(new URL(config.publicUrl).hostname))
      lines.push('WARNING: PUBLIC_URL points at this machine’s loopback address: phones cannot open these links.')
    return lines
  }
  lines.push(
    lanUrls.length ? `Phones on this network: ${lanUrls.join('   ')}` : 'Phones: no network address found on this machine (offline?).',
  )
  lines.push(
    'WARNING: PUBLIC_URL is not set. Printed posters and sent links carry whatever address the staff',
    `  browser used: a poster printed from http://localhost:${config.port} points phones at localhost, which`,
    `  they cannot open. Set PUBLIC_URL=${lanUrls[0] ?? `http://<this machine's address>:${config.port}`} (or your domain) before printing.`,
  )
  return lines
}

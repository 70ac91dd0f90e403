import { once } from 'node:events'
import { createServer, connect, type AddressInfo, type Socket } from 'node:net'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { guardPacketSize, PacketSizeScanner, PacketTooLargeError } from './packet-size-guard.ts'

/** An MQTT fixed header: type byte and remaining length (variable-byte integer). */
function header(bodyLength: number, type = 0x30): Buffer {
  const length: number[] = []
  let n = bodyLength
  do {
    let byte = n % 128
    n = Math.floor(n / 128)
    if (n > 0) byte |= 0x80
    length.push(byte)
  } while (n > 0)
  return Buffer.from([type, ...length])
}

/** A whole packet: header and a body of that many bytes. */
const packet = (bodyLength: number) => Buffer.concat([header(bodyLength), Buffer.alloc(bodyLength, 0x61)])

/** Cuts bytes at the given points (any chunking TCP may deliver). */
function chunks(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  const out: Buffer[] = []
  let from = 0
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(from, p))
    from = p
  }
  return out
}

describe(PacketSizeScanner.name, () => {
  it('passes any stream of packets within the limit, however it is cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 30 }), (sizes, cuts) => {
        const scanner = new PacketSizeScanner(300)
        for (const chunk of chunks(Buffer.concat(sizes.map((s) => packet(s))), cuts)) scanner.scan(chunk)
      }),
    )
  })

  it('stops at the first packet over the limit, whatever came before it and however it is cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 10 }),
        fc.integer({ min: 301, max: 268_435_455 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (before, tooLarge, cuts) => {
          const scanner = new PacketSizeScanner(300)
          // Only the header of the large packet is sent: the scanner must decide on it alone.
          const bytes = Buffer.concat([...before.map((s) => packet(s)), header(tooLarge)])
          expect(() => {
            for (const c of chunks(bytes, cuts)) scanner.scan(c)
          }).toThrow(PacketTooLargeError)
        },
      ),
    )
  })

  it('refuses a remaining length longer than four bytes', () => {
    expect(() => new PacketSizeScanner(1_000_000_000).scan(Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x01]))).toThrow(PacketTooLargeError)
  })
})

describe(guardPacketSize.name, () => {
  it('closes the connection at a 30 MB CONNECT after its header, and passes small packets on unchanged', async () => {
    const received: Buffer[] = []
    const refused: PacketTooLargeError[] = []
    const server = createServer((socket: Socket) => {
      const guarded = guardPacketSize(socket, 65_536, (error) => refused.push(error))
      guarded.on('data', (chunk: Buffer) => received.push(chunk))
      guarded.on('error', () => {})
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    try {
      const port = (server.address() as AddressInfo).port
      const small = packet(100)
      const client = connect(port, '127.0.0.1')
      await once(client, 'connect')
      const closed = once(client, 'close')
      client.on('error', () => {})
      client.write(small)
      while (Buffer.concat(received).length < small.length) await new Promise((resolve) => setImmediate(resolve))
      // 30 MB announced; only the header and a kilobyte are ever sent, so the server can only
      // close this connection by deciding on the header.
      client.write(Buffer.concat([header(30 * 1024 * 1024, 0x10), Buffer.alloc(1024)]))
      await closed
      expect(refused.map((e) => e.announced)).toEqual([30 * 1024 * 1024])
      expect(Buffer.concat(received).equals(small)).toBe(true)
    } finally {
      server.close()
    }
  })
})

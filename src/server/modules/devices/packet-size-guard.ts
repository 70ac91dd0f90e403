import { Duplex, Transform, type TransformCallback } from 'node:stream'
import type { Socket } from 'node:net'

/** Thrown (as the stream's error) when a packet announces more bytes than allowed, or a broken length. */
export class PacketTooLargeError extends Error {
  constructor(readonly announced: number) {
    super(`MQTT packet of ${announced} bytes refused`)
    this.name = 'PacketTooLargeError'
  }
}

/**
 * Reads MQTT fixed headers as bytes arrive and stops at the first packet whose remaining length
 * is over the limit, before its body is read: a 30 MB CONNECT is refused after its first five
 * bytes, not buffered whole by the parser. MQTT 3.1.1 §2.2.3: the remaining length is 1–4 bytes,
 * 7 bits each, low bits first; the top bit says another byte follows.
 */
export class PacketSizeScanner {
  /** bytes of the current packet's body still to pass */
  private bodyLeft = 0
  /** inside a fixed header: -1 before the type byte, else how many length bytes are read */
  private lengthBytes = -1
  private length = 0

  constructor(private readonly maxBytes: number) {}

  /**
   * Follows one chunk of the stream.
   * @throws PacketTooLargeError at a packet over the limit (or a length of more than 4 bytes)
   */
  scan(chunk: Buffer): void {
    let i = 0
    while (i < chunk.length) {
      if (this.bodyLeft > 0) {
        const take = Math.min(this.bodyLeft, chunk.length - i)
        this.bodyLeft -= take
        i += take
        continue
      }
      const byte = chunk[i++]!
      if (this.lengthBytes < 0) {
        this.lengthBytes = 0
        this.length = 0
        continue
      }
      this.length += (byte & 0x7f) * 128 ** this.lengthBytes
      this.lengthBytes++
      if (this.length > this.maxBytes || (byte & 0x80 && this.lengthBytes === 4)) throw new PacketTooLargeError(this.length)
      if (byte & 0x80) continue
      this.bodyLeft = this.length
      this.lengthBytes = -1
    }
  }
}

/**
 * The socket as aedes should see it: what it reads has passed the size check, what it writes
 * goes straight to the socket. On a packet over the limit the socket is destroyed at once.
 * @param maxBytes the largest remaining length (variable header + payload) accepted
 */
export function guardPacketSize(socket: Socket, maxBytes: number, onRefused: (error: PacketTooLargeError) => void): Duplex {
  const scanner = new PacketSizeScanner(maxBytes)
  const checked = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        scanner.scan(chunk)
      } catch (error) {
        onRefused(error as PacketTooLargeError)
        socket.destroy()
        return callback()
      }
      callback(null, chunk)
    },
  })
  socket.pipe(checked)
  socket.on('error', () => checked.destroy())
  // Node's types know only web streams for this pair form; Node streams are what it takes too.
  const duplex = Duplex.from({ readable: checked, writable: socket } as unknown as Parameters<typeof Duplex.from>[0])
  duplex.on('close', () => socket.destroy())
  return duplex
}

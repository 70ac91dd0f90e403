import { readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer'

/**
 * A Y4M video showing one QR code, for Chromium's fake camera
 * (`--use-file-for-fake-video-capture`). The QR comes from zxing-wasm's writer (the same
 * library the page reads with), drawn as plain luma: 16 dark, 235 light, chroma flat grey.
 */

const DARK = 16
const LIGHT = 235
const QUIET_MODULES = 4

let prepared = false
async function prepareWriter() {
  if (prepared) return
  // Node has no fetch for a file path: hand the wasm bytes over directly.
  const path = createRequire(import.meta.url).resolve('zxing-wasm/writer/zxing_writer.wasm')
  const bytes = await readFile(path)
  prepareZXingModule({ overrides: { wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer } })
  prepared = true
}

/**
 * Writes `text` as a QR code centred in a W×H 4:2:0 Y4M file of a few identical frames
 * (Chromium loops the file).
 * @returns the module size in pixels, to judge how hard the read was
 * @throws {Error} when the code is too dense to draw at ≥ 3 px per module
 */
export async function writeQrY4m(text: string, path: string, { width = 640, height = 480, frames = 3 } = {}): Promise<number> {
  await prepareWriter()
  const { symbol, error } = await writeBarcode(text, { format: 'QRCode', scale: 1, addQuietZones: false, options: 'ecLevel=M' })
  if (error) throw new Error(`QR encode: ${error}`)
  const modules = symbol.width
  const scale = Math.floor(Math.min(width, height) / (modules + 2 * QUIET_MODULES))
  if (scale < 3) throw new Error(`QR of ${modules} modules is too dense for ${width}×${height}`)
  const luma = Buffer.alloc(width * height, LIGHT)
  const left = Math.floor((width - modules * scale) / 2)
  const top = Math.floor((height - modules * scale) / 2)
  for (let my = 0; my < modules; my++) {
    for (let mx = 0; mx < modules; mx++) {
      if (symbol.data[my * modules + mx] !== 0) continue
      for (let y = 0; y < scale; y++) luma.fill(DARK, (top + my * scale + y) * width + left + mx * scale, (top + my * scale + y) * width + left + (mx + 1) * scale)
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128)
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma])
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`)
  await writeFile(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]))
  return scale
}

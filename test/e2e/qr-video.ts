import { readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { BrowserContext } from 'playwright-core'
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
  prepareZXingModule({
    overrides: { wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer },
  })
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
      for (let y = 0; y < scale; y++)
        luma.fill(DARK, (top + my * scale + y) * width + left + mx * scale, (top + my * scale + y) * width + left + (mx + 1) * scale)
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128)
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma])
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`)
  await writeFile(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]))
  return scale
}

/**
 * Writes a picture of a screen (a PNG, e.g. an element screenshot of a phone showing its code)
 * as a W×H 4:2:0 Y4M file of a few identical frames: the picture scaled to `fill` of the frame
 * and centred on white, as a phone held up to the gate's camera. The scaling and the luma
 * (Y = 0.299R + 0.587G + 0.114B, full range as C420jpeg says) are done by a canvas in a blank
 * page of `context` (no CSP there to refuse the data: URL), so no image library is needed.
 */
export async function writePictureY4m(
  context: BrowserContext,
  png: Buffer,
  path: string,
  { width = 640, height = 480, frames = 3, fill = 0.9 } = {},
): Promise<void> {
  const page = await context.newPage()
  try {
    const luma64 = await page.evaluate(
      async ({ src, width, height, fill }) => {
        const image = new Image()
        image.src = src
        await image.decode()
        const canvas = document.createElement('canvas')
        canvas.width = width
        canvas.height = height
        const g = canvas.getContext('2d')!
        g.fillStyle = '#fff'
        g.fillRect(0, 0, width, height)
        const scale = Math.min((width * fill) / image.naturalWidth, (height * fill) / image.naturalHeight)
        const w = Math.round(image.naturalWidth * scale)
        const h = Math.round(image.naturalHeight * scale)
        g.drawImage(image, Math.round((width - w) / 2), Math.round((height - h) / 2), w, h)
        const rgba = g.getImageData(0, 0, width, height).data
        let bytes = ''
        for (let i = 0; i < width * height; i++)
          bytes += String.fromCharCode(Math.round(0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!))
        return btoa(bytes)
      },
      { src: `data:image/png;base64,${png.toString('base64')}`, width, height, fill },
    )
    const luma = Buffer.from(luma64, 'base64')
    if (luma.length !== width * height) throw new Error(`luma plane of ${luma.length} bytes, expected ${width * height}`)
    const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128)
    const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma])
    const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`)
    await writeFile(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]))
  } finally {
    await page.close()
  }
}

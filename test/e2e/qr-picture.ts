import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Browser } from 'playwright-core'
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer'

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
 * A real PNG screenshot, as a tenant would take one of their health-code app: a phone-sized page
 * with a coloured header, text and the QR of `code` (drawn by zxing-wasm's writer as SVG), shot
 * by Chromium into `path`.
 */
export async function healthAppScreenshot(browser: Browser, code: string, path: string): Promise<void> {
  await prepareWriter()
  const { svg, error } = await writeBarcode(code, { format: 'QRCode', scale: 4, options: 'ecLevel=M' })
  if (error) throw new Error(`QR encode: ${error}`)
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 })
  try {
    const page = await context.newPage()
    await page.setContent(`<!doctype html><meta charset="utf-8">
      <body style="margin:0;font-family:sans-serif;background:#f2f2f2">
        <div style="background:#1a9c4a;color:#fff;padding:48px 20px 20px;font-size:22px">健康码 · 温州</div>
        <div style="margin:16px;background:#fff;border-radius:12px;padding:20px;text-align:center">
          <div style="font-size:18px;margin-bottom:12px">李* 的健康码</div>
          <div style="width:300px;margin:0 auto">${svg.replace('<svg', '<svg style="width:300px;height:300px"')}</div>
          <div style="color:#1a9c4a;font-size:20px;margin-top:12px">绿码 · 请出示</div>
        </div>
      </body>`)
    await page.screenshot({ path })
  } finally {
    await context.close()
  }
}

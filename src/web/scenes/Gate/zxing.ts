import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader'
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url'

// The reader's wasm comes from our own build (hashed under /assets, precached by the service
// worker), never from zxing-wasm's default CDN: the gate must scan offline and on a closed
// network. Loading starts with the page so the first frame is not kept waiting.
prepareZXingModule({
  overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
  fireImmediately: true,
}).catch(() => {
  // Reported by readQrCode on first use; the text field still works meanwhile.
})

/**
 * The text of the first QR code in a frame, or null.
 * @throws {Error} when the wasm could not be loaded
 */
export async function readQrCode(frame: ImageData): Promise<string | null> {
  const [result] = await readBarcodes(frame, { formats: ['QRCode'], maxNumberOfSymbols: 1, tryHarder: true })
  return result?.isValid && result.text ? result.text : null
}

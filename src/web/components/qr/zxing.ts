import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader'
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

const QR_ONLY: ReaderOptions = { formats: ['QRCode'], maxNumberOfSymbols: 1, tryHarder: true }

/**
 * The text of the first QR code in a frame, or null.
 * @throws {Error} when the wasm could not be loaded
 */
export async function readQrCode(frame: ImageData): Promise<string | null> {
  const [result] = await readBarcodes(frame, QR_ONLY)
  return result?.isValid && result.text ? result.text : null
}

/** Larger pictures are scaled down to this many pixels a side before reading (memory on a phone). */
const MAX_PICTURE_SIDE = 4096

/**
 * The text of the first QR code in a picture file (a screenshot from another app), or null. The
 * browser decodes the picture (so every format it shows — PNG, JPEG, WebP, HEIC on iPhones — can
 * be read); zxing reads the pixels, scaling a large screenshot down itself as it tries.
 * @throws {Error} when the wasm could not be loaded or the file is not a picture
 */
export async function readQrImage(image: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(image)
  try {
    const scale = Math.min(1, MAX_PICTURE_SIDE / Math.max(bitmap.width, bitmap.height))
    const canvas = document.createElement('canvas')
    canvas.width = Math.max(1, Math.round(bitmap.width * scale))
    canvas.height = Math.max(1, Math.round(bitmap.height * scale))
    const context = canvas.getContext('2d', { willReadFrequently: true })
    if (!context) throw new Error('no 2d canvas')
    // White under transparent pixels: a PNG with an alpha channel would otherwise read as black.
    context.fillStyle = '#fff'
    context.fillRect(0, 0, canvas.width, canvas.height)
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
    const [result] = await readBarcodes(context.getImageData(0, 0, canvas.width, canvas.height), { ...QR_ONLY, tryDownscale: true })
    return result?.isValid && result.text ? result.text : null
  } finally {
    bitmap.close()
  }
}

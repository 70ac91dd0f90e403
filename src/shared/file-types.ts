/**
 * The file types Gridline takes in uploads, by what their bytes are (the server sniffs them; a
 * name or a Content-Type header can lie), with the extension a download is named with.
 */
export const FILE_EXTENSIONS = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  /** 版式文档 OFD (GB/T 33190), the format of Chinese e-invoices and official documents. */
  'application/ofd': 'ofd',
} as const
export type FileType = keyof typeof FILE_EXTENSIONS

/** Shown in the browser; every other type is only ever downloaded. */
export const IMAGE_TYPES: readonly FileType[] = ['image/jpeg', 'image/png', 'image/webp']

/** An enterprise problem's attachments: a photo of the stuck shipment, a contract, a list. */
export const PROBLEM_ATTACHMENT_TYPES: readonly FileType[] = [
  ...IMAGE_TYPES,
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]

/** A subsidy application's documents: scans, PDFs and OFD e-invoices. */
export const SUBSIDY_DOCUMENT_TYPES: readonly FileType[] = [...IMAGE_TYPES, 'application/pdf', 'application/ofd']

/** The `accept` attribute of a file picker for these types. */
export function acceptAttribute(types: readonly FileType[]): string {
  return types.flatMap((type) => [type, `.${FILE_EXTENSIONS[type]}`, ...(type === 'image/jpeg' ? ['.jpeg'] : [])]).join(',')
}

import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { readTable } from './table-file.ts'
import { isZip, readXlsx, writeXlsx, XLSX_LIMITS } from './xlsx.ts'
import { readZipEntries, ZipTooLargeError } from '../../files/zip-reader.ts'

const SHEET_XML = (text: string) =>
  `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${text}</t></is></c></row></sheetData></worksheet>`

/** Rewrites every declared uncompressed size in the central directory: what a crafted archive lies about. */
function lieAboutSizes(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice()
  const view = new DataView(out.buffer)
  for (let at = 0; at + 4 <= out.length; at++) if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, size, true)
  return out
}

describe('xlsx', () => {
  it('reads back what it writes: text, numbers, empty cells, XML characters', () => {
    const rows = [
      ['地址', 'n', 'note'],
      ['蛎灰窑 1 号 <东>', 12, 'a & "b"'],
      ['', null, 'x'],
    ]
    const bytes = writeXlsx('出租房', rows)
    expect(isZip(bytes)).toBe(true)
    expect(readXlsx(bytes)).toEqual([
      ['地址', 'n', 'note'],
      ['蛎灰窑 1 号 <东>', '12', 'a & "b"'],
      ['', '', 'x'],
    ])
  })

  it('reads shared strings and sparse cells the way Excel writes them', () => {
    const sheet =
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>' +
      '<row r="3"><c r="B3"><v>5</v></c><c r="C3" t="str"><v>x&amp;y</v></c></row></sheetData></worksheet>'
    const shared = '<sst><si><t>区划代码</t></si><si><r><t>地</t></r><r><t>址</t></r><rPh><t>ちし</t></rPh></si></sst>'
    const bytes = zipSync({ 'xl/worksheets/sheet1.xml': strToU8(sheet), 'xl/sharedStrings.xml': strToU8(shared) })
    expect(readXlsx(bytes)).toEqual([['区划代码', '', '地址'], [], ['', '5', 'x&y']])
  })

  it('reads the lowest-numbered sheet, not the first listed', () => {
    const bytes = zipSync({ 'xl/worksheets/sheet10.xml': strToU8(SHEET_XML('ten')), 'xl/worksheets/sheet2.xml': strToU8(SHEET_XML('two')) })
    expect(readXlsx(bytes)).toEqual([['two']])
  })

  describe('an archive that unpacks to more than an import may hold', () => {
    const limits = { maxEntries: 10, maxEntryBytes: 100_000, maxTotalBytes: 150_000 }
    const padded = (n: number) => strToU8(SHEET_XML('x'.repeat(n)))

    it('is refused from its directory when it declares too much, before inflating', () => {
      const bytes = zipSync({ 'xl/worksheets/sheet1.xml': padded(200_000) })
      expect(() => readXlsx(bytes, limits)).toThrow(ZipTooLargeError)
      const both = zipSync({ 'xl/worksheets/sheet1.xml': padded(90_000), 'xl/sharedStrings.xml': padded(90_000) })
      expect(() => readXlsx(both, limits)).toThrow(ZipTooLargeError)
      const many = zipSync(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`xl/worksheets/sheet${i + 1}.xml`, padded(10)])))
      expect(() => readXlsx(many, limits)).toThrow(ZipTooLargeError)
    })

    it('is refused while inflating when the directory lies about the size (a zip bomb)', () => {
      // 5 MB of one character compress to about 5 KB; the directory claims 1 KB.
      const bomb = lieAboutSizes(zipSync({ 'xl/worksheets/sheet1.xml': padded(5_000_000) }, { level: 9 }), 1024)
      expect(bomb.length).toBeLessThan(10_000)
      expect(() => readXlsx(bomb, limits)).toThrow(ZipTooLargeError)
    })

    it('answers an import with HOUSING_IMPORT_FORMAT, not a crash or a hang', () => {
      const bomb = lieAboutSizes(zipSync({ 'xl/worksheets/sheet1.xml': padded(XLSX_LIMITS.maxEntryBytes + 1) }, { level: 9 }), 1024)
      expect(() => readTable(Buffer.from(bomb))).toThrow(expect.objectContaining({ code: 'HOUSING_IMPORT_FORMAT' }))
    })

    it('reads entries the caller does not want without inflating them', () => {
      const bytes = zipSync({ 'xl/worksheets/sheet1.xml': padded(10), 'xl/media/huge.bin': new Uint8Array(1_000_000) })
      expect([...readZipEntries(bytes, (name) => name.endsWith('.xml'), limits).keys()]).toEqual(['xl/worksheets/sheet1.xml'])
    })
  })
})

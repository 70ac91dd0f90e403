import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { writeXlsx } from '../modules/housing/xlsx.ts'
import { contentDisposition, safeFileName, sniffFileType } from './file-type.ts'

describe('sniffFileType', () => {
  it('knows each accepted type by its bytes', () => {
    expect(sniffFileType(Buffer.from('ffd8ffe000104a464946', 'hex'))).toBe('image/jpeg')
    expect(sniffFileType(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png')
    expect(sniffFileType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp')
    expect(sniffFileType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf')
    expect(sniffFileType(writeXlsx('表', [['a']]))).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(sniffFileType(zipSync({ 'OFD.xml': strToU8('<ofd:OFD/>'), 'Doc_0/Document.xml': strToU8('<x/>') }))).toBe('application/ofd')
  })

  it('refuses what a browser could run or what it cannot tell', () => {
    for (const text of [
      '<!doctype html><script>1</script>',
      '<svg xmlns="http://www.w3.org/2000/svg"/>',
      'GIF89a',
      '',
      '\u00ef\u00bb\u00bf<html>',
    ])
      expect(sniffFileType(Buffer.from(text))).toBeNull()
    // A zip that is neither a workbook nor an OFD (a .docx, a folder of scripts), and a broken one.
    expect(sniffFileType(zipSync({ 'word/document.xml': strToU8('<w/>') }))).toBeNull()
    expect(sniffFileType(Buffer.from('PK\x03\x04 broken'))).toBeNull()
  })
})

describe('safeFileName', () => {
  it('names a download by its sniffed type, without folders or control characters', () => {
    expect(safeFileName('poly.html', 'image/jpeg')).toBe('poly.jpg')
    expect(safeFileName('../../etc/passwd', 'application/pdf')).toBe('passwd.pdf')
    expect(safeFileName('C:\\Users\\王\\户型图.PNG', 'image/png')).toBe('户型图.png')
    expect(safeFileName('a\u0000b\r\n"c".pdf', 'application/pdf')).toBe('abc.pdf')
    expect(safeFileName(undefined, 'image/webp')).toBe('file.webp')
    expect(safeFileName('.html', 'image/png')).toBe('file.png')
  })
})

describe('contentDisposition', () => {
  it('shows pictures inline and downloads everything else', () => {
    expect(contentDisposition('image/png', '图.png')).toBe(`inline; filename*=UTF-8''${encodeURIComponent('图.png')}`)
    expect(contentDisposition('application/pdf', 'a.pdf')).toBe("attachment; filename*=UTF-8''a.pdf")
    expect(contentDisposition('text/html', 'a.html')).toMatch(/^attachment;/)
  })
})

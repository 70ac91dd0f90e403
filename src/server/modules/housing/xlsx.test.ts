import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { isZip, readXlsx, writeXlsx } from './xlsx.ts'

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
})

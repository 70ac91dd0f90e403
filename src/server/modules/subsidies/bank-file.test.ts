import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  csvField,
  parseResultFile,
  parseSettledAt,
  readCsvRecords,
  writePaymentFile,
  writeResultFile,
  type PaymentLine,
} from './bank-file.ts'

const ID_A = '0b6f2d2e-8a4c-4c1e-9b55-0a1f3c9d7e01'
const ID_B = '9c1e7a44-1d2b-4f6e-8a3c-5b7d9e0f1a02'
const ID_C = '3a5b7c9d-2e4f-4a6b-8c0d-1e3f5a7b9c03'
const ID_D = '7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e04'

const lineA: PaymentLine = {
  instructionId: ID_A,
  batchNumber: 'PB20200302-01',
  applicationNumber: 'HQ20200302-000002',
  payeeAccountName: '温州市瓯海眼镜有限公司',
  payeeBankName: '中国工商银行温州瓯海支行',
  payeeAccountNo: '1203281109000012345',
  amountFen: 1_234_567,
  purpose: 'OH-2020-01 战“疫”专项贷款贴息',
}
const lineB: PaymentLine = {
  ...lineA,
  instructionId: ID_B,
  applicationNumber: 'HQ20200302-000001',
  payeeAccountName: '浙江"德赛",集团有限公司',
  payeeBankName: '温州银行, 瓯海支行',
  amountFen: 5,
}

describe('payment file', () => {
  it('writes the documented header, CRLF lines, yuan amounts and CNY, ordered by application number', () => {
    const file = writePaymentFile([lineA, lineB])
    const lines = file.split('\r\n')
    expect(lines[0]).toBe(
      'instruction_id,batch_number,application_number,payee_account_name,payee_bank_name,payee_account_no,amount,currency,purpose',
    )
    expect(lines[1]).toBe(
      `${ID_B},PB20200302-01,HQ20200302-000001,"浙江""德赛"",集团有限公司","温州银行, 瓯海支行",1203281109000012345,0.05,CNY,OH-2020-01 战“疫”专项贷款贴息`,
    )
    expect(lines[2]).toBe(
      `${ID_A},PB20200302-01,HQ20200302-000002,温州市瓯海眼镜有限公司,中国工商银行温州瓯海支行,1203281109000012345,12345.67,CNY,OH-2020-01 战“疫”专项贷款贴息`,
    )
    expect(lines[3]).toBe('')
    expect(file.includes('\n') && !/[^\r]\n/.test(file)).toBe(true)
    expect(file.charCodeAt(0)).not.toBe(0xfeff)
  })

  it('gives the same bytes whatever order the rows arrive in', () => {
    const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')
    expect(sha(writePaymentFile([lineA, lineB]))).toBe(sha(writePaymentFile([lineB, lineA])))
  })

  it('reads back what it writes, Chinese names with commas and quotes intact', () => {
    const records = readCsvRecords(writePaymentFile([lineA, lineB]))
    expect(records.map((r) => r.fields[3])).toEqual(['payee_account_name', '浙江"德赛",集团有限公司', '温州市瓯海眼镜有限公司'])
    expect(records.every((r) => !r.malformed && r.fields.length === 9)).toBe(true)
  })

  it('quotes only when RFC 4180 needs it, and keeps edge spaces', () => {
    expect(csvField('眼镜')).toBe('眼镜')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('说"好"')).toBe('"说""好"""')
    expect(csvField('两行\n文字')).toBe('"两行\n文字"')
    expect(csvField(' 前空格')).toBe('" 前空格"')
  })
})

describe('CSV records', () => {
  it('tolerates a BOM, LF, CRLF and blank lines, and numbers records by their first line', () => {
    const records = readCsvRecords('\ufeffa,b\n\r\n"x\ny",2\r\nlast,3')
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'], malformed: false },
      { line: 3, fields: ['x\ny', '2'], malformed: false },
      { line: 5, fields: ['last', '3'], malformed: false },
    ])
  })

  it('marks a stray or unclosed quote as malformed', () => {
    expect(readCsvRecords('a"b,c\n"ok"x,1\n"open,2\n').map((r) => [r.line, r.malformed])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ])
  })
})

describe('result file', () => {
  const header = 'instruction_id,status,bank_reference,failure_reason,settled_at'

  it('reads success and failure lines, with China time when no offset is given', () => {
    const parsed = parseResultFile(
      writeResultFile([
        { instructionId: ID_A, status: 'SUCCESS', bankReference: 'ICBC-0001', settledAt: '2020-03-02 15:30:00' },
        { instructionId: ID_B, status: 'FAILED', failureReason: '户名与账号不符, 请核实' },
      ]),
    )
    expect(parsed.errors).toEqual([])
    expect(parsed.rows).toBe(2)
    expect(parsed.lines).toEqual([
      {
        line: 2,
        instructionId: ID_A,
        status: 'SUCCESS',
        bankReference: 'ICBC-0001',
        failureReason: null,
        settledAt: new Date('2020-03-02T07:30:00Z'),
      },
      { line: 3, instructionId: ID_B, status: 'FAILED', bankReference: null, failureReason: '户名与账号不符, 请核实', settledAt: null },
    ])
  })

  it('reports each bad line with its line number and column, and keeps the good ones', () => {
    const text = [
      header,
      `${ID_A},SUCCESS,,,`,
      `not-an-id,FAILED,,余额不足,`,
      `${ID_B},PAID,R1,,`,
      `${ID_D},SUCCESS,R2,,2020-02-30`,
      `${ID_C.toUpperCase()},success,R3,,2020-03-02T09:00:00+08:00`,
      `${ID_C},FAILED,,重复,`,
      `"${ID_B}"x,FAILED,,,`,
    ].join('\n')
    const parsed = parseResultFile(text)
    expect(parsed.rows).toBe(7)
    expect(parsed.errors).toEqual([
      { line: 2, field: 'bank_reference', code: 'subsidy.bank.referenceMissing' },
      { line: 3, field: 'instruction_id', code: 'subsidy.bank.instructionId' },
      { line: 4, field: 'status', code: 'subsidy.bank.status' },
      { line: 5, field: 'settled_at', code: 'subsidy.bank.settledAt' },
      { line: 7, field: 'instruction_id', code: 'subsidy.bank.duplicateLine' },
      { line: 8, field: 'file', code: 'subsidy.bank.quote' },
    ])
    expect(parsed.lines).toEqual([
      {
        line: 6,
        instructionId: ID_C,
        status: 'SUCCESS',
        bankReference: 'R3',
        failureReason: null,
        settledAt: new Date('2020-03-02T01:00:00Z'),
      },
    ])
  })

  it('finds columns by name in any order, and names missing ones', () => {
    const reordered = parseResultFile(`status,settled_at,instruction_id,failure_reason,bank_reference,extra\r\nSUCCESS,,${ID_A},,R9,x\r\n`)
    expect(reordered.errors).toEqual([])
    expect(reordered.lines[0]).toMatchObject({ instructionId: ID_A, bankReference: 'R9' })
    expect(parseResultFile(`instruction_id,status\n${ID_A},SUCCESS\n`).errors).toEqual([
      { line: 1, field: 'bank_reference', code: 'subsidy.bank.missingColumn' },
      { line: 1, field: 'failure_reason', code: 'subsidy.bank.missingColumn' },
      { line: 1, field: 'settled_at', code: 'subsidy.bank.missingColumn' },
    ])
    expect(parseResultFile('\n\n').errors).toEqual([{ line: 1, field: 'file', code: 'subsidy.bank.empty' }])
  })

  it('reads settlement times with and without offsets and refuses impossible ones', () => {
    expect(parseSettledAt('2020-03-02')).toEqual(new Date('2020-03-01T16:00:00Z'))
    expect(parseSettledAt('2020/03/02 08:05')).toEqual(new Date('2020-03-02T00:05:00Z'))
    expect(parseSettledAt('2020-03-02T08:05:00Z')).toEqual(new Date('2020-03-02T08:05:00Z'))
    expect(parseSettledAt('2020-03-02T08:05:00+0800')).toEqual(new Date('2020-03-02T00:05:00Z'))
    expect(parseSettledAt('2020-13-01')).toBeNull()
    expect(parseSettledAt('2020-03-02 25:00')).toBeNull()
    expect(parseSettledAt('2 March 2020')).toBeNull()
  })
})

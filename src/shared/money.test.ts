import { describe, expect, it } from 'vitest'
import { formatWan, formatYuan, plainYuan, yuanToFen } from './money.ts'

describe('money in fen', () => {
  it('shows fen as grouped yuan with two decimals', () => {
    expect(formatYuan(1234567)).toBe('12,345.67')
    expect(formatYuan(5)).toBe('0.05')
    expect(formatYuan(-250)).toBe('-2.50')
  })

  it('writes the bank file amount without grouping', () => {
    expect(plainYuan(5_000_000_000)).toBe('50000000.00')
    expect(plainYuan(101)).toBe('1.01')
  })

  it('reads typed yuan exactly, refusing a third decimal', () => {
    expect(yuanToFen('12345.6')).toBe(1234560)
    expect(yuanToFen('1,000.05')).toBe(100005)
    expect(yuanToFen(0.29)).toBe(29)
    expect(yuanToFen('1.234')).toBeNull()
    expect(yuanToFen('abc')).toBeNull()
  })

  it('shows large sums in 万 yuan', () => {
    expect(formatWan(5_000_000_000)).toBe('5,000')
    expect(formatWan(1_234_500)).toBe('1.23')
  })
})

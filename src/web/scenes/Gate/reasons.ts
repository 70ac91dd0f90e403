import type { VerifyReason } from '../../../shared/codes/index.ts'
import type { Dictionary } from '../../i18n/zh-CN.ts'

/**
 * A gate reason code in words: HEALTH_GREEN → 健康码绿码, CODE_BAD_SIGNATURE → 健康码验签失败
 * (疑似伪造), HOUSE_CODE_EXPIRED → 安居码已过期. An unknown code shows as itself rather than
 * disappearing, so a newer server's reason is still visible.
 */
export function reasonText(reason: string, words: Dictionary['gate']): string {
  const known = (words.reason as Record<string, string>)[reason]
  if (known) return known
  const verifier = words.verifyReason as Record<VerifyReason, string>
  for (const [prefix, template] of [
    ['HOUSE_CODE_', words.houseCode],
    ['CODE_', words.healthCode],
  ] as const) {
    const rest = reason.slice(prefix.length) as VerifyReason
    if (reason.startsWith(prefix) && verifier[rest]) return template.replace('{reason}', verifier[rest])
  }
  return reason
}

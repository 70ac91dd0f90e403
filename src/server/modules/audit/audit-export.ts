import { AUDIT_WORDS } from '../../../shared/audit-words.ts'
import type { Locale } from '../../../shared/messages.ts'
import type { AuditEntry } from '../../../shared/schemas/audit.ts'
import { writeCsv } from '../housing/table-file.ts'

/** China time as the log's readers read it: 2026-12-07 09:30:00 (UTC+8 all year). */
function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}

/**
 * The audit rows as CSV in the reader's language: names, not ids; a BOM so Excel reads UTF-8;
 * formula-looking cells defused by writeCsv.
 */
export function auditCsv(entries: AuditEntry[], locale: Locale): string {
  const words = AUDIT_WORDS[locale]
  const rows = entries.map((e) => [
    chinaTime(e.at),
    e.actor?.displayName ?? '',
    e.actor?.username ?? e.username ?? '',
    words.action[e.action as keyof typeof words.action] ?? e.action,
    words.entity[e.entityType] ?? e.entityType,
    e.subject?.label ?? e.entityId ?? '',
    e.count,
    e.area?.name ?? '',
    e.ip,
    e.query ? JSON.stringify(e.query) : '',
  ])
  return writeCsv([words.csv, ...rows])
}

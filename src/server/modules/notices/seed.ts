import type { Trx } from '../../db/database.ts'
import { noticeSearchTerms } from './notices.service.ts'
import { OUHAI_NOTICES } from './seed-data.ts'

/** Ouhai district, which issues the demo notices. */
const OUHAI = '330304000000'

/** 'YYYY-MM-DD HH:mm' China time as an instant. */
function chinaInstant(text: string): Date {
  return new Date(`${text.replace(' ', 'T')}:00+08:00`)
}

/**
 * Publishes Ouhai's notices of February 2020 (seed-data.ts), signed by the demo policy officer
 * when there is one. Called by the demo seed inside its transaction.
 */
export async function seedNotices(trx: Trx, areaIds: Map<string, string>): Promise<void> {
  const areaId = areaIds.get(OUHAI)
  if (!areaId) return
  const officer = await trx.selectFrom('account').select('id').where('username', '=', 'policy').executeTakeFirst()
  await trx
    .insertInto('notice')
    .values(
      OUHAI_NOTICES.map((n) => {
        const body = n.paragraphs.join('\n\n')
        const publishedAt = chinaInstant(n.publishedAt)
        return {
          area_id: areaId,
          title: n.title,
          body,
          category: n.category,
          keywords: n.keywords,
          office: n.office,
          document_number: n.documentNumber ?? null,
          link: n.link ?? null,
          effective_from: n.effectiveFrom ?? null,
          effective_to: null,
          state: 'published' as const,
          published_at: publishedAt,
          search_terms: noticeSearchTerms({ ...n, body }),
          created_by: officer?.id ?? null,
          updated_by: officer?.id ?? null,
          created_at: publishedAt,
          updated_at: publishedAt,
        }
      }),
    )
    .execute()
}

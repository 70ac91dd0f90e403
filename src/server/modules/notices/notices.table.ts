import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'
import type { NoticeCategory, NoticeState } from '../../../shared/schemas/notices.ts'

/** A public notice (政策发布); `search_terms` is written from title + keywords + body on every save. */
export interface NoticeTable {
  id: Generated<string>
  area_id: string
  title: string
  body: string
  category: NoticeCategory
  keywords: string[]
  office: string
  document_number: string | null
  link: string | null
  effective_from: string | null
  effective_to: string | null
  state: Generated<NoticeState>
  published_at: Date | null
  withdrawn_at: Date | null
  search_terms: string[]
  created_by: string | null
  updated_by: string | null
  created_at: ColumnType<Date, Date | undefined, never>
  updated_at: ColumnType<Date, Date | undefined, Date>
}
export type NoticeRow = Selectable<NoticeTable>
export type NewNoticeRow = Insertable<NoticeTable>

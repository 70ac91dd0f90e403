import { Alert, Empty, Input, Pagination, Skeleton, Tag } from 'antd'
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { localizeIssues } from '../../../shared/localize-issues.ts'
import {
  NOTICE_CATEGORIES,
  noticeQuerySchema,
  type NoticeCategory,
  type NoticeSummary,
  type PublicNoticeList,
} from '../../../shared/schemas/notices.ts'
import { ApiError } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { Highlight } from './Highlight.tsx'
import { CATEGORY_COLOURS, chinaDay } from './notice-format.ts'
import { PublicShell } from './PublicShell.tsx'

const PAGE_SIZE = 10

/** One notice in the list: title, office, date, keyword tags and the excerpt, matches marked. */
export function NoticeCard({ notice, q }: { notice: NoticeSummary; q?: string }) {
  const { d } = useI18n()
  return (
    <Link to={`/notices/${notice.id}`} className="gl-notice-card" data-testid="notice-card">
      <div className="gl-notice-card-title">
        <Tag color={CATEGORY_COLOURS[notice.category]} variant="filled" className="gl-notice-category">
          {d.notices.category[notice.category]}
        </Tag>
        <Highlight text={notice.title} q={q} />
      </div>
      <div className="gl-notice-card-meta">
        <span>{notice.office}</span>
        <span className="gl-mono">{chinaDay(notice.publishedAt)}</span>
      </div>
      <div className="gl-notice-card-excerpt">
        <Highlight text={notice.excerpt} q={q} />
      </div>
      <div className="gl-notice-keywords">
        {notice.keywords.map((k) => (
          <Tag key={k} variant="outlined">
            <Highlight text={k} q={q} />
          </Tag>
        ))}
      </div>
    </Link>
  )
}

/**
 * /notices: the public list (no account). Search and category live in the address, so the back
 * button from a notice returns to the same results and a search can be shared as a link.
 */
export function NoticesPage() {
  const { t, d, locale } = useI18n()
  const [params, setParams] = useSearchParams()
  const q = params.get('q') ?? ''
  const category = (params.get('category') ?? undefined) as NoticeCategory | undefined
  const page = Number(params.get('page') ?? 1) || 1
  const [typed, setTyped] = useState(q)
  useEffect(() => setTyped(q), [q])

  // The same rule the server applies: punctuation alone is not a search.
  const checked = q ? noticeQuerySchema.safeParse(q) : undefined
  const queryProblem = checked && !checked.success ? localizeIssues(checked.error.issues, locale)[0]?.message : undefined
  const { data, error, loading, reload } = useApiData<PublicNoticeList>(queryProblem ? null : '/api/public/notices', {
    q: q || undefined,
    category,
    page,
    pageSize: PAGE_SIZE,
  })
  const serverProblem = error instanceof ApiError && error.status === 400 ? error.problem.errors?.[0]?.message : undefined

  const update = (next: { q?: string; category?: NoticeCategory | null; page?: number }) => {
    const merged = new URLSearchParams(params)
    if (next.q !== undefined) next.q ? merged.set('q', next.q) : merged.delete('q')
    if (next.category !== undefined) next.category ? merged.set('category', next.category) : merged.delete('category')
    if (next.page && next.page > 1) merged.set('page', String(next.page))
    else merged.delete('page')
    setParams(merged)
  }

  const problem = queryProblem ?? serverProblem
  return (
    <PublicShell>
      <Input.Search
        size="large"
        allowClear
        enterButton
        value={typed}
        placeholder={t('notices.search')}
        onChange={(e) => setTyped(e.target.value)}
        onSearch={(value) => update({ q: value.trim(), page: 1 })}
        status={problem ? 'error' : undefined}
        data-testid="notices-search"
      />
      {problem ? (
        <div className="gl-notices-search-error" data-testid="notices-search-error">
          {problem}
        </div>
      ) : null}
      <fieldset className="gl-notices-chips">
        <Tag.CheckableTag checked={!category} onChange={() => update({ category: null, page: 1 })}>
          {t('notices.all')}
        </Tag.CheckableTag>
        {NOTICE_CATEGORIES.map((c) => (
          <Tag.CheckableTag
            key={c}
            checked={category === c}
            onChange={() => update({ category: category === c ? null : c, page: 1 })}
            data-testid={`notices-chip-${c}`}
          >
            {d.notices.category[c]}
          </Tag.CheckableTag>
        ))}
      </fieldset>
      {error && !serverProblem ? <LoadError error={error} onRetry={reload} /> : null}
      {/* While a new search loads, the old results would sit under the new query's count: show the skeleton instead. */}
      {problem ? null : loading ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : data ? (
        <>
          <div className="gl-notices-count" data-testid="notices-count">
            {q ? t('notices.totalFor', { q, n: data.total }) : t('notices.total', { n: data.total })}
          </div>
          {data.items.length ? (
            <div className="gl-notices-list" data-testid="notices-list">
              {data.items.map((n) => (
                <NoticeCard key={n.id} notice={n} q={q || undefined} />
              ))}
            </div>
          ) : (
            <Empty description={q ? t('notices.emptySearch', { q }) : t('notices.empty')} />
          )}
          {data.total > PAGE_SIZE ? (
            <Pagination
              simple
              align="center"
              current={page}
              pageSize={PAGE_SIZE}
              total={data.total}
              onChange={(p) => update({ page: p })}
              style={{ marginTop: 16 }}
            />
          ) : null}
        </>
      ) : null}
      {!data && !loading && !error && !problem ? <Alert type="info" title={t('notices.empty')} /> : null}
    </PublicShell>
  )
}

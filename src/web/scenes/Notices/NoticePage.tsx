import { ArrowLeftOutlined, ExportOutlined } from '@ant-design/icons'
import { Button, Empty, Result, Skeleton, Tag } from 'antd'
import type { ReactNode } from 'react'
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom'
import type { PublicNotice } from '../../../shared/schemas/notices.ts'
import { ApiError } from '../../api/client.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { NoticeCard } from './NoticesPage.tsx'
import { CATEGORY_COLOURS, chinaDay, paragraphsOf } from './notice-format.ts'
import { PublicShell } from './PublicShell.tsx'

/** "2020-02-10 起", "2020-02-10 至 2020-12-31", or nothing when the notice has no dates. */
function useEffectiveText(notice: PublicNotice): string | null {
  const { t } = useI18n()
  const { effectiveFrom: from, effectiveTo: to } = notice
  if (from && to) return t('notices.effectiveRange', { from, to })
  if (from) return t('notices.effectiveFrom', { from })
  if (to) return t('notices.effectiveUntil', { to })
  return null
}

function NoticeArticle({ notice }: { notice: PublicNotice }) {
  const { t, d } = useI18n()
  const effective = useEffectiveText(notice)
  const meta: [string, string | null][] = [
    [t('notices.office'), notice.office],
    [t('notices.documentNumber'), notice.documentNumber],
    [t('notices.publishedAt'), chinaDay(notice.publishedAt)],
    [t('notices.effective'), effective],
  ]
  return (
    <>
      <article className="gl-notice-article" data-testid="notice-article">
        <Tag color={CATEGORY_COLOURS[notice.category]} variant="filled">
          {d.notices.category[notice.category]}
        </Tag>
        <h1 className="gl-notice-heading" data-testid="notice-title">
          {notice.title}
        </h1>
        <dl className="gl-notice-meta">
          {meta
            .filter((entry): entry is [string, string] => Boolean(entry[1]))
            .map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
        <div className="gl-notice-body">
          {paragraphsOf(notice.body).map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a paragraph is its place in the body (two may read the same); the list never reorders
            <p key={i}>{p}</p>
          ))}
        </div>
        <ul className="gl-notice-keywords" aria-label={t('notices.keywords')}>
          {notice.keywords.map((k) => (
            <li key={k}>
              <Link to={`/notices?q=${encodeURIComponent(k)}`}>
                <Tag variant="outlined">#{k}</Tag>
              </Link>
            </li>
          ))}
        </ul>
        {notice.link ? (
          <Button
            type="primary"
            size="large"
            block
            icon={<ExportOutlined />}
            href={notice.link}
            style={{ marginTop: 16 }}
            data-testid="notice-link"
          >
            {t('notices.openLink')}
          </Button>
        ) : null}
      </article>
      <section className="gl-notice-related" data-testid="notice-related">
        <h2>{t('notices.related')}</h2>
        {notice.related.length ? (
          <div className="gl-notices-list">
            {notice.related.map((n) => (
              <NoticeCard key={n.id} notice={n} />
            ))}
          </div>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notices.relatedEmpty')} />
        )}
      </section>
    </>
  )
}

/** /notices/:id: one published notice, its metadata, its link, and related notices (no account). */
export function NoticePage() {
  const { t } = useI18n()
  const { id } = useParams()
  const navigate = useNavigate()
  const location = useLocation()
  const { data, error, loading, reload } = useApiData<PublicNotice>(id ? `/api/public/notices/${id}` : null)
  const missing = error instanceof ApiError && (error.status === 404 || error.status === 400)
  // Back to the results the reader came from, or to the list when they opened a shared link.
  const back = () => (location.key !== 'default' ? navigate(-1) : navigate('/notices'))

  let body: ReactNode
  if (missing) body = <Result status="404" title={t('notices.notFound')} />
  else if (error) body = <LoadError error={error} onRetry={reload} />
  else if (loading || !data || data.id !== id) body = <Skeleton active paragraph={{ rows: 10 }} />
  else body = <NoticeArticle notice={data} />

  return (
    <PublicShell>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={back} className="gl-notice-back" data-testid="notice-back">
        {t('notices.back')}
      </Button>
      {body}
    </PublicShell>
  )
}

import { sql, type Kysely } from 'kysely'

const DATE_CHECK = `~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`

const STATEMENTS = [
  `CREATE TABLE notice (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- the issuing area node; staff manage the notices of their subtree
    area_id uuid NOT NULL REFERENCES area(id),
    title text NOT NULL,
    body text NOT NULL,
    category text NOT NULL CHECK (category IN ('policy','announcement','recruitment','guide')),
    keywords text[] NOT NULL CHECK (cardinality(keywords) BETWEEN 1 AND 10),
    office text NOT NULL,
    document_number text,
    -- relative links inside Gridline only
    link text CHECK (link IS NULL OR link ~ '^/([^/\\\\]|$)'),
    -- China calendar days as text, like every calendar day in Gridline (decision 40)
    effective_from text CHECK (effective_from ${DATE_CHECK}),
    effective_to text CHECK (effective_to ${DATE_CHECK}),
    state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','published','withdrawn')),
    published_at timestamptz,
    withdrawn_at timestamptz,
    -- unigrams + bigrams of title, keywords and body (src/shared/chinese-search.ts)
    search_terms text[] NOT NULL,
    created_by uuid REFERENCES account(id),
    updated_by uuid REFERENCES account(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (effective_from IS NULL OR effective_to IS NULL OR effective_to >= effective_from),
    CHECK (state = 'draft' OR published_at IS NOT NULL)
  )`,
  // search_terms @> query_terms uses this index (array containment).
  `CREATE INDEX notice_search_terms_idx ON notice USING gin (search_terms)`,
  `CREATE INDEX notice_published_idx ON notice (published_at DESC) WHERE state = 'published'`,
  `CREATE INDEX notice_area_idx ON notice (area_id, updated_at DESC)`,
]

/** Public notices (政策发布). */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per query: PGlite runs parameterised (extended-protocol) queries only.
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE notice').execute(db)
}

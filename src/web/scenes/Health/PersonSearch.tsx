import { SearchOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Input, List, Select, Space, Typography } from 'antd'
import { useState } from 'react'
import { ID_DOCUMENT_TYPES, type IdDocumentType } from '../../../shared/id-document.ts'
import type { Person } from '../../../shared/schemas/person.ts'
import { api, ApiError, errorText } from '../../api/client.ts'
import { useI18n } from '../../hooks/useI18n.ts'

/** A query made of letters and digits only, six or more, is an ID number rather than a name. */
const LOOKS_LIKE_ID = /^[0-9A-Za-z]{6,}$/

/**
 * Finds people in the officer's area: by name (the people list), or by full ID number through
 * POST /api/people/lookup so the number stays out of URLs and logs.
 */
export function PersonSearch({ selectedId, onPick }: { selectedId: string | undefined; onPick(person: Person): void }) {
  const { t, d } = useI18n()
  const [query, setQuery] = useState('')
  const [idType, setIdType] = useState<IdDocumentType>('resident_id')
  const [results, setResults] = useState<Person[]>()
  const [failure, setFailure] = useState<string>()
  const [loading, setLoading] = useState(false)

  const search = async () => {
    const text = query.trim()
    if (!text) return
    setLoading(true)
    setFailure(undefined)
    try {
      if (LOOKS_LIKE_ID.test(text)) {
        const person = await api<Person>('/api/people/lookup', { method: 'POST', body: { idType, idNumber: text } })
        setResults([person])
        onPick(person)
      } else {
        const page = await api<{ items: Person[] }>('/api/people', { query: { q: text, pageSize: 20 } })
        setResults(page.items)
        if (page.items.length === 1) onPick(page.items[0]!)
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setResults([])
      else setFailure(errorText(error))
    } finally {
      setLoading(false)
    }
  }

  return (
    <Card size="small">
      <Space.Compact style={{ width: '100%' }}>
        <Select<IdDocumentType>
          value={idType}
          onChange={setIdType}
          style={{ width: 130 }}
          options={ID_DOCUMENT_TYPES.map((type) => ({ value: type, label: d.idType[type] }))}
          popupMatchSelectWidth={false}
        />
        <Input
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onPressEnter={() => void search()}
          placeholder={t('health.search')}
          allowClear
          data-testid="health-search"
        />
        <Button
          type="primary"
          icon={<SearchOutlined />}
          loading={loading}
          onClick={() => void search()}
          aria-label={t('health.searchButton')}
          data-testid="health-search-go"
        />
      </Space.Compact>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('health.searchHint')}
      </Typography.Paragraph>
      {failure ? <Alert type="error" showIcon title={failure} style={{ marginTop: 8 }} /> : null}
      {results ? (
        results.length ? (
          <List<Person>
            style={{ marginTop: 8 }}
            size="small"
            dataSource={results}
            renderItem={(person) => (
              <List.Item
                onClick={() => onPick(person)}
                style={{ cursor: 'pointer', background: person.id === selectedId ? '#e6f0ff' : undefined, paddingInline: 8 }}
                data-testid="health-result"
              >
                <List.Item.Meta
                  title={person.name}
                  description={
                    <span className="gl-mono">
                      {person.idNumberMasked} · {person.areaName}
                    </span>
                  }
                />
              </List.Item>
            )}
          />
        ) : (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('health.noMatch')}
          </Typography.Paragraph>
        )
      ) : null}
    </Card>
  )
}

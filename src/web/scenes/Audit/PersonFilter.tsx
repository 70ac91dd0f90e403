import { Select } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { normalizeIdNumber } from '../../../shared/id-document.ts'
import type { Person } from '../../../shared/schemas/person.ts'
import { api, ApiError } from '../../api/client.ts'
import type { Page } from '../../api/types.ts'
import { useI18n } from '../../hooks/useI18n.ts'

export interface PickedPerson {
  id: string
  name: string
}

/** A mainland ID number (or a 15-digit old one): looked up through the blind index, in a POST body. */
const RESIDENT_ID = /^(\d{15}|\d{17}[\dX])$/

/**
 * Finds the person whose audit trail to show: by name through the people list, or by full ID
 * number through POST /api/people/lookup (the blind index), so the number never goes in a URL.
 */
export function PersonFilter({ value, onChange }: { value?: PickedPerson; onChange(person: PickedPerson | undefined): void }) {
  const { t, d } = useI18n()
  const [options, setOptions] = useState<Person[]>([])
  const [searching, setSearching] = useState(false)
  const [notFound, setNotFound] = useState(false)
  const latest = useRef(0)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  // Every people search is itself an audited list read: wait until the typing pauses.
  const searchSoon = (text: string) => {
    clearTimeout(timer.current)
    timer.current = setTimeout(() => void search(text), 400)
  }

  const search = async (text: string) => {
    const typed = text.trim()
    const call = ++latest.current
    setNotFound(false)
    if (typed.length < 1) return setOptions([])
    setSearching(true)
    try {
      const id = normalizeIdNumber(typed)
      const found = RESIDENT_ID.test(id)
        ? [await api<Person>('/api/people/lookup', { method: 'POST', body: { idType: 'resident_id', idNumber: id } })]
        : (await api<Page<Person>>('/api/people', { query: { q: typed, pageSize: 10 } })).items
      if (call !== latest.current) return
      setOptions(found)
      setNotFound(found.length === 0)
    } catch (error) {
      if (call !== latest.current) return
      setOptions([])
      setNotFound(error instanceof ApiError && error.status === 404)
    } finally {
      if (call === latest.current) setSearching(false)
    }
  }

  return (
    <Select<string>
      data-testid="audit-person"
      showSearch={{ filterOption: false, onSearch: searchSoon }}
      allowClear
      placeholder={t('audit.personSearch')}
      value={value?.id}
      loading={searching}
      notFoundContent={notFound ? t('audit.personNotFound') : null}
      onChange={(id) => {
        const person = options.find((p) => p.id === id)
        onChange(person ? { id: person.id, name: person.name } : undefined)
      }}
      options={
        value && !options.some((p) => p.id === value.id)
          ? [{ value: value.id, label: value.name }]
          : options.map((p) => ({ value: p.id, label: `${p.name} · ${p.idNumberMasked} · ${p.areaName}`, title: d.kind[p.kind] }))
      }
      style={{ width: 260 }}
    />
  )
}

import { TreeSelect } from 'antd'
import { useMemo, type CSSProperties } from 'react'
import type { Area } from '../../shared/schemas/area.ts'
import { toAreaTree } from '../lib/area-tree.ts'

interface Props {
  areas: readonly Area[]
  value?: string
  onChange?: (id: string) => void
  placeholder?: string
  style?: CSSProperties
  size?: 'small' | 'middle' | 'large'
  'data-testid'?: string
  id?: string
}

/** Picks one node of the account's area tree; searchable by name, opened down to villages. */
export function AreaTreeSelect({ areas, value, onChange, placeholder, style, size, id, ...rest }: Props) {
  const treeData = useMemo(() => toAreaTree(areas), [areas])
  // Open the first levels so a grid worker sees their grids and a city admin the districts.
  const expanded = useMemo(
    () => areas.filter((a) => a.level === 'city' || a.level === 'district' || a.level === 'village').map((a) => a.id),
    [areas],
  )
  return (
    <TreeSelect
      id={id}
      data-testid={rest['data-testid']}
      style={style}
      size={size}
      value={value}
      onChange={(next: string) => onChange?.(next)}
      treeData={treeData}
      placeholder={placeholder}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandedKeys={expanded}
      popupMatchSelectWidth={false}
      loading={areas.length === 0}
    />
  )
}

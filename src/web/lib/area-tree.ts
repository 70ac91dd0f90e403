import type { Area } from '../../shared/schemas/area.ts'

export interface AreaTreeNode {
  value: string
  title: string
  children: AreaTreeNode[]
}

/**
 * Nests the flat list from /api/areas/tree (parents come before children, ordered by path).
 * Nodes whose parent is outside the list are roots: the account's own node.
 */
export function toAreaTree(areas: readonly Area[]): AreaTreeNode[] {
  const nodes = new Map<string, AreaTreeNode>()
  const roots: AreaTreeNode[] = []
  const sorted = [...areas].sort((a, b) => a.path.localeCompare(b.path))
  for (const area of sorted) {
    const node: AreaTreeNode = { value: area.id, title: area.name, children: [] }
    nodes.set(area.id, node)
    const parent = area.parentId ? nodes.get(area.parentId) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}

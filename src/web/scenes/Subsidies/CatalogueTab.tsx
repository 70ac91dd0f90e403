import { useAccount } from '../../hooks/useSession.ts'
import { ROLES_RUNNING_SUBSIDIES } from '../../../shared/schemas/subsidies.ts'
import { EnterpriseCatalogue } from './EnterpriseCatalogue.tsx'
import { PolicyTable } from './PolicyTable.tsx'

/** 政策目录: an enterprise sees what it may apply for and why not; officers keep the catalogue. */
export function CatalogueTab() {
  const account = useAccount()
  if (account.role === 'enterprise') return <EnterpriseCatalogue />
  return <PolicyTable editable={ROLES_RUNNING_SUBSIDIES.includes(account.role)} />
}

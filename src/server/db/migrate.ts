import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely/migration'
import type { Db } from './database.ts'
import * as m202611250001 from './migrations/202611250001_create_core.ts'
import * as m202611250002 from './migrations/202611250002_create_codes_and_gate.ts'
import * as m202611250003 from './migrations/202611250003_create_enterprise.ts'
import * as m202611250004 from './migrations/202611250004_create_devices.ts'
import * as m202611250005 from './migrations/202611250005_create_house_codes.ts'
import * as m202611250006 from './migrations/202611250006_create_subsidies.ts'
import * as m202611250007 from './migrations/202611250007_create_notices.ts'
import * as m202611250008 from './migrations/202611250008_create_recruitment.ts'
import * as m202612070101 from './migrations/202612070101_create_resident_access.ts'
import * as m202612070201 from './migrations/202612070201_create_health_status_events.ts'
import * as m202612070301 from './migrations/202612070301_add_passage_identity_check.ts'
import * as m202612070401 from './migrations/202612070401_add_self_link_revocation.ts'
import * as m202612070501 from './migrations/202612070501_add_new_arrivals.ts'
import * as m202612070701 from './migrations/202612070701_summarise_audit_reads.ts'
import * as m202612070801 from './migrations/202612070801_create_login_throttle.ts'
import * as m202612080001 from './migrations/202612080001_index_passages_by_time.ts'
import * as m202612080002 from './migrations/202612080002_index_people_by_id_number.ts'
import * as m202612080003 from './migrations/202612080003_create_area_tally.ts'
import * as m202612080301 from './migrations/202612080301_add_payout_approval_and_result_imports.ts'
import * as m202612080601 from './migrations/202612080601_add_session_device_and_two_factor.ts'
import * as m202612080701 from './migrations/202612080701_create_health_platforms.ts'

/**
 * Migrations are listed here in order rather than read from the folder, so the same list
 * works under tsx, the bundled CLI and tests. Never edit one once merged; add the next file.
 */
const MIGRATIONS: Record<string, Migration> = {
  '202611250001_create_core': m202611250001,
  '202611250002_create_codes_and_gate': m202611250002,
  '202611250003_create_enterprise': m202611250003,
  '202611250004_create_devices': m202611250004,
  '202611250005_create_house_codes': m202611250005,
  '202611250006_create_subsidies': m202611250006,
  '202611250007_create_notices': m202611250007,
  '202611250008_create_recruitment': m202611250008,
  '202612070101_create_resident_access': m202612070101,
  '202612070201_create_health_status_events': m202612070201,
  '202612070301_add_passage_identity_check': m202612070301,
  '202612070401_add_self_link_revocation': m202612070401,
  '202612070501_add_new_arrivals': m202612070501,
  '202612070701_summarise_audit_reads': m202612070701,
  '202612070801_create_login_throttle': m202612070801,
  '202612080001_index_passages_by_time': m202612080001,
  '202612080002_index_people_by_id_number': m202612080002,
  '202612080003_create_area_tally': m202612080003,
  '202612080301_add_payout_approval_and_result_imports': m202612080301,
  '202612080601_add_session_device_and_two_factor': m202612080601,
  '202612080701_create_health_platforms': m202612080701,
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS }

/**
 * Applies every pending migration, in order.
 * @throws the first migration error, after rolling that migration back
 */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider })
  const result = await migrator.migrateToLatest()
  if (result.error) throw result.error
  return result
}

import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'
import type { Industry } from '../../../shared/schemas/enterprise.ts'
import type { MemberRole, TeamKind } from '../../../shared/schemas/enterprise-experts.ts'
import type { ExpertField, ProblemCategory, ProblemState } from '../../../shared/schemas/enterprise-problem.ts'
import type { ResumptionStatus } from '../../../shared/schemas/enterprise-resumption.ts'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type Json<T> = ColumnType<T, string, string>

export interface EnterpriseTable {
  id: Generated<string>
  area_id: string
  name: string
  credit_code: string
  industry: Industry
  above_scale: Generated<boolean>
  staff_local: Generated<number>
  staff_other_province: Generated<number>
  address: string | null
  contact_name: string | null
  contact_phone_enc: string | null
  resumed_at: Date | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: ColumnType<Date, Date | undefined, Date>
}
export type EnterpriseRow = Selectable<EnterpriseTable>
export type NewEnterpriseRow = Insertable<EnterpriseTable>

/** The column this module adds to `account` (db/database.ts merges it into the account table type). */
export interface AccountEnterpriseLink {
  enterprise_id: string | null
}

export interface ServiceTeamTable {
  id: Generated<string>
  area_id: string
  name: string
  kind: TeamKind
  field: ExpertField | null
  industry: Industry | null
  formation: string | null
  created_at: CreatedAt
}

export interface ServiceTeamMemberTable {
  id: Generated<string>
  team_id: string
  account_id: string | null
  name: string
  role: MemberRole
  title: string | null
  created_at: CreatedAt
}

export interface ServiceAssignmentTable {
  id: Generated<string>
  enterprise_id: string
  area_id: string
  owner_account_id: string
  team_id: string | null
  started_at: ColumnType<Date, Date | undefined, never>
  ended_at: Date | null
  assigned_by: string | null
  note: string | null
}

export interface ResumptionApplicationTable {
  id: Generated<string>
  enterprise_id: string
  area_id: string
  status: ResumptionStatus
  checklist: Json<unknown>
  staff_plan: Json<unknown>
  ppe: Json<unknown>
  vehicle_passes: Json<unknown>
  note: string | null
  submitted_by: string | null
  submitted_at: ColumnType<Date, Date | undefined, never>
  decided_by: string | null
  decided_at: Date | null
  decision_note: string | null
}
export type ResumptionRow = Selectable<ResumptionApplicationTable>

export interface ProblemTable {
  id: Generated<string>
  enterprise_id: string
  area_id: string
  category: ProblemCategory
  title: string
  description: string
  state: ProblemState
  expert_field: ExpertField | null
  expert_team_id: string | null
  owner_account_id: string | null
  reported_by: string | null
  reported_at: ColumnType<Date, Date | undefined, never>
  sla_working_days: number
  accepted_at: Date | null
  round: Generated<number>
  due_on: string | null
  resolved_at: Date | null
  resolution: string | null
  closed_at: Date | null
  satisfaction: number | null
  updated_at: ColumnType<Date, Date | undefined, Date>
}
export type ProblemRow = Selectable<ProblemTable>

export interface ProblemEventTable {
  id: Generated<string>
  problem_id: string
  area_id: string
  action: string
  from_state: ProblemState | null
  to_state: ProblemState | null
  actor_account_id: string | null
  at: ColumnType<Date, Date | undefined, never>
  note: string | null
}

export interface ProblemEscalationTable {
  problem_id: string
  round: number
  level: 'warning' | 'street' | 'district' | 'city'
  area_id: string
  at: Date
}

export interface ProblemAttachmentTable {
  id: Generated<string>
  problem_id: string
  area_id: string
  file_name: string
  content_type: string
  size: number
  content: Uint8Array
  uploaded_by: string | null
  uploaded_at: CreatedAt
}

export interface WorkCalendarYearTable {
  year: number
  source: 'shipped' | 'import'
  provisional: boolean
  notices: Json<string[]>
  imported_by: string | null
  imported_at: ColumnType<Date, Date | undefined, Date>
}

export interface WorkCalendarDayTable {
  year: number
  day: string
  kind: 'holiday' | 'workday'
  name: string
}

export interface ExpertSlotTable {
  id: Generated<string>
  team_id: string
  member_id: string
  area_id: string
  starts_at: Date
  ends_at: Date
  mode: 'visit' | 'remote'
  created_at: CreatedAt
}

export interface ExpertBookingTable {
  id: Generated<string>
  slot_id: string
  enterprise_id: string
  area_id: string
  problem_id: string | null
  topic: string
  status: 'booked' | 'visited' | 'cancelled'
  visit_record: string | null
  visited_at: Date | null
  booked_by: string | null
  booked_at: CreatedAt
  cancelled_at: Date | null
}

export interface ExpertConsultationTable {
  id: Generated<string>
  kind: 'remote' | 'panel'
  enterprise_id: string
  area_id: string
  problem_id: string | null
  topic: string
  scheduled_at: Date
  video_link: string | null
  status: 'scheduled' | 'concluded'
  notes: string | null
  conclusion: string | null
  created_by: string | null
  created_at: CreatedAt
  concluded_by: string | null
  concluded_at: Date | null
}

export interface ExpertConsultationMemberTable {
  consultation_id: string
  member_id: string
}

export interface ExpertPanelActionTable {
  id: Generated<string>
  consultation_id: string
  description: string
  owner_account_id: string | null
  due_on: string | null
  done_at: Date | null
}

/** This module's tables, merged into db/database.ts's Database. */
export interface EnterpriseTables {
  enterprise: EnterpriseTable
  service_team: ServiceTeamTable
  service_team_member: ServiceTeamMemberTable
  service_assignment: ServiceAssignmentTable
  resumption_application: ResumptionApplicationTable
  problem: ProblemTable
  problem_event: ProblemEventTable
  problem_escalation: ProblemEscalationTable
  problem_attachment: ProblemAttachmentTable
  work_calendar_year: WorkCalendarYearTable
  work_calendar_day: WorkCalendarDayTable
  expert_slot: ExpertSlotTable
  expert_booking: ExpertBookingTable
  expert_consultation: ExpertConsultationTable
  expert_consultation_member: ExpertConsultationMemberTable
  expert_panel_action: ExpertPanelActionTable
}

import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'
import type { PostingState, SignupState } from '../../../shared/schemas/recruitment.ts'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type UpdatedAt = ColumnType<Date, Date | undefined, Date>
/** int8 comes back as a string from pg (a number or bigint from PGlite): read it with Number(). */
type Int8 = ColumnType<string | number | bigint, number | string, number | string>

export interface RecruitmentTeamTable {
  id: Generated<string>
  area_id: string
  name: string
  leader_name: string
  quota: number
  starts_on: string
  ends_on: string | null
  created_at: CreatedAt
  updated_at: UpdatedAt
}
export type TeamRow = Selectable<RecruitmentTeamTable>

export interface RecruitmentTeamMemberTable {
  id: Generated<string>
  team_id: string
  account_id: string | null
  name: string
}

export interface RecruitmentRegionTable {
  id: Generated<string>
  team_id: string
  area_id: string
  province: string
  city: string
  county: string | null
  name: string
  position: Generated<number>
}
export type RegionRow = Selectable<RecruitmentRegionTable>

export interface JobPostingTable {
  id: Generated<string>
  enterprise_id: string
  area_id: string
  title: string
  positions: number
  wage_min_fen: Int8
  wage_max_fen: Int8
  location: string
  requirements: string | null
  state: PostingState
  created_by: string | null
  created_at: CreatedAt
  updated_at: UpdatedAt
}
export type PostingRow = Selectable<JobPostingTable>

export interface CollectionPointTable {
  id: Generated<string>
  team_id: string
  region_id: string
  area_id: string
  name: string
  address: string
  meets_at: Date
}

export interface BusTable {
  id: Generated<string>
  point_id: string
  team_id: string
  area_id: string
  plate: string
  departs_at: Date
  seats: number
  seats_taken: Generated<number>
  destination: string
}
export type BusRow = Selectable<BusTable>

export interface RecruitmentSignupTable {
  id: Generated<string>
  serial: ColumnType<string | number | bigint, never, never>
  team_id: string
  region_id: string
  area_id: string
  name: string
  phone_enc: string
  phone_index: string
  job_posting_id: string | null
  job_wanted: string | null
  state: Generated<SignupState>
  created_at: CreatedAt
  updated_at: UpdatedAt
}
export type SignupRow = Selectable<RecruitmentSignupTable>
export type NewSignupRow = Insertable<RecruitmentSignupTable>

export interface BusSeatTable {
  id: Generated<string>
  bus_id: string
  signup_id: string
  area_id: string
  booked_at: CreatedAt
}

export interface RecruitmentHireTable {
  id: Generated<string>
  signup_id: string
  job_posting_id: string
  enterprise_id: string
  area_id: string
  confirmed_by: string | null
  confirmed_at: CreatedAt
}

/** This module's tables, merged into the Database interface (db/database.ts). */
export interface RecruitmentTables {
  recruitment_team: RecruitmentTeamTable
  recruitment_team_member: RecruitmentTeamMemberTable
  recruitment_region: RecruitmentRegionTable
  job_posting: JobPostingTable
  collection_point: CollectionPointTable
  bus: BusTable
  recruitment_signup: RecruitmentSignupTable
  bus_seat: BusSeatTable
  recruitment_hire: RecruitmentHireTable
}

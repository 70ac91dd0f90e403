/** Roles from PRODUCT.md. An account has one role and one area node. */
export const ROLES = [
  'admin',
  'leader',
  'grid_worker',
  'village_cadre',
  'fire_inspector',
  'landlord',
  'tenant',
  'guard',
  'doctor',
  'health_officer',
  'enterprise',
  'liaison',
  'expert',
  'policy_officer',
  'recruiter',
] as const
export type Role = (typeof ROLES)[number]

/** Roles that may see a full ID number or phone (each reveal is audited). */
export const ROLES_SEEING_FULL_IDENTITY: readonly Role[] = ['admin', 'grid_worker', 'health_officer']

/** Roles that register and edit people in their area. */
export const ROLES_EDITING_PEOPLE: readonly Role[] = ['admin', 'grid_worker', 'village_cadre']

/** Roles that may read the people registry of their area. */
export const ROLES_READING_PEOPLE: readonly Role[] = ['admin', 'leader', 'grid_worker', 'village_cadre', 'fire_inspector', 'health_officer']

/** Roles that browse the audit log. */
export const ROLES_READING_AUDIT: readonly Role[] = ['admin']

/** Roles that scan at a checkpoint (乐闪通); the server's gate routes allow the same. */
export const ROLES_AT_GATE: readonly Role[] = ['admin', 'guard', 'grid_worker', 'village_cadre']

/** Roles of the enterprise module (复工复产): the menu shows it to these. */
export const ROLES_IN_ENTERPRISE_MODULE: readonly Role[] = ['admin', 'leader', 'liaison', 'expert', 'enterprise']

/** Roles that register enterprises, own and handle their problems, and decide resumption. */
export const ROLES_SERVING_ENTERPRISES: readonly Role[] = ['admin', 'liaison']

/** Roles that read the area office board (problems and resumption per area). */
export const ROLES_READING_ENTERPRISE_BOARD: readonly Role[] = ['admin', 'leader', 'liaison']

/** Roles that keep expert slots, record visits and run consultations (两专服务团). */
export const ROLES_RUNNING_EXPERT_SERVICE: readonly Role[] = ['admin', 'liaison', 'expert']

import { DomainError } from '../../errors.ts'

/** The subsidy module's errors; their codes (subsidy.*) are worded in shared/messages.ts. */

type FieldProblem = { field: string; code: string; message?: string }

/** A rule failed: each failing rule's explanation is a field error on policyId. */
export class IneligibleError extends DomainError {
  constructor(explanations: string[]) {
    super(
      'subsidy.ineligible',
      422,
      'the enterprise does not meet the policy rules',
      explanations.map((message) => ({ field: 'policyId', code: 'subsidy.ineligible', message })),
    )
  }
}

/** Unpublished, closed, or today outside opensOn..closesOn. */
export class PolicyNotOpenError extends DomainError {
  constructor() {
    super('subsidy.notOpen', 422, 'the policy is not open for applications today', [{ field: 'policyId', code: 'subsidy.notOpen' }])
  }
}

/** Inputs, documents or amount refused, one field error each (inputs.<key>, documents.<key>). */
export class ApplicationInvalidError extends DomainError {
  constructor(fields: FieldProblem[]) {
    super('subsidy.invalidApplication', 422, 'the application is incomplete or invalid', fields)
  }
}

export class BudgetExhaustedError extends DomainError {
  constructor() {
    super('subsidy.budgetExhausted', 409, 'the remaining budget cannot cover this amount')
  }
}

export class DuplicateApplicationError extends DomainError {
  constructor(existingNumber: string, message: string) {
    super('subsidy.duplicateApplication', 409, `existing application ${existingNumber}`, [
      { field: 'period', code: 'subsidy.duplicateApplication', message },
    ])
  }
}

export class LevelAlreadyDecidedError extends DomainError {
  constructor() {
    super('subsidy.levelAlreadyDecided', 409, 'this approval level is not pending', [
      { field: 'level', code: 'subsidy.levelAlreadyDecided' },
    ])
  }
}

/** Four eyes: one officer approves at most one level of an application in a round. */
export class SameOfficerError extends DomainError {
  constructor() {
    super('subsidy.sameOfficer', 409, 'this officer already approved another level')
  }
}

/** Four eyes between filing and approving: an officer who filed (or refiled) this round cannot approve it. */
export class OwnFilingError extends DomainError {
  constructor() {
    super('subsidy.ownFiling', 409, 'this officer filed the application in this round')
  }
}

export class ApplicationStateError extends DomainError {
  constructor(state: string, action: string) {
    super('subsidy.illegalState', 409, `cannot ${action} an application that is ${state}`)
  }
}

export class BudgetBelowCommittedError extends DomainError {
  constructor() {
    super('subsidy.budgetBelowCommitted', 409, 'the budget is below the committed amount', [
      { field: 'budgetFen', code: 'subsidy.budgetBelowCommitted' },
    ])
  }
}

export class PolicyCodeTakenError extends DomainError {
  constructor() {
    super('subsidy.policyCodeTaken', 409, 'policy code already used', [{ field: 'code', code: 'subsidy.policyCodeTaken' }])
  }
}

export class PolicyTransitionError extends DomainError {
  constructor(from: string, to: string) {
    super('subsidy.policyTransition', 409, `cannot move a policy from ${from} to ${to}`, [
      { field: 'state', code: 'subsidy.policyTransition' },
    ])
  }
}

export class EnterpriseNeededError extends DomainError {
  constructor() {
    super('subsidy.enterpriseNeeded', 422, 'staff must name the enterprise', [{ field: 'enterpriseId', code: 'subsidy.enterpriseNeeded' }])
  }
}

/** The enterprise's area is not in the policy's subtree (a Lucheng enterprise and an Ouhai policy). */
export class OutsidePolicyAreaError extends DomainError {
  constructor() {
    super('subsidy.areaOutsidePolicy', 422, 'the enterprise is outside the policy area', [
      { field: 'enterpriseId', code: 'subsidy.areaOutsidePolicy' },
    ])
  }
}

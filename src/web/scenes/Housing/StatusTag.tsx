import { Tag } from 'antd'
import type { PropertyStatus } from '../../../shared/schemas/housing.ts'
import type { RegistrationStatus } from '../../../shared/schemas/housing-registration.ts'
import { useI18n } from '../../hooks/useI18n.ts'

const STATUS_COLOURS: Record<PropertyStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  under_inspection: 'processing',
  passed: 'cyan',
  returned: 'warning',
  code_issued: 'success',
  suspended: 'orange',
  revoked: 'error',
}

const REGISTRATION_COLOURS: Record<RegistrationStatus, string> = {
  unconfirmed: 'default',
  pending: 'processing',
  accepted: 'success',
  refused: 'error',
}

/** A property's application state as a coloured tag. */
export function StatusTag({ status }: { status: PropertyStatus }) {
  const { d } = useI18n()
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="property-status">
      {d.housing.status[status]}
    </Tag>
  )
}

/** A tenant registration's state as a coloured tag. */
export function RegistrationTag({ status }: { status: RegistrationStatus }) {
  const { d } = useI18n()
  return <Tag color={REGISTRATION_COLOURS[status]}>{d.housing.registration[status]}</Tag>
}

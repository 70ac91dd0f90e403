import { ArrowLeftOutlined } from '@ant-design/icons'
import { Button, Card, Col, Descriptions, Row, Skeleton } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import { INSPECTOR_ROLES, type InspectorRole, type PropertyDetail } from '../../../shared/schemas/housing.ts'
import { LoadError } from '../../components/LoadError.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { useApiData } from '../../hooks/useApiData.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'
import { ApplicationFormModal } from './ApplicationFormModal.tsx'
import { FilesCard, HistoryCard, InspectionsCard } from './ApplicationCards.tsx'
import { InspectionModal } from './InspectionModal.tsx'
import { PropertyActions } from './PropertyActions.tsx'
import { OccupancyBar } from './PropertyTable.tsx'
import { StatusTag } from './StatusTag.tsx'
import { OccupantsCard, RegistrationsCard } from './TenantCards.tsx'
import './housing.css'

/**
 * One rental property: its application, the three inspections, its code, the tenants waiting
 * for review and the occupants. What each role may do shows as buttons in the header.
 */
export function PropertyPage() {
  const { t } = useI18n()
  const account = useAccount()
  const navigate = useNavigate()
  const { propertyId } = useParams()
  const [version, setVersion] = useState(0)
  const [editing, setEditing] = useState(false)
  const [inspecting, setInspecting] = useState(false)
  const { data: property, error, reload } = useApiData<PropertyDetail>(`/api/housing/properties/${propertyId}`, undefined, version)
  const changed = () => setVersion((v) => v + 1)

  const back = (
    <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/housing')} style={{ paddingLeft: 0 }}>
      {t('housing.back')}
    </Button>
  )
  if (error) {
    return (
      <>
        {back}
        <LoadError error={error} onRetry={reload} />
      </>
    )
  }
  if (!property || property.id !== propertyId) return <Skeleton active />
  const landlordCanUpload = property.status === 'draft' || property.status === 'returned'
  const hasCode = property.status === 'code_issued' || property.status === 'suspended' || property.status === 'revoked'

  return (
    <>
      {back}
      <PageHeader
        title={<span data-testid="property-address">{property.address}</span>}
        after={<StatusTag status={property.status} />}
        extra={
          <PropertyActions property={property} onChanged={changed} onEdit={() => setEditing(true)} onInspect={() => setInspecting(true)} />
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('housing.section.info')}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'area', label: t('col.area'), children: property.areaName },
                { key: 'landlord', label: t('housing.col.landlord'), children: property.landlordName },
                {
                  key: 'rooms',
                  label: `${t('housing.col.rooms')} / ${t('housing.col.beds')}`,
                  children: `${property.rooms} / ${property.beds}`,
                },
                {
                  key: 'capacity',
                  label: t('housing.col.capacity'),
                  children: <OccupancyBar occupants={property.occupants} capacity={property.capacity} />,
                },
                { key: 'round', label: t('housing.col.round'), children: property.round },
                ...(property.submittedAt
                  ? [
                      {
                        key: 'submitted',
                        label: t('housing.col.submitted'),
                        children: dayjs(property.submittedAt).format('YYYY-MM-DD HH:mm'),
                      },
                    ]
                  : []),
                ...(property.codeExpiresAt && property.status === 'code_issued'
                  ? [
                      {
                        key: 'code',
                        label: t('housing.poster.title'),
                        children: t('housing.codeValid', { date: dayjs(property.codeExpiresAt).format('YYYY-MM-DD') }),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <FilesCard
            property={property}
            canUpload={account.role !== 'fire_inspector' && account.role !== 'leader' && landlordCanUpload}
            onUploaded={changed}
          />
        </Col>
        {hasCode ? (
          <>
            <Col xs={24}>
              <RegistrationsCard property={property} version={version} onChanged={changed} />
            </Col>
            <Col xs={24}>
              <OccupantsCard property={property} version={version} onChanged={changed} />
            </Col>
          </>
        ) : null}
        <Col xs={24} xl={14}>
          <InspectionsCard property={property} />
        </Col>
        <Col xs={24} xl={10}>
          <HistoryCard property={property} />
        </Col>
      </Row>
      <ApplicationFormModal
        open={editing}
        editing={property}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false)
          changed()
        }}
      />
      {(INSPECTOR_ROLES as readonly string[]).includes(account.role) ? (
        <InspectionModal
          property={property}
          role={account.role as InspectorRole}
          open={inspecting}
          onClose={() => setInspecting(false)}
          onSigned={() => {
            setInspecting(false)
            changed()
          }}
        />
      ) : null}
    </>
  )
}

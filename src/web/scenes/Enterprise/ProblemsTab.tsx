import { PlusOutlined } from '@ant-design/icons'
import { Button } from 'antd'
import { useState } from 'react'
import { ROLES_SERVING_ENTERPRISES } from '../../../shared/roles.ts'
import { useI18n } from '../../hooks/useI18n.ts'
import { useAccount } from '../../hooks/useSession.ts'
import { ProblemDrawer } from './ProblemDrawer.tsx'
import { ProblemList } from './ProblemList.tsx'
import { ProblemReportModal } from './ProblemReportModal.tsx'

/** The work list (mine, by deadline) or the area's problems, with the drawer and, for staff, reporting. */
export function ProblemsTab({
  view,
  sort,
  areaId,
  testId,
}: {
  view: 'all' | 'mine'
  sort: 'deadline' | 'newest'
  areaId?: string
  testId: string
}) {
  const { t } = useI18n()
  const account = useAccount()
  const [version, setVersion] = useState(0)
  const [openId, setOpenId] = useState<string>()
  const [reporting, setReporting] = useState(false)
  const canReport = ROLES_SERVING_ENTERPRISES.includes(account.role)
  return (
    <>
      <ProblemList
        view={view}
        sort={sort}
        areaId={areaId}
        version={version}
        testId={testId}
        onOpen={(p) => setOpenId(p.id)}
        extra={
          canReport ? (
            <Button icon={<PlusOutlined />} onClick={() => setReporting(true)}>
              {t('ent.report')}
            </Button>
          ) : null
        }
      />
      <ProblemDrawer problemId={openId} onClose={() => setOpenId(undefined)} onChanged={() => setVersion((v) => v + 1)} />
      <ProblemReportModal
        open={reporting}
        chooseEnterprise
        onClose={() => setReporting(false)}
        onReported={(p) => {
          setReporting(false)
          setVersion((v) => v + 1)
          setOpenId(p.id)
        }}
      />
    </>
  )
}

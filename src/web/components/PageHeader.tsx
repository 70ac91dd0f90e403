import { Typography } from 'antd'
import type { ReactNode } from 'react'

/** Title row of a page: title (and what follows it) on the left, actions on the right. */
export function PageHeader({ title, after, extra }: { title: ReactNode; after?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="gl-page-header">
      <div className="gl-page-title">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {after}
      </div>
      {extra ? <div className="gl-page-extra">{extra}</div> : null}
    </div>
  )
}

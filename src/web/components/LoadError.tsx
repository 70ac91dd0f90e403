import { Alert, Button } from 'antd'
import { errorText } from '../api/client.ts'
import { useI18n } from '../hooks/useI18n.ts'

/** A failed load, with the server's (localised) reason and a retry. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n()
  return (
    <Alert
      type="error"
      showIcon
      title={t('common.loadFailed')}
      description={errorText(error)}
      action={
        <Button size="small" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      }
      style={{ marginBottom: 16 }}
    />
  )
}

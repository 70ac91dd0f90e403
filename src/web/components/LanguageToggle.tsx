import { GlobalOutlined } from '@ant-design/icons'
import { Button } from 'antd'
import { useI18n } from '../hooks/useI18n.ts'

/** Switches between 中文 and English; the label names the language you switch to. */
export function LanguageToggle({ ghost }: { ghost?: boolean }) {
  const { locale, setLocale, t } = useI18n()
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      style={ghost ? { color: 'rgba(255,255,255,0.9)' } : undefined}
      onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
      data-testid="lang-toggle"
      lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}
    >
      {t('lang.switchTo')}
    </Button>
  )
}

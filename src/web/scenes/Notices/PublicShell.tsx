import type { ReactNode } from 'react'
import { Link } from 'react-router-dom'
import { BrandMark } from '../../components/BrandMark.tsx'
import { LanguageToggle } from '../../components/LanguageToggle.tsx'
import { useI18n } from '../../hooks/useI18n.ts'
import './notices.css'

/** The frame of the public notice pages: a blue band with the title and the language toggle, one column for phones. */
export function PublicShell({ children }: { children: ReactNode }) {
  const { t } = useI18n()
  return (
    <div className="gl-notices-page">
      <header className="gl-notices-header">
        <Link to="/notices" className="gl-notices-home" aria-label={t('notices.title')}>
          <BrandMark size={30} />
        </Link>
        <div className="gl-notices-titles">
          <div className="gl-notices-title">{t('notices.title')}</div>
          <div className="gl-notices-subtitle">{t('notices.subtitle')}</div>
        </div>
        <LanguageToggle />
      </header>
      <main className="gl-notices-main">{children}</main>
      <footer className="gl-notices-footer">
        {t('app.name')} · <Link to="/login">{t('notices.staffLogin')}</Link>
      </footer>
    </div>
  )
}

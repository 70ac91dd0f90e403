import { App as AntApp, ConfigProvider } from 'antd'
import { lazy } from 'react'
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom'
import { ROLES_AT_GATE, ROLES_READING_AUDIT, ROLES_READING_PEOPLE } from '../shared/roles.ts'
import { AppShell } from './components/AppShell.tsx'
import { NotFound, RequireAuth, RequireRole } from './components/Guards.tsx'
import { SessionProvider } from './components/SessionProvider.tsx'
import { useI18n } from './hooks/useI18n.ts'
import { useAccount } from './hooks/useSession.ts'
import { ANTD_LOCALES } from './i18n/antd-locales.ts'
import { I18nProvider } from './i18n/I18nProvider.tsx'
import { LoginPage } from './scenes/Login/LoginPage.tsx'

// Pages load on first visit: the login page (often on a phone's mobile data) stays light,
// and ECharts only downloads for Home.
const HomePage = lazy(() => import('./scenes/Home/HomePage.tsx').then((m) => ({ default: m.HomePage })))
const PeoplePage = lazy(() => import('./scenes/People/PeoplePage.tsx').then((m) => ({ default: m.PeoplePage })))
const AuditPage = lazy(() => import('./scenes/Audit/AuditPage.tsx').then((m) => ({ default: m.AuditPage })))
const GatePage = lazy(() => import('./scenes/Gate/GatePage.tsx').then((m) => ({ default: m.GatePage })))

const THEME = {
  token: { colorPrimary: '#1456d9', borderRadius: 6, colorBgLayout: '#f3f5f9' },
  components: { Layout: { siderBg: '#001529', headerBg: '#ffffff' } },
}

/** A guard's work is the gate: they land on the scanner, everyone else on Home. */
function Landing() {
  const account = useAccount()
  return account.role === 'guard' ? <Navigate to="/gate" replace /> : <HomePage />
}

function Routed() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route index element={<Landing />} />
        <Route
          path="people/:personId?"
          element={
            <RequireRole roles={ROLES_READING_PEOPLE}>
              <PeoplePage />
            </RequireRole>
          }
        />
        <Route
          path="gate"
          element={
            <RequireRole roles={ROLES_AT_GATE}>
              <GatePage />
            </RequireRole>
          }
        />
        <Route
          path="audit"
          element={
            <RequireRole roles={ROLES_READING_AUDIT}>
              <AuditPage />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  )
}

/** antd follows the chosen language (date pickers, pagination, empty states). */
function Themed() {
  const { locale } = useI18n()
  return (
    <ConfigProvider locale={ANTD_LOCALES[locale]} theme={THEME}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Routed />
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  )
}

export function App() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  )
}

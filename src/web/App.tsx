import { App as AntApp, ConfigProvider } from 'antd'
import { lazy, Suspense, type ReactNode } from 'react'
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom'
import { ROLES_AT_GATE, ROLES_IN_ENTERPRISE_MODULE, ROLES_READING_AUDIT, ROLES_READING_PEOPLE } from '../shared/roles.ts'
import { ROLES_READING_HOUSING } from '../shared/schemas/housing.ts'
import { ROLES_IN_RECRUITMENT_MODULE } from '../shared/schemas/recruitment.ts'
import { ROLES_READING_ALERTS } from '../shared/schemas/alerts.ts'
import { ROLES_READING_DEVICES } from '../shared/schemas/devices.ts'
import { ROLES_FOLLOWING_RETURNEES } from '../shared/schemas/returnees.ts'
import { ROLES_READING_NOTICE_DESK } from '../shared/schemas/notices.ts'
import { ROLES_IN_SUBSIDY_MODULE } from '../shared/schemas/subsidies.ts'
import { ROLES_HEALTH_AUTHORITY } from '../shared/schemas/codes.ts'
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
const EnterprisePage = lazy(() => import('./scenes/Enterprise/EnterprisePage.tsx').then((m) => ({ default: m.EnterprisePage })))
const SubsidiesPage = lazy(() => import('./scenes/Subsidies/SubsidiesPage.tsx').then((m) => ({ default: m.SubsidiesPage })))
const HousingPage = lazy(() => import('./scenes/Housing/HousingPage.tsx').then((m) => ({ default: m.HousingPage })))
const PropertyPage = lazy(() => import('./scenes/Housing/PropertyPage.tsx').then((m) => ({ default: m.PropertyPage })))
const PosterPage = lazy(() => import('./scenes/Housing/PosterPage.tsx').then((m) => ({ default: m.PosterPage })))
const PosterBatchPage = lazy(() => import('./scenes/Housing/PosterBatchPage.tsx').then((m) => ({ default: m.PosterBatchPage })))
const AlertsPage = lazy(() => import('./scenes/Alerts/AlertsPage.tsx').then((m) => ({ default: m.AlertsPage })))
const ReturneesPage = lazy(() => import('./scenes/Returnees/ReturneesPage.tsx').then((m) => ({ default: m.ReturneesPage })))
const IsolationPage = lazy(() => import('./scenes/Isolation/IsolationPage.tsx').then((m) => ({ default: m.IsolationPage })))
const ConsultationsPage = lazy(() => import('./scenes/Isolation/ConsultationsPanel.tsx').then((m) => ({ default: m.ConsultationsPanel })))
const SelfServicePage = lazy(() => import('./scenes/SelfService/SelfServicePage.tsx').then((m) => ({ default: m.SelfServicePage })))
const RegisterPage = lazy(() => import('./scenes/HousingRegister/RegisterPage.tsx').then((m) => ({ default: m.RegisterPage })))
const RecruitmentPage = lazy(() => import('./scenes/Recruitment/RecruitmentPage.tsx').then((m) => ({ default: m.RecruitmentPage })))
const JoinPage = lazy(() => import('./scenes/Join/JoinPage.tsx').then((m) => ({ default: m.JoinPage })))
const NoticesPage = lazy(() => import('./scenes/Notices/NoticesPage.tsx').then((m) => ({ default: m.NoticesPage })))
const NoticePage = lazy(() => import('./scenes/Notices/NoticePage.tsx').then((m) => ({ default: m.NoticePage })))
const HealthPage = lazy(() => import('./scenes/Health/HealthPage.tsx').then((m) => ({ default: m.HealthPage })))
const MePage = lazy(() => import('./scenes/Me/MePage.tsx').then((m) => ({ default: m.MePage })))
const AccountSecurityPage = lazy(() =>
  import('./scenes/AccountSecurity/AccountSecurityPage.tsx').then((m) => ({ default: m.AccountSecurityPage })),
)
const NoticesDeskPage = lazy(() => import('./scenes/Notices/NoticesDeskPage.tsx').then((m) => ({ default: m.NoticesDeskPage })))

/** Pages outside the shell (the tenant's public page, the printable poster) load on their own. */
function Standalone({ children }: { children: ReactNode }) {
  return <Suspense fallback={null}>{children}</Suspense>
}

const THEME = {
  token: { colorPrimary: '#1456d9', borderRadius: 6, colorBgLayout: '#f3f5f9' },
  components: { Layout: { siderBg: '#001529', headerBg: '#ffffff' } },
}

/** A guard's work is the gate: they land on the scanner, everyone else on Home. */
function Landing() {
  const account = useAccount()
  if (account.role === 'guard') return <Navigate to="/gate" replace />
  // A landlord's work is their properties and tenants.
  if (account.role === 'landlord') return <Navigate to="/housing" replace />
  return <HomePage />
}

function Routed() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        path="/self/:token"
        element={
          <Standalone>
            <SelfServicePage />
          </Standalone>
        }
      />
      <Route
        path="/h"
        element={
          <Standalone>
            <RegisterPage />
          </Standalone>
        }
      />
      <Route
        path="/me"
        element={
          <Standalone>
            <MePage />
          </Standalone>
        }
      />
      <Route
        path="/join"
        element={
          <Standalone>
            <JoinPage />
          </Standalone>
        }
      />
      <Route
        path="/notices"
        element={
          <Standalone>
            <NoticesPage />
          </Standalone>
        }
      />
      <Route
        path="/notices/:id"
        element={
          <Standalone>
            <NoticePage />
          </Standalone>
        }
      />
      <Route
        path="/housing/properties/:propertyId/poster"
        element={
          <RequireAuth>
            <RequireRole roles={ROLES_READING_HOUSING}>
              <Standalone>
                <PosterPage />
              </Standalone>
            </RequireRole>
          </RequireAuth>
        }
      />
      <Route
        path="/housing/posters"
        element={
          <RequireAuth>
            <RequireRole roles={ROLES_READING_HOUSING}>
              <Standalone>
                <PosterBatchPage />
              </Standalone>
            </RequireRole>
          </RequireAuth>
        }
      />
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
          path="health/:personId?"
          element={
            <RequireRole roles={ROLES_HEALTH_AUTHORITY}>
              <HealthPage />
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
          path="housing"
          element={
            <RequireRole roles={ROLES_READING_HOUSING}>
              <HousingPage />
            </RequireRole>
          }
        />
        <Route
          path="housing/properties/:propertyId"
          element={
            <RequireRole roles={ROLES_READING_HOUSING}>
              <PropertyPage />
            </RequireRole>
          }
        />
        <Route
          path="enterprise/:tab?"
          element={
            <RequireRole roles={ROLES_IN_ENTERPRISE_MODULE}>
              <EnterprisePage />
            </RequireRole>
          }
        />
        <Route
          path="recruitment/:tab?"
          element={
            <RequireRole roles={ROLES_IN_RECRUITMENT_MODULE}>
              <RecruitmentPage />
            </RequireRole>
          }
        />
        <Route
          path="subsidies/:tab?"
          element={
            <RequireRole roles={ROLES_IN_SUBSIDY_MODULE}>
              <SubsidiesPage />
            </RequireRole>
          }
        />
        <Route
          path="alerts"
          element={
            <RequireRole roles={ROLES_READING_ALERTS}>
              <AlertsPage />
            </RequireRole>
          }
        />
        <Route
          path="returnees/:returneeId?"
          element={
            <RequireRole roles={ROLES_FOLLOWING_RETURNEES}>
              <ReturneesPage />
            </RequireRole>
          }
        />
        <Route
          path="isolation/:tab?"
          element={
            <RequireRole roles={ROLES_READING_DEVICES}>
              <IsolationPage />
            </RequireRole>
          }
        />
        <Route
          path="consultations"
          element={
            <RequireRole roles={['doctor']}>
              <ConsultationsPage />
            </RequireRole>
          }
        />
        <Route
          path="notices-admin"
          element={
            <RequireRole roles={ROLES_READING_NOTICE_DESK}>
              <NoticesDeskPage />
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
        <Route path="account/security" element={<AccountSecurityPage />} />
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

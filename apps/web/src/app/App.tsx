import type { Role } from '@centinela/contracts';
import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { returnTo, useSession, useTokenRefresh } from '../shared/api/session';
import { LoginPage } from '../features/auth/LoginPage';
import { homeOf } from './home';

// Pages load on demand: the sign-in page paints without the map library, and each page brings its own code.
const named = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => lazy(() => load().then((m) => ({ default: m[name] })));
const DispatchPage = named(() => import('../features/dispatch/DispatchPage'), 'DispatchPage');
const ReportPage = named(() => import('../features/report/ReportPage'), 'ReportPage');
const RespondPage = named(() => import('../features/respond/RespondPage'), 'RespondPage');
const FollowUpsPage = named(() => import('../features/follow-ups/FollowUpsPage'), 'FollowUpsPage');
const InvitePage = named(() => import('../features/invite/InvitePage'), 'InvitePage');
const PublicMapPage = named(() => import('../features/public-map/PublicMapPage'), 'PublicMapPage');
const RespondersPage = named(() => import('../features/responders/RespondersPage'), 'RespondersPage');
const ZonesPage = named(() => import('../features/zones/ZonesPage'), 'ZonesPage');
const ReferralsPage = named(() => import('../features/referrals/ReferralsPage'), 'ReferralsPage');
const MetricsPage = named(() => import('../features/metrics/MetricsPage'), 'MetricsPage');
const DailyLogPage = named(() => import('../features/metrics/DailyLogPage'), 'DailyLogPage');
const ChannelSettingsPage = named(() => import('../features/settings/ChannelSettingsPage'), 'ChannelSettingsPage');
const ShiftsPage = named(() => import('../features/shifts/ShiftsPage'), 'ShiftsPage');
const CallSettingsPage = named(() => import('../features/hotline/CallSettingsPage'), 'CallSettingsPage');
const SubscribePage = named(() => import('../features/alerts/SubscribePage'), 'SubscribePage');
const AlertsPage = named(() => import('../features/alerts/AlertsPage'), 'AlertsPage');
const AlertPage = named(() => import('../features/alerts/AlertPage'), 'AlertPage');
const PublicAlertPage = named(() => import('../features/alerts/PublicAlertPage'), 'PublicAlertPage');
const ComposerPage = named(() => import('../features/alerts/ComposerPage'), 'ComposerPage');
const TemplatesPage = named(() => import('../features/alerts/TemplatesPage'), 'TemplatesPage');
const DrillsPage = named(() => import('../features/drills/DrillsPage'), 'DrillsPage');

function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={returnTo(location.pathname)} />;
  if (!roles.includes(session.user.role)) return <Navigate to={homeOf(session.user.role)} replace />;
  return children;
}

function Home() {
  const session = useSession();
  return <Navigate to={session ? homeOf(session.user.role) : '/login'} replace />;
}

export function App() {
  const session = useSession();
  useTokenRefresh(session);
  return (
    <BrowserRouter>
      <Suspense fallback={<div className="page-loading" aria-busy="true" />}>
        <Routes>
          <Route path="/" element={<Home />} />
          <Route path="/login" element={<LoginPage />} />
          <Route path="/report" element={<ReportPage />} />
          <Route path="/invite/:token" element={<InvitePage />} />
          <Route path="/map" element={<PublicMapPage />} />
          <Route path="/alerts" element={<SubscribePage />} />
          {/* Public, one sent alert (the link of its notification and feeds); /alerts/manage, compose, templates rank above it. */}
          <Route path="/alerts/:id" element={<PublicAlertPage />} />
          <Route
            path="/alerts/manage"
            element={
              <RequireRole roles={['dispatcher', 'coordinator']}>
                <AlertsPage />
              </RequireRole>
            }
          />
          <Route
            path="/alerts/manage/:id"
            element={
              <RequireRole roles={['dispatcher', 'coordinator']}>
                <AlertPage />
              </RequireRole>
            }
          />
          <Route
            path="/alerts/compose"
            element={
              <RequireRole roles={['dispatcher', 'coordinator']}>
                <ComposerPage />
              </RequireRole>
            }
          />
          <Route
            path="/alerts/templates"
            element={
              <RequireRole roles={['coordinator']}>
                <TemplatesPage />
              </RequireRole>
            }
          />
          <Route
            path="/drills"
            element={
              <RequireRole roles={['coordinator']}>
                <DrillsPage />
              </RequireRole>
            }
          />
          <Route
            path="/follow-ups"
            element={
              <RequireRole roles={['dispatcher', 'coordinator']}>
                <FollowUpsPage />
              </RequireRole>
            }
          />
          <Route
            path="/responders"
            element={
              <RequireRole roles={['coordinator']}>
                <RespondersPage />
              </RequireRole>
            }
          />
          <Route
            path="/hotline"
            element={
              <RequireRole roles={['dispatcher', 'coordinator']}>
                <CallSettingsPage />
              </RequireRole>
            }
          />
          <Route
            path="/dispatch"
            element={
              <RequireRole roles={['dispatcher', 'coordinator']}>
                <DispatchPage />
              </RequireRole>
            }
          />
          <Route
            path="/respond"
            element={
              <RequireRole roles={['responder']}>
                <RespondPage />
              </RequireRole>
            }
          />
          <Route
            path="/zones"
            element={
              <RequireRole roles={['coordinator']}>
                <ZonesPage />
              </RequireRole>
            }
          />
          <Route
            path="/referrals"
            element={
              <RequireRole roles={['dispatcher', 'coordinator']}>
                <ReferralsPage />
              </RequireRole>
            }
          />
          <Route
            path="/settings/channels"
            element={
              <RequireRole roles={['coordinator']}>
                <ChannelSettingsPage />
              </RequireRole>
            }
          />
          <Route
            path="/metrics"
            element={
              <RequireRole roles={['coordinator']}>
                <MetricsPage />
              </RequireRole>
            }
          />
          <Route
            path="/metrics/log"
            element={
              <RequireRole roles={['dispatcher', 'coordinator']}>
                <DailyLogPage />
              </RequireRole>
            }
          />
          <Route
            path="/shifts"
            element={
              <RequireRole roles={['dispatcher', 'coordinator', 'responder']}>
                <ShiftsPage />
              </RequireRole>
            }
          />
          <Route path="*" element={<Home />} />
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}

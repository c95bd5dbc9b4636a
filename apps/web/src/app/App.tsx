import type { Role } from '@centinela/contracts';
import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession, useTokenRefresh } from '../shared/api/session';
import { LoginPage } from '../features/auth/LoginPage';
import { DispatchPage } from '../features/dispatch/DispatchPage';
import { ReportPage } from '../features/report/ReportPage';
import { RespondPage } from '../features/respond/RespondPage';
import { FollowUpsPage } from '../features/follow-ups/FollowUpsPage';
import { InvitePage } from '../features/invite/InvitePage';
import { PublicMapPage } from '../features/public-map/PublicMapPage';
import { RespondersPage } from '../features/responders/RespondersPage';
import { ZonesPage } from '../features/zones/ZonesPage';
import { homeOf } from './home';

function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
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
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/login" element={<LoginPage />} />
        <Route path="/report" element={<ReportPage />} />
        <Route path="/invite/:token" element={<InvitePage />} />
        <Route path="/map" element={<PublicMapPage />} />
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
        <Route path="*" element={<Home />} />
      </Routes>
    </BrowserRouter>
  );
}

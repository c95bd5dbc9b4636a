import type { MouseEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { logout, useSession } from '../api/session';
import type { LiveStatus } from '../socket/live';
import { LanguageSwitch } from './LanguageSwitch';
import { ThemeSwitch } from './ThemeSwitch';

/**
 * Moves keyboard focus to the page's main landmark (every page has one, `id="main"`). The link alone would scroll to
 * it but leave focus where it was in some browsers, and change the URL's hash, which the router would see.
 */
function skipToMain(event: MouseEvent<HTMLAnchorElement>): void {
  const main = document.getElementById('main');
  if (!main) return;
  event.preventDefault();
  main.tabIndex = -1;
  main.focus();
}

/** The top bar: who is signed in, where they can go, live connection state, language, sign out. */
export function Header({ status, children }: { status?: LiveStatus; children?: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const role = session?.user.role;
  return (
    <header className="topbar">
      {/* The first thing Tab reaches: past the dozen links of the top bar, straight to the page (WCAG 2.4.1). */}
      <a className="skip-link" href="#main" onClick={skipToMain}>
        {t('common.skipToContent')}
      </a>
      <span className="brand">
        <span className="brand-mark" aria-hidden>
          ◉
        </span>
        <span className="brand-name">Centinela</span>
      </span>
      <nav>
        {(role === 'dispatcher' || role === 'coordinator') && <NavLink to="/dispatch">{t('nav.map')}</NavLink>}
        {(role === 'dispatcher' || role === 'coordinator') && <NavLink to="/follow-ups">{t('nav.followUps')}</NavLink>}
        {(role === 'dispatcher' || role === 'coordinator') && <NavLink to="/referrals">{t('nav.referrals')}</NavLink>}
        {(role === 'dispatcher' || role === 'coordinator') && <NavLink to="/hotline">{t('nav.hotline')}</NavLink>}
        {(role === 'dispatcher' || role === 'coordinator') && <NavLink to="/alerts/manage">{t('nav.communityAlerts')}</NavLink>}
        {role === 'coordinator' && <NavLink to="/drills">{t('nav.drills')}</NavLink>}
        {role === 'coordinator' && (
          <NavLink to="/metrics" end>
            {t('nav.metrics')}
          </NavLink>
        )}
        {role === 'dispatcher' && <NavLink to="/metrics/log">{t('nav.dailyLog')}</NavLink>}
        {role === 'coordinator' && <NavLink to="/zones">{t('nav.zones')}</NavLink>}
        {role === 'coordinator' && <NavLink to="/responders">{t('nav.responders')}</NavLink>}
        {role === 'coordinator' && <NavLink to="/settings/channels">{t('nav.channels')}</NavLink>}
        {role === 'responder' && <NavLink to="/respond">{t('nav.pings')}</NavLink>}
        {role && <NavLink to="/shifts">{t('nav.shifts')}</NavLink>}
      </nav>
      {children}
      <span className="spacer" />
      {status && (
        <span className={`live-status ${status}`} data-testid="live-status" title={t(`live.${status}`)}>
          {t(`live.${status}`)}
        </span>
      )}
      <ThemeSwitch />
      <LanguageSwitch />
      {session && (
        <button type="button" className="link" onClick={() => void logout()} title={session.user.username}>
          <span className="who">{session.user.username} · </span>
          {t('auth.signOut')}
        </button>
      )}
    </header>
  );
}

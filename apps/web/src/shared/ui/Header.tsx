import { type KeyboardEvent, type MouseEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
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

/**
 * The narrow-screen menu (a disclosure): the button says whether it is open; opening moves focus to the current
 * page's link; Esc closes it and gives focus back to the button; a click elsewhere or Tab past the last link closes it.
 */
function useMenu() {
  const [open, setOpen] = useState(false);
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const navRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return;
    const links = [...(navRef.current?.querySelectorAll<HTMLAnchorElement>('a') ?? [])];
    (links.find((a) => a.getAttribute('aria-current') === 'page') ?? links[0])?.focus();
    const away = (event: Event) => {
      const target = event.target as Node;
      if (!navRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    document.addEventListener('focusin', away);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('focusin', away);
    };
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    // The menu's Esc, not the page's (the dispatch console's Esc closes the incident).
    event.stopPropagation();
    setOpen(false);
    buttonRef.current?.focus();
  };
  return { open, id, buttonRef, navRef, onKeyDown, toggle: () => setOpen((o) => !o) };
}

/** The top bar: who is signed in, where they can go, live connection state, language, sign out. */
export function Header({ status, children }: { status?: LiveStatus; children?: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const role = session?.user.role;
  const menu = useMenu();
  return (
    <header className="topbar" onKeyDown={menu.onKeyDown}>
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
      {/* Narrow screens: the pages' links behind one button, opened as a list under the bar (wide ones show them all). */}
      {role && (
        <button
          type="button"
          ref={menu.buttonRef}
          className="menu-button"
          aria-expanded={menu.open}
          aria-controls={menu.id}
          onClick={menu.toggle}
          data-testid="menu-button"
        >
          <span aria-hidden>☰</span> {t('nav.menu')}
        </button>
      )}
      <nav id={menu.id} ref={menu.navRef} className={menu.open ? 'open' : undefined} aria-label={t('nav.pages')}>
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

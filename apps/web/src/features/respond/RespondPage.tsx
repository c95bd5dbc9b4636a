import type { Ping, Responder } from '@centinela/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client';
import { useLiveEvent, useLiveSocket } from '../../shared/socket/live';
import { announce } from '../../shared/ui/announce';
import { ConfirmDanger } from '../../shared/ui/ConfirmDanger';
import { Header } from '../../shared/ui/Header';
import { usePageTitle } from '../../shared/ui/page-title';
import { useNow } from '../../shared/ui/time';
import { alertNewPing } from './alert';
import { flush, queuedAnswers } from './answer-queue';
import { PingCard } from './PingCard';
import { enablePush, pushSupported } from './push';
import { useInstallPrompt } from './useInstallPrompt';
import { useLocationSharing } from './useLocationSharing';
import { useMyPosition } from './useMyPosition';
import { usePings } from './usePings';

const SHARE_KEY = 'centinela.share-location';
/** How often queued answers are retried while the phone is online (the API's 503 says Retry-After: 5). */
const RETRY_QUEUED_MS = 5_000;

/** The responder's phone: on duty or not, sharing location or not, and the pings to answer, newest first. */
export function RespondPage() {
  const { t } = useTranslation();
  usePageTitle(t('respond.pings'));
  const reloadRef = useRef<() => void>(() => undefined);
  const { socket, status } = useLiveSocket(() => reloadRef.current());
  const [me, setMe] = useState<Responder | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [sharing, setSharing] = useState(localStorage.getItem(SHARE_KEY) === 'true');
  const [pushOn, setPushOn] = useState(pushSupported() && Notification.permission === 'granted');
  const [confirmOff, setConfirmOff] = useState(false);
  const install = useInstallPrompt();
  const onNew = useCallback(
    (ping: Ping) => {
      setFresh((prev) => new Set(prev).add(ping.id));
      alertNewPing();
      const what = `${t(`activity.${ping.sighting.activity}`)} · ${t(`agency.${ping.sighting.agency}`)}`;
      const details = [ping.drill && t('drills.badge'), what, ping.sighting.locationDescription].filter(Boolean).join('. ');
      announce(t('respond.newPingSaid', { details }), 'assertive');
    },
    [t],
  );
  const { pings, reload, replace } = usePings(socket, onNew);
  const { position, locate, setPosition } = useMyPosition();
  const now = useNow();
  reloadRef.current = () =>
    void reload().then(
      () => flush(replace),
      () => undefined,
    );

  useEffect(() => {
    void api<Responder>('GET', '/api/responders/me').then(
      (responder) => {
        setMe(responder);
        // On duty with notifications allowed: send this browser's subscription again (the server replaces it), so a
        // phone whose subscription the server dropped (e.g. at an upgrade) gets pings again without a tap.
        if (responder.onDuty && pushSupported() && Notification.permission === 'granted') void enablePush().catch(() => false);
      },
      () => undefined,
    ); // a session that ended signs out (the API client) and this page goes
    void flush(replace);
    const online = () => void flush(replace);
    window.addEventListener('online', online);
    // Answers the server could not take (a 503 while its database restarts) wait for no event: retried while any wait.
    const retry = setInterval(() => {
      if (queuedAnswers().length > 0 && navigator.onLine) void flush(replace);
    }, RETRY_QUEUED_MS);
    return () => {
      window.removeEventListener('online', online);
      clearInterval(retry);
    };
  }, [replace]);
  useLiveEvent(socket, 'responder.updated', (responder) => setMe((prev) => (prev?.id === responder.id ? responder : prev)));
  useLocationSharing(!!me?.onDuty && sharing, setPosition, socket);

  const setDuty = async (onDuty: boolean) => {
    setConfirmOff(false);
    setMe(await api<Responder>('PATCH', '/api/responders/me', { onDuty }));
    if (onDuty && pushSupported() && Notification.permission !== 'denied') setPushOn(await enablePush().catch(() => false));
  };
  const toggleSharing = () => {
    localStorage.setItem(SHARE_KEY, String(!sharing));
    setSharing(!sharing);
  };

  return (
    <div className="respond-page">
      <Header status={status} />
      <main id="main" className="phone">
        <section className="card duty">
          <div className="row between">
            <div>
              <strong>{me?.alias}</strong>
              <p className="muted small">{me?.onDuty ? t('respond.onDutyHint') : t('respond.offDutyHint')}</p>
            </div>
            <label className="switch">
              <input
                type="checkbox"
                role="switch"
                data-testid="on-duty"
                checked={me?.onDuty ?? false}
                disabled={!me}
                // Going off duty stops the pings: asked first, since a thumb can brush the switch.
                onChange={() => (me!.onDuty ? setConfirmOff(true) : void setDuty(true))}
              />
              <span>{me?.onDuty ? t('respond.onDuty') : t('respond.offDuty')}</span>
            </label>
          </div>
          {confirmOff && (
            <ConfirmDanger
              className="confirm"
              question={t('respond.offDutyQuestion')}
              yes={t('respond.goOffDuty')}
              no={t('respond.stayOnDuty')}
              onYes={() => void setDuty(false)}
              onNo={() => setConfirmOff(false)}
              focusYes
              testId="off-duty-confirm"
            />
          )}
          {install && (
            <button type="button" className="link small" onClick={install} data-testid="install-app">
              {t('respond.install')}
            </button>
          )}
          {me?.onDuty && (
            <label className="switch small">
              <input type="checkbox" role="switch" data-testid="share-location" checked={sharing} onChange={toggleSharing} />
              <span>{t('respond.shareLocation')}</span>
            </label>
          )}
          {me?.onDuty && pushSupported() && !pushOn && (
            <button type="button" className="link small" onClick={() => void enablePush().then(setPushOn, () => setPushOn(false))}>
              {t('respond.enablePush')}
            </button>
          )}
          {!position && !sharing && (
            <button type="button" className="link small" onClick={locate}>
              {t('respond.showDistances')}
            </button>
          )}
          {queuedAnswers().length > 0 && <p className="hint">{t('respond.queuedCount', { count: queuedAnswers().length })}</p>}
        </section>
        <h1>{t('respond.pings')}</h1>
        {pings.length === 0 ? (
          <p className="muted">{t('respond.noPings')}</p>
        ) : (
          <ul className="pings">
            {pings.map((ping) => (
              <PingCard key={ping.id} ping={ping} now={now} position={position} fresh={fresh.has(ping.id)} onAnswered={replace} />
            ))}
          </ul>
        )}
      </main>
    </div>
  );
}

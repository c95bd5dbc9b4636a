import type { Alert, AlertList, AlertView } from '@centinela/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, describeError } from '../../shared/api/client';
import { useSession } from '../../shared/api/session';
import { useFormat } from '../../shared/i18n/format';
import { useLiveEvent, useLiveSocket } from '../../shared/socket/live';
import { Header } from '../../shared/ui/Header';
import { usePageTitle } from '../../shared/ui/page-title';
import { useListedDeliveries } from './hooks/useListedDeliveries';
import { reachedNobody } from './reached-nobody';
import './alerts.css';

/** Alerts for dispatchers: what waits for someone's approval (live), and the latest alerts. */
export function AlertsPage() {
  const { t } = useTranslation();
  usePageTitle(t('communityAlerts.title'));
  const f = useFormat();
  const role = useSession()?.user.role;
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<AlertList>('GET', '/api/alerts?limit=100').then(
      (l) => setAlerts(l.alerts),
      (e: unknown) => setError(describeError(e)),
    );
  }, []);
  const { socket, status } = useLiveSocket(load);
  useEffect(load, [load]);
  useLiveEvent(socket, 'alert.updated', ({ alert }: AlertView) =>
    setAlerts((list) => (list.some((a) => a.id === alert.id) ? list.map((a) => (a.id === alert.id ? alert : a)) : [alert, ...list])),
  );
  const deliveries = useListedDeliveries(alerts, socket);
  const waiting = alerts.filter((a) => a.status === 'awaiting_approval');
  /** As the alert's page says it: a sent alert that got through to nobody is not "Sent". */
  const statusOf = (a: Alert) => {
    const counts = deliveries.get(a.id);
    return counts && reachedNobody({ alert: a, deliveries: counts }) ? t('communityAlerts.reachedNobody') : t(`communityAlerts.statuses.${a.status}`);
  };
  const row = (a: Alert) => (
    <li key={a.id} className="card alert-row" data-testid={`alert-${a.id}`}>
      <Link to={`/alerts/manage/${a.id}`}>
        {a.drill && <span className="badge drill">{t('drills.badge')}</span>} <strong>{a.variants[0]?.title}</strong>
      </Link>
      <span className="small muted">
        {t(`communityAlerts.types.${a.type}`)} · <span data-testid="alert-row-status">{statusOf(a)}</span> · {a.createdBy.username} · {f.dateTime(a.createdAt)}
      </span>
    </li>
  );
  return (
    <div className="zones-page">
      <Header status={status} />
      <main id="main" className="roster-page alerts-page" data-testid="alerts-list">
        <div className="row between wrap">
          <h1>{t('communityAlerts.title')}</h1>
          <span className="row wrap">
            {role === 'coordinator' && <Link to="/alerts/templates">{t('communityAlerts.templatesTitle')}</Link>}
            <Link className="button primary" to="/alerts/compose" data-testid="new-alert">
              {t('communityAlerts.newAlert')}
            </Link>
          </span>
        </div>
        {error && <p className="error">{error}</p>}
        <h2>{t('communityAlerts.awaitingTitle')}</h2>
        {waiting.length === 0 ? (
          <p className="muted">{t('communityAlerts.noneAwaiting')}</p>
        ) : (
          <ul className="plain" data-testid="awaiting">
            {waiting.map(row)}
          </ul>
        )}
        <h2>{t('communityAlerts.recentTitle')}</h2>
        <ul className="plain" data-testid="recent">
          {alerts.filter((a) => a.status !== 'awaiting_approval').map(row)}
        </ul>
      </main>
    </div>
  );
}

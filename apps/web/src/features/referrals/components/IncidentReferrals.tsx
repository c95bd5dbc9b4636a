import type { IncidentReferral } from '@centinela/contracts';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../../shared/api/client';
import { useFormat } from '../../../shared/i18n/format';
import { emptyFilters, type ReferralFilters as Filters, useReferralSearch } from '../hooks/useReferralSearch';
import { ReferralFilters } from './ReferralFilters';
import { ServiceCard } from './ServiceCard';

/**
 * Referrals in the incident drawer: who the family was referred to, and a search during the call that starts at
 * the incident's place. "Refer" records it and schedules the follow-up to check the family reached them.
 */
export function IncidentReferrals({
  incidentId,
  version,
  lon,
  lat,
  onReferred,
}: {
  incidentId: string;
  version: number;
  lon: number;
  lat: number;
  /** The record grew (a log entry, a follow-up): the drawer reloads those panels. */
  onReferred: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [referrals, setReferrals] = useState<IncidentReferral[]>([]);
  const [open, setOpen] = useState(false);
  const initial = useMemo<Filters>(() => ({ ...emptyFilters, place: [lon, lat] }), [lon, lat]);
  const [filters, setFilters] = useState<Filters>(initial);
  const [days, setDays] = useState(3);
  const [error, setError] = useState<string | null>(null);
  const { matches } = useReferralSearch(filters);
  const load = () => void api<IncidentReferral[]>('GET', `/api/incidents/${incidentId}/referrals`).then(setReferrals);
  useEffect(load, [incidentId, version]);
  useEffect(() => setFilters(initial), [initial]);

  const refer = async (serviceId: string) => {
    try {
      await api('POST', `/api/incidents/${incidentId}/referrals`, { serviceId, followUpDays: days });
      setError(null);
      setOpen(false);
      load();
      onReferred();
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <section data-testid="incident-referrals">
      <div className="row between">
        <h3>{t('referrals.title')}</h3>
        <button type="button" className="small" onClick={() => setOpen(!open)} data-testid="find-referral">
          {open ? t('common.close') : t('referrals.find')}
        </button>
      </div>
      <ul className="plain">
        {referrals.map((r) => (
          <li key={r.id} data-testid="incident-referral">
            <strong>{r.organizationName}</strong> — {r.serviceName}{' '}
            {r.phone && (
              <a href={`tel:${r.phone.replace(/[^\d+]/g, '')}`} dir="ltr">
                {r.phone}
              </a>
            )}{' '}
            <span className="small muted">
              {r.referredBy ?? ''} · {f.dateTime(r.createdAt)}
            </span>
          </li>
        ))}
      </ul>
      {open && (
        <div className="referral-search">
          <ReferralFilters value={filters} onChange={setFilters} placeLabel={t('referrals.servesThisPlace')} />
          <label className="inline small">
            {t('referrals.followUpIn')}
            <input type="number" min={0} max={90} value={days} onChange={(e) => setDays(Number(e.target.value))} style={{ width: '4em' }} />
          </label>
          {error && <p className="error">{error}</p>}
          {matches.length === 0 && <p className="muted small">{t('referrals.noMatch')}</p>}
          <ul className="plain">
            {matches.slice(0, 8).map((m) => (
              <ServiceCard
                key={m.service.id}
                service={m.service}
                match={m}
                actions={
                  <button type="button" onClick={() => void refer(m.service.id)} data-testid="refer">
                    {t('referrals.refer')}
                  </button>
                }
              />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

import type { ReferralService } from '@centinela/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/client';
import { useSession } from '../../shared/api/session';
import { Header } from '../../shared/ui/Header';
import { usePageTitle } from '../../shared/ui/page-title';
import { DirectoryTools } from './components/DirectoryTools';
import { ReferralFilters } from './components/ReferralFilters';
import { ServiceCard } from './components/ServiceCard';
import { ServiceEditor } from './components/ServiceEditor';
import { emptyFilters, type ReferralFilters as Filters, useReferralSearch } from './hooks/useReferralSearch';

/** The referral directory: search it (everyone on staff); keep it, verify it and share it (coordinators). */
export function ReferralsPage() {
  const { t } = useTranslation();
  usePageTitle(t('referrals.title'));
  const session = useSession();
  const coordinator = session?.user.role === 'coordinator';
  const [filters, setFilters] = useState<Filters>(emptyFilters);
  const [reload, setReload] = useState(0);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<ReferralService | null>(null);
  const { matches, error } = useReferralSearch(filters, reload);
  const changed = () => setReload((n) => n + 1);
  return (
    <div className="zones-page">
      <Header />
      <main id="main" className="roster-page referrals-page">
        <div className="row between wrap">
          <h1>{t('referrals.title')}</h1>
          {coordinator && (
            <button
              type="button"
              onClick={() => {
                setEditing(null);
                setAdding(!(adding || editing));
              }}
              data-testid="add-service"
            >
              {adding || editing ? t('common.close') : t('referrals.addService')}
            </button>
          )}
        </div>
        {(adding || editing) && (
          <ServiceEditor
            key={editing?.id ?? 'new'}
            {...(editing ? { editing } : {})}
            onSaved={() => {
              setAdding(false);
              setEditing(null);
              changed();
            }}
          />
        )}
        <ReferralFilters value={filters} onChange={setFilters} />
        {error && <p className="error">{error}</p>}
        <p className="small muted" data-testid="referral-count">
          {t('referrals.results', { count: matches.length })}
        </p>
        <ul className="plain service-list">
          {matches.map((m) => (
            <ServiceCard
              key={m.service.id}
              service={m.service}
              match={m}
              actions={
                coordinator && (
                  <div className="row">
                    <button type="button" className="small" onClick={() => setEditing(m.service)} data-testid="edit-service">
                      {t('referrals.edit')}
                    </button>
                    <button
                      type="button"
                      className="small"
                      onClick={() => {
                        if (window.confirm(t('referrals.confirmDelete', { name: m.service.name }))) {
                          void api('DELETE', `/api/referrals/services/${m.service.id}`).then(changed);
                        }
                      }}
                    >
                      {t('referrals.delete')}
                    </button>
                  </div>
                )
              }
            />
          ))}
        </ul>
        {coordinator && <DirectoryTools reload={reload} onChanged={changed} />}
      </main>
    </div>
  );
}

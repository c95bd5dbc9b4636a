import { caseTypes, costLevels, type Organization, referralNeeds, type ReferralService, serviceStatuses, weekdays, type Zone } from '@centinela/contracts';
import { type SubmitEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../../shared/api/client';
import { blank, bodyOf, type Draft, draftOf, toggle } from './service-draft';

/**
 * A coordinator adds a provider: the organization (new or existing) and one service, with what callers need
 * to know. Its service areas are zones drawn on the zones page (copied as they are now), or GeoJSON imported
 * afterwards; no area means it serves anywhere.
 */
export function ServiceEditor({ onSaved, editing }: { onSaved: () => void; editing?: ReferralService }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(blank);
  /** Editing: the areas are replaced only if the zones were touched (imported GeoJSON areas stay otherwise). */
  const [areasTouched, setAreasTouched] = useState(false);
  const [organizations, setOrganizations] = useState<Organization[]>([]);
  const [zones, setZones] = useState<Zone[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api<Organization[]>('GET', '/api/referrals/organizations').then(setOrganizations);
    void api<Zone[]>('GET', '/api/zones').then((z) => {
      setZones(z);
      if (editing) setDraft(draftOf(editing, z));
    });
  }, [editing]);
  const set = (changes: Partial<Draft>) => setDraft({ ...draft, ...changes });

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    try {
      const organizationId =
        draft.organizationId ||
        (await api<Organization>('POST', '/api/referrals/organizations', { name: draft.newOrganization, phone: draft.organizationPhone })).id;
      const body = bodyOf(draft, organizationId, zones, editing);
      if (editing) {
        const { organizationId: _o, areas, ...changes } = body;
        await api('PATCH', `/api/referrals/services/${editing.id}`, changes);
        if (areasTouched) await api('PUT', `/api/referrals/services/${editing.id}/areas`, { areas });
      } else await api('POST', '/api/referrals/services', body);
      setDraft(blank);
      setError(null);
      onSaved();
    } catch (err) {
      setError(describeError(err));
    }
  };

  return (
    <form className="panel-form service-editor" onSubmit={(e) => void save(e)} data-testid="service-editor">
      <h2>{editing ? t('referrals.editService') : t('referrals.addService')}</h2>
      {editing && (
        <label>
          {t('referrals.status')}
          <select value={draft.status} onChange={(e) => set({ status: e.target.value as Draft['status'] })} data-testid="service-status">
            {serviceStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`serviceStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('referrals.organization')}
        <select value={draft.organizationId} disabled={!!editing} onChange={(e) => set({ organizationId: e.target.value })}>
          <option value="">{t('referrals.newOrganization')}</option>
          {organizations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      {!draft.organizationId && (
        <div className="row wrap">
          <input
            required
            maxLength={200}
            placeholder={t('referrals.organizationName')}
            value={draft.newOrganization}
            onChange={(e) => set({ newOrganization: e.target.value })}
          />
          <input
            maxLength={60}
            placeholder={t('referrals.phone')}
            value={draft.organizationPhone}
            onChange={(e) => set({ organizationPhone: e.target.value })}
          />
        </div>
      )}
      <div className="row wrap">
        <input required maxLength={200} placeholder={t('referrals.serviceName')} value={draft.name} onChange={(e) => set({ name: e.target.value })} />
        <input maxLength={60} placeholder={t('referrals.phone')} value={draft.phone} onChange={(e) => set({ phone: e.target.value })} />
      </div>
      <fieldset className="checklist">
        <legend>{t('referrals.needs')}</legend>
        {referralNeeds.map((n) => (
          <label key={n} className="inline">
            <input type="checkbox" checked={draft.needs.includes(n)} onChange={() => set({ needs: toggle(draft.needs, n) })} />
            {t(`need.${n}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="checklist">
        <legend>{t('referrals.caseTypes')}</legend>
        {caseTypes.map((c) => (
          <label key={c} className="inline">
            <input type="checkbox" checked={draft.caseTypes.includes(c)} onChange={() => set({ caseTypes: toggle(draft.caseTypes, c) })} />
            {t(`caseType.${c}`)}
          </label>
        ))}
      </fieldset>
      <div className="row wrap">
        <label>
          {t('referrals.languageCodes')}
          <input value={draft.languages} onChange={(e) => set({ languages: e.target.value })} placeholder="es, vi, mam" />
        </label>
        <label>
          {t('referrals.cost')}
          <select value={draft.cost} onChange={(e) => set({ cost: e.target.value as Draft['cost'] })}>
            {costLevels.map((c) => (
              <option key={c} value={c}>
                {t(`cost.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={draft.paymentPlans} onChange={() => set({ paymentPlans: !draft.paymentPlans })} />
          {t('referrals.paymentPlans')}
        </label>
      </div>
      <fieldset className="checklist">
        <legend>{t('referrals.hours')}</legend>
        <label className="inline">
          <input type="checkbox" checked={draft.alwaysOpen} onChange={() => set({ alwaysOpen: !draft.alwaysOpen })} />
          {t('referrals.alwaysOpen')}
        </label>
        {!draft.alwaysOpen && (
          <>
            {weekdays.map((d) => (
              <label key={d} className="inline">
                <input type="checkbox" checked={draft.days.includes(d)} onChange={() => set({ days: toggle(draft.days, d) })} />
                {t(`weekday.${d}`)}
              </label>
            ))}
            <input type="time" value={draft.opens} onChange={(e) => set({ opens: e.target.value })} aria-label={t('referrals.opens')} />
            <input type="time" value={draft.closes} onChange={(e) => set({ closes: e.target.value })} aria-label={t('referrals.closes')} />
          </>
        )}
      </fieldset>
      <fieldset className="checklist">
        <legend>{t('referrals.servesZones')}</legend>
        {zones.map((z) => (
          <label key={z.id} className="inline">
            <input
              type="checkbox"
              checked={draft.zoneIds.includes(z.id)}
              onChange={() => {
                setAreasTouched(true);
                set({ zoneIds: toggle(draft.zoneIds, z.id) });
              }}
            />
            {z.name}
          </label>
        ))}
        <p className="small muted">{t('referrals.anywhereHint')}</p>
      </fieldset>
      <textarea
        rows={2}
        maxLength={4000}
        placeholder={t('referrals.howToReach')}
        value={draft.applicationProcess}
        onChange={(e) => set({ applicationProcess: e.target.value })}
      />
      <textarea
        rows={2}
        maxLength={4000}
        placeholder={t('referrals.fees')}
        value={draft.feesDescription}
        onChange={(e) => set({ feesDescription: e.target.value })}
      />
      <textarea
        rows={2}
        maxLength={2000}
        placeholder={t('referrals.excluded')}
        value={draft.statusesExcluded}
        onChange={(e) => set({ statusesExcluded: e.target.value })}
      />
      <textarea
        rows={2}
        maxLength={4000}
        placeholder={t('referrals.trustNotesPlaceholder')}
        value={draft.trustNotes}
        onChange={(e) => set({ trustNotes: e.target.value })}
      />
      <label className="inline">
        <input type="checkbox" checked={draft.preferred} onChange={() => set({ preferred: !draft.preferred })} />
        {t('referrals.preferred')}
      </label>
      {error && <p className="error">{error}</p>}
      <button type="submit">{t('referrals.save')}</button>
    </form>
  );
}

import {
  caseTypes,
  costLevels,
  type Organization,
  type ReferralNeed,
  referralNeeds,
  type ReferralService,
  type ServiceInput,
  serviceStatuses,
  type Weekday,
  weekdays,
  type Zone,
} from '@centinela/contracts';
import { type SubmitEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../../shared/api/client';

type Draft = {
  status: (typeof serviceStatuses)[number];
  organizationId: string;
  newOrganization: string;
  organizationPhone: string;
  name: string;
  phone: string;
  needs: ReferralNeed[];
  caseTypes: (typeof caseTypes)[number][];
  languages: string;
  cost: (typeof costLevels)[number];
  paymentPlans: boolean;
  days: Weekday[];
  opens: string;
  closes: string;
  alwaysOpen: boolean;
  preferred: boolean;
  applicationProcess: string;
  feesDescription: string;
  statusesExcluded: string;
  trustNotes: string;
  zoneIds: string[];
};

const blank: Draft = {
  status: 'active',
  organizationId: '',
  newOrganization: '',
  organizationPhone: '',
  name: '',
  phone: '',
  needs: [],
  caseTypes: [],
  languages: 'en, es',
  cost: 'free',
  paymentPlans: false,
  days: ['mo', 'tu', 'we', 'th', 'fr'],
  opens: '09:00',
  closes: '17:00',
  alwaysOpen: false,
  preferred: false,
  applicationProcess: '',
  feesDescription: '',
  statusesExcluded: '',
  trustNotes: '',
  zoneIds: [],
};

/** The editor's fields for an existing service (its first schedule window; the others are kept as they are). */
const draftOf = (s: ReferralService, zones: readonly Zone[]): Draft => ({
  status: s.status,
  organizationId: s.organization.id,
  newOrganization: '',
  organizationPhone: '',
  name: s.name,
  phone: s.phone,
  needs: s.needs,
  caseTypes: s.caseTypes,
  languages: s.languages.join(', '),
  cost: s.cost,
  paymentPlans: s.paymentPlans,
  days: s.schedule[0]?.days ?? [],
  opens: s.schedule[0]?.opens ?? '09:00',
  closes: s.schedule[0]?.closes ?? '17:00',
  alwaysOpen: s.alwaysOpen,
  preferred: s.preferred,
  applicationProcess: s.applicationProcess,
  feesDescription: s.feesDescription,
  statusesExcluded: s.statusesExcluded,
  trustNotes: s.trustNotes,
  zoneIds: zones.filter((z) => s.areas.some((a) => a.name === z.name)).map((z) => z.id),
});

const toggle = <T,>(list: T[], value: T): T[] => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

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
      const body: ServiceInput = {
        organizationId,
        status: draft.status,
        name: draft.name,
        phone: draft.phone,
        needs: draft.needs,
        caseTypes: draft.caseTypes,
        languages: draft.languages
          .split(/[,\s]+/)
          .map((l) => l.trim())
          .filter(Boolean),
        cost: draft.cost,
        paymentPlans: draft.paymentPlans,
        schedule: [...(draft.days.length === 0 ? [] : [{ days: draft.days, opens: draft.opens, closes: draft.closes }]), ...(editing?.schedule.slice(1) ?? [])],
        alwaysOpen: draft.alwaysOpen,
        preferred: draft.preferred,
        applicationProcess: draft.applicationProcess,
        feesDescription: draft.feesDescription,
        statusesExcluded: draft.statusesExcluded,
        trustNotes: draft.trustNotes,
        areas: zones.filter((z) => draft.zoneIds.includes(z.id)).map((z) => ({ name: z.name, area: z.area })),
      };
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

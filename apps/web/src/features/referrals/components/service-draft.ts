import type { caseTypes, costLevels, ReferralNeed, ReferralService, ServiceInput, serviceStatuses, Weekday, Zone } from '@centinela/contracts';

/** What the service editor's fields hold, and how they become the API's body. */
export type Draft = {
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

export const blank: Draft = {
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
export const draftOf = (s: ReferralService, zones: readonly Zone[]): Draft => ({
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

export const toggle = <T>(list: T[], value: T): T[] => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

/** The request body for a draft: editing keeps the service's other schedule windows as they are. */
export const bodyOf = (draft: Draft, organizationId: string, zones: readonly Zone[], editing?: ReferralService): ServiceInput => ({
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
});

import { organizationInputSchema, type ServiceInput, serviceInputSchema } from '@centinela/contracts';
import { bboxOf, toMultiPolygon } from '@centinela/geo';
import type { INestApplicationContext } from '@nestjs/common';
import type { Polygon } from 'geojson';
import { ReferralsService } from '../referrals/referrals.service.js';
import { demoZones } from './demo-city.js';

/**
 * A handful of clearly fictional organizations for the demo's referral directory. Their service areas are
 * derived from the demo's zones (some zones, or the box around all of them), so they follow the demo map
 * wherever it is. Phone numbers are in the 555-01xx range reserved for fiction.
 */
type DemoOrganization = {
  name: string;
  phone: string;
  description: string;
  services: (Omit<ServiceInput, 'organizationId' | 'areas'> & { zones?: number[] | 'all' })[];
};

const weekdays = ['mo', 'tu', 'we', 'th', 'fr'] as const;

const organizations: DemoOrganization[] = [
  {
    name: 'Defensa Legal del Barrio (demo)',
    phone: '555-0101',
    description: 'A fictional nonprofit law office for the demo.',
    services: [
      {
        name: 'Removal defense and detention cases',
        needs: ['detained_family', 'ice_appointment', 'status_assessment', 'paperwork'],
        caseTypes: ['detained', 'non_detained', 'non_criminal', 'pretrial_jail'],
        visaTypes: ['u_visa', 'asylum', 'sijs'],
        immigrationCourts: ['Downtown Immigration Court'],
        languages: ['es', 'en'],
        cost: 'sliding',
        paymentPlans: true,
        feesDescription: 'First consultation free; detention cases on a sliding scale with payment plans.',
        applicationProcess: 'The family calls the intake line with the A-number and where the person is held.',
        requiredDocuments: ['A-number', 'Detention facility'],
        statusesExcluded: 'None',
        schedule: [{ days: [...weekdays], opens: '08:00', closes: '18:00' }],
        preferred: true,
        trustNotes: 'Families say intake calls back the same day.',
        zones: [0, 1, 2],
      },
    ],
  },
  {
    name: 'Fondo Comunitario de Fianzas (demo)',
    phone: '555-0102',
    description: 'A fictional community bond fund.',
    services: [
      {
        name: 'Immigration bond payments',
        needs: ['bond', 'detained_family'],
        languages: ['es', 'en', 'pt'],
        cost: 'free',
        applicationProcess: 'After a bond is set, the family or their attorney calls; the fund pays ICE directly.',
        alwaysOpen: true,
        zones: 'all',
      },
    ],
  },
  {
    name: 'Clínica Jurídica Popular (demo)',
    phone: '555-0103',
    description: 'A fictional free legal clinic run with law students.',
    services: [
      {
        name: 'Free consultations: criminal and immigration',
        needs: ['free_legal', 'criminal_charge', 'probation_prison', 'status_assessment'],
        caseTypes: ['criminal', 'non_detained', 'dual_immigration_criminal'],
        visaTypes: ['u_visa', 't_visa', 'vawa'],
        languages: ['es', 'en', 'vi', 'zh'],
        cost: 'free',
        schedule: [
          { days: ['tu', 'th'], opens: '17:00', closes: '20:00' },
          { days: ['sa'], opens: '10:00', closes: '14:00' },
        ],
        zones: [3, 4, 5],
      },
    ],
  },
  {
    name: 'Casa Segura (demo)',
    phone: '555-0104',
    description: 'A fictional domestic-violence and housing agency.',
    services: [
      {
        name: '24-hour domestic violence line and emergency housing',
        needs: ['domestic_violence', 'housing', 'financial'],
        languages: ['es', 'en', 'ht', 'pt', 'ar'],
        cost: 'free',
        alwaysOpen: true,
        eligibilityDescription: 'Anyone experiencing violence at home, any immigration status.',
        zones: 'all',
      },
    ],
  },
  {
    name: 'Línea Fronteriza de Búsqueda (demo)',
    phone: '555-0105',
    description: 'A fictional border support network that helps families find relatives.',
    services: [
      {
        name: 'Locating relatives detained at the border',
        needs: ['border_locate', 'border_detained'],
        borderRegions: ['El Paso', 'Tucson', 'Rio Grande Valley'],
        languages: ['es', 'en', 'mam'],
        cost: 'free',
        schedule: [{ days: ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'], opens: '07:00', closes: '22:00' }],
      },
    ],
  },
  {
    name: 'Centro de Trabajadores Unidos (demo)',
    phone: '555-0106',
    description: 'A fictional worker center.',
    services: [
      {
        name: 'Wage theft and workplace raids',
        needs: ['workplace', 'financial'],
        languages: ['es', 'en', 'tl'],
        cost: 'free',
        schedule: [{ days: [...weekdays], opens: '17:00', closes: '21:00' }],
        zones: [6, 7, 8, 9],
      },
    ],
  },
];

/** The box around every demo zone, as a polygon. */
function demoExtent(): Polygon {
  const boxes = demoZones.map((z) => bboxOf(toMultiPolygon(z.area)));
  const [w, s, e, n] = [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
  return {
    type: 'Polygon',
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
}

const areasFor = (zones: number[] | 'all' | undefined) =>
  zones === undefined
    ? []
    : zones === 'all'
      ? [{ name: 'The whole demo area', area: demoExtent() }]
      : zones.flatMap((i) => (demoZones[i] ? [{ name: demoZones[i].name, area: demoZones[i].area }] : []));

/** Seeds the demo's referral directory through the referrals service (validated like any input). */
export async function seedDemoReferrals(app: INestApplicationContext): Promise<void> {
  const referrals = app.get(ReferralsService);
  for (const o of organizations) {
    const organization = await referrals.createOrganization(organizationInputSchema.parse({ name: o.name, phone: o.phone, description: o.description }));
    for (const { zones, ...service } of o.services) {
      await referrals.createService(serviceInputSchema.parse({ ...service, organizationId: organization.id, areas: areasFor(zones) }));
    }
  }
}

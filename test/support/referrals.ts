import type { Organization, ReferralService, ServiceInput } from '@centinela/contracts';
import { expectOk, type TestAccount } from './test-app.js';

let n = 0;

/** An organization and one service of it, created by a coordinator through the API. */
export async function referralService(
  coordinator: TestAccount,
  service: Partial<Omit<ServiceInput, 'organizationId'>> = {},
  organization: { name?: string; phone?: string } = {},
): Promise<ReferralService> {
  const org = await expectOk<Organization>(
    coordinator.api.post('/api/referrals/organizations', { name: organization.name ?? `Org ${++n}`, phone: organization.phone ?? '' }),
    201,
  );
  return expectOk<ReferralService>(coordinator.api.post('/api/referrals/services', { organizationId: org.id, name: `Service ${++n}`, ...service }), 201);
}

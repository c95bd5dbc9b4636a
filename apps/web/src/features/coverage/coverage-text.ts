import type { ZoneCoverage } from '@centinela/contracts';
import type { TFunction } from 'i18next';

/** Why a zone is as covered as it is, in a line: "0 % reachable: nobody on duty shares a location". */
export function coverageExplanation(t: TFunction, c: ZoneCoverage): string {
  const percent = Math.round(c.reachableShare * 100);
  if (c.onDuty === 0 && c.inside === 0) return t('coverage.why.nobodyOnDuty', { percent });
  if (percent === 0 && c.sharing === 0 && c.inside === 0) return t('coverage.why.nobodySharing', { percent, count: c.onDuty });
  if (percent === 0) return t('coverage.why.tooFar', { percent });
  return t('coverage.why.reachable', { percent, count: c.inside });
}

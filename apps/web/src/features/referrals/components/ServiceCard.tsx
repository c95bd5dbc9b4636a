import type { ReferralMatch, ReferralService } from '@centinela/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../shared/i18n/format';

/** One service as a dispatcher needs it during a call: who, how to reach them, why it ranks here, what to know. */
export function ServiceCard({ service, match, actions }: { service: ReferralService; match?: ReferralMatch; actions?: ReactNode }) {
  const { t } = useTranslation();
  const f = useFormat();
  const phone = service.phone || service.organization.phone;
  return (
    <li className="service-card card" data-testid="referral-result">
      <div className="row between">
        <div>
          <bdi>
            <strong>{service.organization.name}</strong> — {service.name}
          </bdi>
          {service.status !== 'active' && <span className="badge">{t(`serviceStatus.${service.status}`)}</span>}
        </div>
        {phone && (
          <a href={`tel:${phone.replace(/[^\d+]/g, '')}`} className="phone-link" dir="ltr">
            {phone}
          </a>
        )}
      </div>
      {match && (
        <div className="chips" data-testid="referral-reasons">
          {match.reasons.map((r) => (
            <span key={r} className={`chip small reason-${r}`}>
              {r === 'serves_place' && match.areaName ? t('referrals.reason.serves_place_named', { area: match.areaName }) : t(`referrals.reason.${r}`)}
            </span>
          ))}
        </div>
      )}
      <dl className="service-facts small">
        {service.languages.length > 0 && (
          <div>
            <dt>{t('referrals.languages')}</dt>
            <dd>{f.list(service.languages.map((l) => f.language(l)))}</dd>
          </div>
        )}
        <div>
          <dt>{t('referrals.cost')}</dt>
          <dd>
            {t(`cost.${service.cost}`)}
            {service.paymentPlans && ` · ${t('referrals.paymentPlans')}`}
            {service.feesDescription && (
              <>
                {' · '}
                <bdi>{service.feesDescription}</bdi>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('referrals.hours')}</dt>
          <dd>
            {service.alwaysOpen
              ? t('referrals.alwaysOpen')
              : service.schedule.length === 0
                ? '—'
                : service.schedule.map((s, i) => (
                    <span key={i} className="schedule-entry">
                      {f.list(s.days.map((d) => t(`weekday.${d}`)))}{' '}
                      <bdi dir="ltr">
                        {s.opens}–{s.closes}
                      </bdi>
                    </span>
                  ))}
            {' · '}
            <span className={service.openNow ? 'ok' : 'muted'}>{service.openNow ? t('referrals.openNowBadge') : t('referrals.closedNow')}</span>
          </dd>
        </div>
        {service.needs.length > 0 && (
          <div>
            <dt>{t('referrals.needs')}</dt>
            <dd>{f.list(service.needs.map((n) => t(`need.${n}`)))}</dd>
          </div>
        )}
        {service.caseTypes.length > 0 && (
          <div>
            <dt>{t('referrals.caseTypes')}</dt>
            <dd>{f.list(service.caseTypes.map((c) => t(`caseType.${c}`)))}</dd>
          </div>
        )}
        {service.visaTypes.length > 0 && (
          <div>
            <dt>{t('referrals.visaTypes')}</dt>
            <dd>{f.list(service.visaTypes.map((v) => t(`visaType.${v}`)))}</dd>
          </div>
        )}
        {service.immigrationCourts.length > 0 && (
          <div>
            <dt>{t('referrals.courts')}</dt>
            <dd dir="auto">{f.list(service.immigrationCourts)}</dd>
          </div>
        )}
        {service.borderRegions.length > 0 && (
          <div>
            <dt>{t('referrals.borderRegions')}</dt>
            <dd dir="auto">{f.list(service.borderRegions)}</dd>
          </div>
        )}
        {service.statusesExcluded && (
          <div>
            <dt>{t('referrals.excluded')}</dt>
            <dd dir="auto">{service.statusesExcluded}</dd>
          </div>
        )}
        {service.applicationProcess && (
          <div>
            <dt>{t('referrals.howToReach')}</dt>
            <dd dir="auto">{service.applicationProcess}</dd>
          </div>
        )}
        {service.eligibilityDescription && (
          <div>
            <dt>{t('referrals.eligibility')}</dt>
            <dd dir="auto">{service.eligibilityDescription}</dd>
          </div>
        )}
        {service.requiredDocuments.length > 0 && (
          <div>
            <dt>{t('referrals.documents')}</dt>
            <dd dir="auto">{f.list(service.requiredDocuments)}</dd>
          </div>
        )}
        <div>
          <dt>{t('referrals.serves')}</dt>
          <dd dir="auto">{service.areas.length ? f.list(service.areas.map((a) => a.name)) : t('referrals.anywhere')}</dd>
        </div>
        {(service.trustNotes || service.organization.trustNotes) && (
          <div className="trust-notes">
            <dt>{t('referrals.trustNotes')}</dt>
            <dd dir="auto">{[service.organization.trustNotes, service.trustNotes].filter(Boolean).join(' ')}</dd>
          </div>
        )}
        <div>
          <dt>{t('referrals.verified')}</dt>
          <dd className={service.needsReverify ? 'error' : ''}>
            {service.lastVerifiedAt ? f.date(`${service.lastVerifiedAt}T12:00:00Z`, 'UTC') : t('referrals.never')}
            {service.needsReverify && ` · ${t('referrals.dueReverify')}`}
          </dd>
        </div>
      </dl>
      {actions}
    </li>
  );
}

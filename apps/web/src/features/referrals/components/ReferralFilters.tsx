import { referralNeeds } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';
import type { ReferralFilters as Filters } from '../hooks/useReferralSearch';

/** Need, language, open now, free/low cost and words: what a dispatcher asks a caller. */
export function ReferralFilters({ value, onChange, placeLabel }: { value: Filters; onChange: (f: Filters) => void; placeLabel?: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="referral-filters" data-testid="referral-filters">
      <select
        aria-label={t('referrals.need')}
        value={value.need}
        onChange={(e) => onChange({ ...value, need: e.target.value as Filters['need'] })}
        data-testid="referral-need"
      >
        <option value="">{t('referrals.anyNeed')}</option>
        {referralNeeds.map((n) => (
          <option key={n} value={n}>
            {t(`need.${n}`)}
          </option>
        ))}
      </select>
      <input
        aria-label={t('referrals.language')}
        placeholder={t('referrals.languagePlaceholder')}
        value={value.language}
        maxLength={12}
        size={8}
        onChange={(e) => onChange({ ...value, language: e.target.value })}
        data-testid="referral-language"
      />
      <input
        aria-label={t('referrals.words')}
        placeholder={t('referrals.words')}
        value={value.q}
        maxLength={100}
        onChange={(e) => onChange({ ...value, q: e.target.value })}
      />
      <label className="inline">
        <input type="checkbox" checked={value.openNow} onChange={() => onChange({ ...value, openNow: !value.openNow })} />
        {t('referrals.openNow')}
      </label>
      <label className="inline">
        <input type="checkbox" checked={value.freeOrLowCost} onChange={() => onChange({ ...value, freeOrLowCost: !value.freeOrLowCost })} />
        {t('referrals.freeOrLowCost')}
      </label>
      {placeLabel && (
        <label className="inline">
          <input type="checkbox" checked={value.place !== null} onChange={() => onChange({ ...value, place: null })} disabled={value.place === null} />
          {placeLabel}
        </label>
      )}
    </div>
  );
}

import type { AlertLanguage, AlertVariant } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../shared/i18n/format';
import { directionOf } from '../../../shared/i18n/languages';
import { SegmentMeter } from './SegmentMeter';

type Props = {
  variants: AlertVariant[];
  languages: readonly AlertLanguage[];
  onChange: (variants: AlertVariant[]) => void;
  /** Adds a language's variant (the composer prefills it from the templates); without it, an empty one is added. */
  onAdd?: (language: AlertLanguage) => void;
  /** Shown above each text: the word that marks a drill. */
  drill?: boolean;
};

/** One variant per language, side by side, each with its live SMS segment count; languages can be added and removed. */
export function VariantEditor({ variants, languages, onChange, onAdd, drill }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const missing = languages.filter((l) => !variants.some((v) => v.language === l));
  const update = (index: number, change: Partial<AlertVariant>) => onChange(variants.map((v, i) => (i === index ? { ...v, ...change } : v)));
  const add = (language: AlertLanguage) => (onAdd ? onAdd(language) : onChange([...variants, { language, title: '', text: '' }]));
  return (
    <div className="variants" data-testid="variants">
      {variants.map((v, index) => (
        <fieldset key={v.language} className="card variant" data-testid={`variant-${v.language}`} lang={v.language}>
          <legend className="row between">
            <strong>{f.language(v.language)}</strong>
            {variants.length > 1 && (
              <button type="button" className="link" onClick={() => onChange(variants.filter((_, i) => i !== index))} data-testid={`remove-${v.language}`}>
                {t('communityAlerts.removeLanguage')}
              </button>
            )}
          </legend>
          {drill && <span className="badge drill">{t('drills.badge')}</span>}
          <label>
            {t('communityAlerts.variantTitle')}
            <input
              value={v.title}
              maxLength={80}
              dir={directionOf(v.language)}
              onChange={(e) => update(index, { title: e.target.value })}
              data-testid={`title-${v.language}`}
            />
          </label>
          <label>
            {t('communityAlerts.variantText')}
            <textarea
              value={v.text}
              rows={6}
              maxLength={1600}
              dir={directionOf(v.language)}
              onChange={(e) => update(index, { text: e.target.value })}
              data-testid={`text-${v.language}`}
            />
          </label>
          <SegmentMeter text={v.text} language={v.language} />
        </fieldset>
      ))}
      {missing.length > 0 && (
        <label className="add-language">
          {t('communityAlerts.addLanguage')}
          <select value="" onChange={(e) => e.target.value && add(e.target.value as AlertLanguage)} data-testid="add-language">
            <option value="">—</option>
            {missing.map((l) => (
              <option key={l} value={l}>
                {f.language(l)}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

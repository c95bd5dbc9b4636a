import { useTranslation } from 'react-i18next';
import { chooseLanguage, languages } from '../i18n/i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('common.language')}</span>
      <select data-testid="language-switch" value={i18n.resolvedLanguage} onChange={(e) => chooseLanguage(e.target.value)}>
        {languages.map((l) => (
          <option key={l.code} value={l.code} lang={l.code} dir={l.dir}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}

import { useTranslation } from 'react-i18next';
import { setThemeChoice, themeChoices, type ThemeChoice, useThemeChoice } from './theme';

/** Light, dark (night shifts), or whatever the system says. */
export function ThemeSwitch() {
  const { t } = useTranslation();
  const choice = useThemeChoice();
  return (
    <label className="theme-switch">
      <span className="visually-hidden">{t('theme.label')}</span>
      <select data-testid="theme-switch" value={choice} onChange={(e) => setThemeChoice(e.target.value as ThemeChoice)}>
        {themeChoices.map((c) => (
          <option key={c} value={c}>
            {t(`theme.${c}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

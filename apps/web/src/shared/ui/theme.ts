import { useSyncExternalStore } from 'react';

export const themeChoices = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof themeChoices)[number];
export type Theme = 'light' | 'dark';

const KEY = 'centinela.theme';
const media = () => window.matchMedia('(prefers-color-scheme: dark)');
const listeners = new Set<() => void>();

export const themeChoice = (): ThemeChoice => {
  const stored = localStorage.getItem(KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
};
/** The theme in force: the choice, or the system's when the choice is "system". */
export const currentTheme = (): Theme => {
  const choice = themeChoice();
  return choice === 'system' ? (media().matches ? 'dark' : 'light') : choice;
};

function apply(): void {
  document.documentElement.dataset.theme = currentTheme();
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', currentTheme() === 'dark' ? '#14181c' : '#7a1f2b');
  for (const listener of listeners) listener();
}

export function setThemeChoice(choice: ThemeChoice): void {
  if (choice === 'system') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, choice);
  apply();
}

/** Applies the stored choice at start and follows the system while the choice is "system". */
export function initTheme(): void {
  apply();
  media().addEventListener('change', apply);
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The theme in force, re-rendering when it changes. */
export const useTheme = (): Theme => useSyncExternalStore(subscribe, currentTheme);
export const useThemeChoice = (): ThemeChoice => useSyncExternalStore(subscribe, themeChoice);

import type { ReactNode } from 'react';
import { LanguageSwitch } from './LanguageSwitch';

/** The bar on top of the pages anyone opens without an account: the name, then what `children` add, then the language. */
export function PublicHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="topbar">
      <span className="brand">Centinela</span>
      <span className="spacer" />
      {children}
      <LanguageSwitch />
    </header>
  );
}

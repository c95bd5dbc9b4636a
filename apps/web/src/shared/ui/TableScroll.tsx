import type { ReactNode } from 'react';

/**
 * A table too wide for a phone scrolls sideways inside this box. The box is a named region that takes keyboard focus,
 * so someone without a mouse or touch screen can scroll it with the arrow keys (WCAG 2.1.1); the name is what a
 * screen reader announces on entering it, so two on one page need different names.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

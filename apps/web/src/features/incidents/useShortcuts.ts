import { useEffect, useRef } from 'react';

/** Keys and what they do; ignored while typing in a field so they never eat a dispatcher's words. */
export function useShortcuts(bindings: Record<string, () => void>): void {
  const ref = useRef(bindings);
  ref.current = bindings;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target && (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable);
      if (event.ctrlKey || event.metaKey || event.altKey || (typing && event.key !== 'Escape')) return;
      const action = ref.current[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

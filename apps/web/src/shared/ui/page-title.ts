import { useEffect } from 'react';

/**
 * The browser tab's title names the page ("Zones · Centinela"): a screen reader says it when a page opens (WCAG
 * 2.4.2), and someone with several tabs open finds the live map. The live map puts its count of unseen reports first
 * ("(2) Live map · Centinela"), which shows even in a tab in the background.
 */
const APP = 'Centinela';
let page = '';
let count = 0;

function write(): void {
  document.title = `${count > 0 ? `(${count}) ` : ''}${page ? `${page} · ` : ''}${APP}`;
}

/** Names the page in the tab while it is shown. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    page = title;
    write();
    return () => {
      page = '';
      write();
    };
  }, [title]);
}

/** Puts "(n) " before the title while n > 0: reports nobody on this screen has looked at yet. */
export function useTitleCount(n: number): void {
  useEffect(() => {
    count = n;
    write();
    return () => {
      count = 0;
      write();
    };
  }, [n]);
}

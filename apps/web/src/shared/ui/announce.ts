/**
 * Says something to a screen reader without moving focus: a report that arrives on the live map, a ping on a
 * responder's phone. Two live regions are made once, when the app starts, outside React: a live region must already
 * be on the page when its text changes or nothing is read, and a page's re-render must never remount it.
 * Each message is a new child, removed after a while, so the same words twice are read twice (the pattern of
 * react-aria's live announcer, whose package would bring all of react-aria for these few lines).
 */
type Politeness = 'polite' | 'assertive';

const KEEP_MS = 7_000;
const regions = new Map<Politeness, HTMLElement>();

export function initAnnouncer(): void {
  for (const politeness of ['polite', 'assertive'] as const) {
    if (regions.has(politeness)) continue;
    const region = document.createElement('div');
    region.className = 'visually-hidden';
    region.setAttribute('aria-live', politeness);
    region.setAttribute('role', politeness === 'assertive' ? 'alert' : 'status');
    region.dataset.testid = `announce-${politeness}`;
    document.body.append(region);
    regions.set(politeness, region);
  }
}

/** `assertive` interrupts what the reader is saying: only for what cannot wait (a ping). */
export function announce(text: string, politeness: Politeness = 'polite'): void {
  const region = regions.get(politeness);
  if (!region) return;
  const message = document.createElement('div');
  message.textContent = text;
  region.append(message);
  setTimeout(() => message.remove(), KEEP_MS);
}

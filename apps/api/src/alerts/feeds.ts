import type { AlertType, AlertVariant } from '@centinela/contracts';

/** What XML 1.0 does not allow anywhere (its `Char` production): C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * XML text and attribute escaping, dropping what XML 1.0 does not allow (input hygiene refuses it today, but a row
 * stored before must never make a feed "not well-formed").
 */
export const xml = (s: string): string =>
  s.replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export type FeedAlert = {
  id: string;
  type: AlertType;
  drill: boolean;
  variants: AlertVariant[];
  sentAt: string;
  correctionOf: string | null;
  /** A correction asked as a retraction: CAP `Cancel` rather than `Update`. */
  retraction: boolean;
  correctionSentAt: string | null;
  areaDesc: string;
  rings: [number, number][][];
  /** The alert's image at its public address (only with PUBLIC_URL: feeds want absolute addresses). */
  image: { uri: string; size: number } | null;
};

/** CAP wants `2026-11-29T19:05:00-00:00`: seconds, and an offset instead of Z. */
export const capTime = (iso: string): string => `${iso.slice(0, 19)}-00:00`;

const capInfo: Record<AlertType, { urgency: string; severity: string; certainty: string; event: string }> = {
  incident: { urgency: 'Immediate', severity: 'Moderate', certainty: 'Observed', event: 'Immigration enforcement activity' },
  know_your_rights: { urgency: 'Future', severity: 'Minor', certainty: 'Likely', event: 'Know your rights' },
  all_clear: { urgency: 'Past', severity: 'Minor', certainty: 'Observed', event: 'All clear' },
  meeting_point: { urgency: 'Expected', severity: 'Minor', certainty: 'Likely', event: 'Community meeting point' },
  correction: { urgency: 'Immediate', severity: 'Minor', certainty: 'Observed', event: 'Correction' },
};

/**
 * One alert as a CAP 1.2 message (OASIS): status Actual, or Exercise for a drill; one `<info>` per language; the area
 * as the zones' outlines (`lat,lon` pairs, closed rings). A correction is an Update referencing the original, a retraction a Cancel.
 */
export function capMessage(a: FeedAlert, sender: string, baseUrl: string): string {
  const identifier = `urn:uuid:${a.id}`;
  const info = capInfo[a.type];
  const polygons = a.rings
    .filter((ring) => ring.length >= 4)
    .map((ring) => `<polygon>${ring.map(([lon, lat]) => `${lat},${lon}`).join(' ')}</polygon>`)
    .join('');
  const resource = a.image
    ? `<resource><resourceDesc>Image</resourceDesc><mimeType>image/jpeg</mimeType><size>${a.image.size}</size><uri>${xml(a.image.uri)}</uri></resource>`
    : '';
  const infos = a.variants
    .map(
      (v) =>
        `<info><language>${xml(v.language)}</language><category>Safety</category><event>${xml(info.event)}</event>` +
        `<urgency>${info.urgency}</urgency><severity>${info.severity}</severity><certainty>${info.certainty}</certainty>` +
        `<senderName>${xml(sender)}</senderName><headline>${xml(v.title)}</headline><description>${xml(v.text)}</description>` +
        `<web>${xml(`${baseUrl}/alerts/${a.id}`)}</web>${resource}<area><areaDesc>${xml(a.areaDesc)}</areaDesc>${polygons}</area></info>`,
    )
    .join('');
  const references =
    a.correctionOf && a.correctionSentAt ? `<references>${xml(sender)},urn:uuid:${a.correctionOf},${capTime(a.correctionSentAt)}</references>` : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">` +
    `<identifier>${identifier}</identifier><sender>${xml(sender)}</sender><sent>${capTime(a.sentAt)}</sent>` +
    `<status>${a.drill ? 'Exercise' : 'Actual'}</status><msgType>${a.retraction ? 'Cancel' : a.correctionOf ? 'Update' : 'Alert'}</msgType><scope>Public</scope>` +
    `${references}${infos}</alert>\n`
  );
}

const first = (a: FeedAlert) => a.variants.find((v) => v.language === 'en') ?? a.variants[0]!;

const enclosure = (a: FeedAlert) => (a.image ? `<enclosure url="${xml(a.image.uri)}" length="${a.image.size}" type="image/jpeg"/>` : '');

/**
 * RSS 2.0's `<description>` holds HTML (readers decode its entities, then render the markup), so plain alert text
 * is escaped once as HTML — its line breaks as `<br>` — and once more as XML. Escaped only once, a `<img onerror…>`
 * in an alert would reach a reader as markup, and "agents at <Main & 18th>" would come out garbled.
 */
const rssHtml = (text: string): string => xml(xml(text).replace(/\r?\n/g, '<br>'));

export function rss(alerts: readonly FeedAlert[], title: string, baseUrl: string): string {
  const items = alerts
    .map((a) => {
      const v = first(a);
      return `<item><title>${xml(v.title)}</title><description>${rssHtml(a.variants.map((x) => x.text).join('\n\n'))}</description><link>${xml(`${baseUrl}/alerts/${a.id}`)}</link><guid isPermaLink="false">${a.id}</guid><pubDate>${new Date(a.sentAt).toUTCString()}</pubDate>${enclosure(a)}</item>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${xml(title)}</title><link>${xml(baseUrl)}</link><description>${xml(title)}</description>${items}</channel></rss>\n`;
}

export function atom(alerts: readonly FeedAlert[], title: string, baseUrl: string, self: string, capLinks: boolean): string {
  const updated = alerts[0]?.sentAt ?? new Date(0).toISOString();
  const entries = alerts
    .map((a) => {
      const v = first(a);
      const cap = capLinks ? `<link rel="alternate" type="application/cap+xml" href="${xml(`${baseUrl}/api/alerts/feeds/cap/${a.id}`)}"/>` : '';
      return `<entry><id>urn:uuid:${a.id}</id><title>${xml(v.title)}</title><updated>${a.sentAt}</updated><link href="${xml(`${baseUrl}/alerts/${a.id}`)}"/>${cap}<content type="text">${xml(a.variants.map((x) => x.text).join('\n\n'))}</content></entry>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><id>${xml(self)}</id><title>${xml(title)}</title><updated>${updated}</updated><link rel="self" href="${xml(self)}"/><author><name>${xml(title)}</name></author>${entries}</feed>\n`;
}

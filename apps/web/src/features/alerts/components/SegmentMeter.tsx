import { smsSegments } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../shared/i18n/format';

/**
 * A live count under a variant's text: characters, SMS segments, and the encoding. When one character forces
 * UCS-2 (an emoji, a letter outside GSM-7) it is named, since it alone can double what the SMS costs.
 */
export function SegmentMeter({ text, language }: { text: string; language: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const count = smsSegments(text);
  return (
    <p className={`small segment-meter${count.encoding === 'UCS-2' ? ' ucs2' : ''}`} data-testid={`segments-${language}`} data-segments={count.segments}>
      <span>{t('communityAlerts.characters', { n: f.number(count.characters) })}</span> ·{' '}
      <strong>{t('communityAlerts.segments', { n: f.number(count.segments) })}</strong> · <span data-testid={`encoding-${language}`}>{count.encoding}</span> ·{' '}
      <span className="muted">{t('communityAlerts.remaining', { n: f.number(count.remaining) })}</span>
      {count.firstUnicode && (
        <span className="ucs2-culprit" data-testid={`ucs2-${language}`}>
          {' '}
          {t('communityAlerts.forcedUnicode', { char: count.firstUnicode.char, position: f.number(count.firstUnicode.index + 1) })}
        </span>
      )}
    </p>
  );
}

import { type AlertView, broadcastText } from '@centinela/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The alert as one text for the groups the network runs on WhatsApp or Signal (which Centinela does not send to):
 * every language, English first, as the public Telegram channel gets it — shown only once the alert went out, so what
 * is pasted is what two people approved.
 */
export function TextCopy({ view }: { view: AlertView }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<boolean | null>(null);
  const text = broadcastText(view.alert.variants, view.alert.drill);
  return (
    <details className="text-copy">
      <summary>{t('communityAlerts.textCopyTitle')}</summary>
      <p className="small muted">{t('communityAlerts.textCopyHint')}</p>
      <textarea readOnly value={text} rows={Math.min(12, text.split('\n').length + 1)} data-testid="text-copy" onFocus={(e) => e.target.select()} />
      <div className="row wrap">
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard.writeText(text).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
          data-testid="copy-text"
        >
          {t('communityAlerts.copyText')}
        </button>
        {copied !== null && (
          <span className="small" role="status">
            {copied ? t('communityAlerts.textCopied') : t('communityAlerts.copyFailed')}
          </span>
        )}
      </div>
    </details>
  );
}

import type { AlertView } from '@centinela/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../../shared/api/client';
import { useSession } from '../../../shared/api/session';
import { useFormat } from '../../../shared/i18n/format';
import { directionOf } from '../../../shared/i18n/languages';
import { AlertImageThumb } from './AlertImagePicker';
import { AudienceSummary } from './AudienceSummary';
import { Countdown } from './Countdown';

/**
 * What a second person approves: who it goes to (zones, neighbours or not), exactly what each channel will send (Web
 * Push shows the title above the text; SMS, WhatsApp and Telegram send the text) and to how many, as frozen when
 * approval was asked. The author sees only "waiting for a second person".
 */
export function ApprovalPanel({ view, onChanged }: { view: AlertView; onChanged: (view: AlertView) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useSession()?.user;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { alert } = view;
  const approval = alert.approval!;
  const mine = approval.requestedBy.userId === me?.id || alert.createdBy.userId === me?.id;
  const decide = async (action: 'approve' | 'reject') => {
    setError(null);
    try {
      onChanged(await api<AlertView>('POST', `/api/alerts/${alert.id}/${action}`, action === 'approve' ? { hash: approval.hash } : { reason }));
    } catch (e) {
      setError(describeError(e));
    }
  };
  const recipients = (channel: string, language: string) =>
    approval.estimate.recipients.find((r) => r.channel === channel && r.language === language)?.recipients ?? 0;

  return (
    <section className="approval" data-testid="approval">
      <div className="row between wrap">
        <h2>{mine ? t('communityAlerts.waitingForSecond') : t('communityAlerts.approveTitle')}</h2>
        <Countdown until={approval.expiresAt} />
      </div>
      <p className="small muted">{t('communityAlerts.requestedBy', { name: approval.requestedBy.username, time: f.time(approval.requestedAt) })}</p>
      <AudienceSummary audience={alert.audience} />
      <div className="preview-grid">
        {alert.channels.map((channel) => (
          <div key={channel} className="card preview" data-testid={`preview-${channel}`}>
            <h3>{t(`communityAlerts.channels.${channel}`)}</h3>
            {alert.image && approval.estimate.imageChannels.includes(channel) && <AlertImageThumb image={alert.image} size={120} />}
            {alert.variants.map((v) => (
              <div key={v.language} className="preview-message" lang={v.language} dir={directionOf(v.language)}>
                <p className="small muted">
                  {f.language(v.language)} · {t('communityAlerts.toCount', { n: f.number(recipients(channel, v.language)) })}
                </p>
                {channel === 'webpush' && <strong>{v.title}</strong>}
                <p className="message-text" data-testid={`preview-${channel}-${v.language}`}>
                  {v.text}
                </p>
              </div>
            ))}
          </div>
        ))}
      </div>
      <p>
        <strong>{t('communityAlerts.totalRecipients', { n: f.number(approval.estimate.totalRecipients) })}</strong>
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {mine ? (
        <p className="hint" data-testid="waiting-second">
          {t('communityAlerts.waitingExplain')}
        </p>
      ) : (
        <div className="row wrap actions">
          <button type="button" className="primary" onClick={() => void decide('approve')} data-testid="approve">
            {t('communityAlerts.approve')}
          </button>
          <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('communityAlerts.rejectReason')} data-testid="reject-reason" />
          <button type="button" disabled={!reason.trim()} onClick={() => void decide('reject')} data-testid="reject">
            {t('communityAlerts.reject')}
          </button>
        </div>
      )}
    </section>
  );
}

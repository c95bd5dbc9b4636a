import type { AlertView } from '@centinela/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, describeError } from '../../shared/api/client';
import { useFormat } from '../../shared/i18n/format';
import { directionOf } from '../../shared/i18n/languages';
import { Header } from '../../shared/ui/Header';
import { usePageTitle } from '../../shared/ui/page-title';
import { AlertImageThumb } from './components/AlertImagePicker';
import { ApprovalPanel } from './components/ApprovalPanel';
import { DeliveryPanel } from './components/DeliveryPanel';
import { RetractionForm } from './components/RetractionForm';
import { TextCopy } from './components/TextCopy';
import { useAlert } from './hooks/useAlert';
import { reachedNobody } from './reached-nobody';
import './alerts.css';

/** One alert, live: its approval (for a second person) or the author's wait, then its delivery with pause/resume/cancel and retraction. */
export function AlertPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  usePageTitle(t('communityAlerts.title'));
  const f = useFormat();
  const { view, error, status, setView } = useAlert(id);
  const [actionError, setActionError] = useState<string | null>(null);
  const [retracting, setRetracting] = useState(false);
  const act = async (action: 'pause' | 'resume' | 'cancel') => {
    setActionError(null);
    try {
      setView(await api<AlertView>('POST', `/api/alerts/${id}/${action}`, {}));
    } catch (e) {
      setActionError(describeError(e));
    }
  };
  const alert = view?.alert;
  const nobody = !!view && reachedNobody(view);
  return (
    <div className="zones-page">
      <Header status={status} />
      <main id="main" className="roster-page alerts-page" data-testid="alert-page" data-status={alert?.status}>
        <Link to="/alerts/manage">{t('communityAlerts.backToList')}</Link>
        {error && <p className="error">{error}</p>}
        {view && alert && (
          <>
            <div className="row between wrap">
              <h1>
                {alert.drill && <span className="badge drill">{t('drills.badge')}</span>} {t(`communityAlerts.types.${alert.type}`)}
              </h1>
              <span className={`badge alert-status ${alert.status}${nobody ? ' reached-nobody' : ''}`} data-testid="alert-status">
                {nobody ? t('communityAlerts.reachedNobody') : t(`communityAlerts.statuses.${alert.status}`)}
              </span>
            </div>
            <p className="small muted">
              {t('communityAlerts.byLine', { name: alert.createdBy.username, time: f.dateTime(alert.createdAt) })}
              {alert.correctionOf && (
                <>
                  {' · '}
                  <Link to={`/alerts/manage/${alert.correctionOf}`}>{t('communityAlerts.correctsOriginal')}</Link>
                </>
              )}
              {alert.correctedBy && (
                <>
                  {' · '}
                  <Link to={`/alerts/manage/${alert.correctedBy}`}>{t('communityAlerts.seeCorrection')}</Link>
                </>
              )}
            </p>
            {alert.image && alert.status !== 'awaiting_approval' && <AlertImageThumb image={alert.image} />}
            {alert.status === 'awaiting_approval' && alert.approval && <ApprovalPanel view={view} onChanged={setView} />}
            {alert.status === 'draft' && (
              <div className="variants-read">
                {alert.approval?.status === 'rejected' && (
                  <p className="hint" data-testid="sent-back">
                    {alert.approval.reason
                      ? t('communityAlerts.rejectedBecause', { name: alert.approval.decidedBy?.username ?? '', reason: alert.approval.reason })
                      : t('communityAlerts.rejectedWithoutReason', { name: alert.approval.decidedBy?.username ?? '' })}
                  </p>
                )}
                {alert.approval?.status === 'expired' && <p className="hint">{t('communityAlerts.approvalExpired')}</p>}
                {alert.variants.map((v) => (
                  <p key={v.language} lang={v.language} dir={directionOf(v.language)}>
                    <strong>{v.title}</strong> — {v.text}
                  </p>
                ))}
                <button
                  type="button"
                  className="primary"
                  onClick={() =>
                    void api<AlertView>('POST', `/api/alerts/${id}/approval-request`, {}).then(setView, (e: unknown) => setActionError(describeError(e)))
                  }
                  data-testid="ask-again"
                >
                  {t('communityAlerts.requestApproval')}
                </button>
              </div>
            )}
            {['sending', 'paused', 'sent', 'cancelled'].includes(alert.status) && (
              <>
                <div className="row wrap actions">
                  {alert.status === 'sending' && (
                    <button type="button" onClick={() => void act('pause')} data-testid="pause">
                      {t('communityAlerts.pause')}
                    </button>
                  )}
                  {alert.status === 'paused' && (
                    <button type="button" className="primary" onClick={() => void act('resume')} data-testid="resume">
                      {t('communityAlerts.resume')}
                    </button>
                  )}
                  {(alert.status === 'sending' || alert.status === 'paused') && (
                    <button type="button" className="danger" onClick={() => void act('cancel')} data-testid="cancel">
                      {t('communityAlerts.cancelSend')}
                    </button>
                  )}
                  {alert.publishedAt !== null && !alert.correctedBy && alert.type !== 'correction' && (
                    <button type="button" onClick={() => setRetracting((v) => !v)} data-testid="retract">
                      {t('communityAlerts.retractOrCorrect')}
                    </button>
                  )}
                </div>
                <DeliveryPanel view={view} />
                {alert.status !== 'cancelled' && <TextCopy view={view} />}
                {retracting && <RetractionForm view={view} />}
              </>
            )}
            {actionError && (
              <p className="error" role="alert">
                {actionError}
              </p>
            )}
          </>
        )}
      </main>
    </div>
  );
}

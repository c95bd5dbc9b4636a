import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { desktopAlertsOn, disableDesktopAlerts, enableDesktopAlerts, setSoundOn, soundOn } from './report-alerts';

/** Above the drawer and the form: "2 new reports — show", and the sound and desktop-alert switches. */
export function NewReportsCue({ unseen, onShow, onDismiss }: { unseen: number; onShow: () => void; onDismiss: () => void }) {
  const { t } = useTranslation();
  const [sound, setSound] = useState(soundOn);
  const [desktop, setDesktop] = useState(desktopAlertsOn);
  return (
    <div className="alerts-bar pad-x">
      {unseen > 0 && (
        <div className="new-reports" role="status" data-testid="new-reports">
          <span>{t('alerts.newCount', { count: unseen })}</span>
          <button type="button" className="primary small-button" onClick={onShow}>
            {t('alerts.show')}
          </button>
          <button type="button" className="link small" onClick={onDismiss}>
            {t('alerts.dismiss')}
          </button>
        </div>
      )}
      <div className="row small alert-switches">
        <label className="switch small">
          <input
            type="checkbox"
            role="switch"
            checked={sound}
            onChange={() => {
              setSoundOn(!sound);
              setSound(!sound);
            }}
            data-testid="sound-toggle"
          />
          <span>{t('alerts.sound')}</span>
        </label>
        {'Notification' in window && (
          <label className="switch small">
            <input
              type="checkbox"
              role="switch"
              checked={desktop}
              onChange={() => {
                if (!desktop) return void enableDesktopAlerts().then(setDesktop);
                disableDesktopAlerts();
                setDesktop(false);
              }}
            />
            <span>{t('alerts.desktop')}</span>
          </label>
        )}
      </div>
    </div>
  );
}

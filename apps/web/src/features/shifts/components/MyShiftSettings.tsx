import type { CalendarFeed, ShiftPreferences } from '@centinela/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../../shared/api/client';

/** My calendar feed (a secret address, shown once; revocable) and, for responders, duty following my shifts. */
export function MyShiftSettings({ responder }: { responder: boolean }) {
  const { t } = useTranslation();
  const [prefs, setPrefs] = useState<ShiftPreferences | null>(null);
  const [feedUrl, setFeedUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => api<ShiftPreferences>('GET', '/api/shifts/me').then(setPrefs, (e: unknown) => setError(describeError(e)));
  useEffect(() => {
    void load();
  }, []);
  const act = (work: Promise<unknown>) => work.then(load, (e: unknown) => setError(describeError(e)));
  return (
    <section className="card my-shifts">
      <h2>{t('shifts.mySettings')}</h2>
      {responder && prefs && (
        <label className="row">
          <input
            type="checkbox"
            checked={prefs.dutyFollowsShifts}
            onChange={(e) => void act(api('PATCH', '/api/shifts/me', { dutyFollowsShifts: e.target.checked }))}
            data-testid="duty-follows"
          />
          {t('shifts.dutyFollows')}
        </label>
      )}
      <p className="small muted">{t('shifts.calendarHint')}</p>
      {feedUrl && (
        <input
          className="feed-url"
          readOnly
          dir="ltr"
          value={`${window.location.origin}${feedUrl}`}
          onFocus={(e) => e.target.select()}
          data-testid="feed-url"
        />
      )}
      <div className="row wrap">
        <button
          type="button"
          className="small"
          onClick={() => void act(api<CalendarFeed>('POST', '/api/shifts/calendar').then((f) => setFeedUrl(f.url)))}
          data-testid="make-feed"
        >
          {prefs?.calendarFeed ? t('shifts.newFeed') : t('shifts.makeFeed')}
        </button>
        {prefs?.calendarFeed && (
          <button
            type="button"
            className="small link"
            onClick={() =>
              void act(
                api('DELETE', '/api/shifts/calendar').then(() => {
                  setFeedUrl(null);
                }),
              )
            }
          >
            {t('shifts.revokeFeed')}
          </button>
        )}
      </div>
      {error && <p className="error">{error}</p>}
    </section>
  );
}

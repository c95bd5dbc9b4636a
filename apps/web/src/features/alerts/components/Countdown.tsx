import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../shared/i18n/format';

/** Seconds left until an approval request expires, ticking; "expired" once it has. */
export function Countdown({ until }: { until: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.round((Date.parse(until) - now) / 1000));
  return (
    <span className={`countdown${left < 60 ? ' urgent' : ''}`} data-testid="approval-countdown" data-seconds={left}>
      {left > 0 ? t('communityAlerts.expiresIn', { time: f.duration(left) }) : t('communityAlerts.expired')}
    </span>
  );
}

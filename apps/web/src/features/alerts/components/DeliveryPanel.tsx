import { type AlertView, type DeliveryStatus, deliveryStatuses } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../shared/i18n/format';
import { TableScroll } from '../../../shared/ui/TableScroll';

/** Live delivery: queued / sent / delivered / failed (and cancelled) per channel and language, failures by provider code. */
export function DeliveryPanel({ view }: { view: AlertView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { counts, failures, channelPost } = view.deliveries;
  const rows = [...new Set(counts.map((c) => `${c.channel}|${c.language}`))].map((key) => {
    const [channel, language] = key.split('|') as [string, string];
    const of = (status: DeliveryStatus) => counts.find((c) => c.channel === channel && c.language === language && c.status === status)?.count ?? 0;
    return { channel, language, of };
  });
  const total = (status: DeliveryStatus) => counts.filter((c) => c.status === status).reduce((sum, c) => sum + c.count, 0);
  return (
    <section className="deliveries" data-testid="deliveries">
      <h2>{t('communityAlerts.deliveryTitle')}</h2>
      <TableScroll label={t('communityAlerts.deliveryTitle')}>
        <table>
          <thead>
            <tr>
              <th>{t('communityAlerts.channel')}</th>
              <th>{t('communityAlerts.language')}</th>
              {deliveryStatuses.map((s) => (
                <th key={s} className="num">
                  {t(`communityAlerts.deliveryStatus.${s}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.channel}-${r.language}`} data-testid={`delivery-${r.channel}-${r.language}`}>
                <td>{t(`communityAlerts.channels.${r.channel}`)}</td>
                <td>{f.language(r.language)}</td>
                {deliveryStatuses.map((s) => (
                  <td key={s} className={`num status-${s}`} data-status={s} data-count={r.of(s)}>
                    {f.number(r.of(s))}
                  </td>
                ))}
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={2 + deliveryStatuses.length} className="muted">
                  {t('communityAlerts.nothingQueued')}
                </td>
              </tr>
            )}
          </tbody>
          {rows.length > 1 && (
            <tfoot>
              <tr>
                <th colSpan={2}>{t('communityAlerts.total')}</th>
                {deliveryStatuses.map((s) => (
                  <th key={s} className="num" data-testid={`delivery-total-${s}`}>
                    {f.number(total(s))}
                  </th>
                ))}
              </tr>
            </tfoot>
          )}
        </table>
      </TableScroll>
      {failures.length > 0 && (
        <ul className="plain small" data-testid="failures">
          {failures.map((x) => (
            <li key={`${x.channel}-${x.errorCode}`}>
              {t('communityAlerts.failureLine', { channel: t(`communityAlerts.channels.${x.channel}`), code: x.errorCode, n: f.number(x.count) })}
            </li>
          ))}
        </ul>
      )}
      {channelPost.status !== 'none' && (
        <p className="small muted">{t(`communityAlerts.channelPost.${channelPost.status}`, { time: channelPost.at ? f.time(channelPost.at) : '' })}</p>
      )}
    </section>
  );
}

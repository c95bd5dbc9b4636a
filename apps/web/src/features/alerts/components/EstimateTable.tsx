import type { AlertEstimate } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../shared/i18n/format';
import { TableScroll } from '../../../shared/ui/TableScroll';

export const money = (locale: string, amount: number, currency: string) => {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2 }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
};

/** Recipients per channel × language, SMS segments each, and the cost per channel, as the server counts them. */
export function EstimateTable({ estimate }: { estimate: AlertEstimate }) {
  const { t } = useTranslation();
  const f = useFormat();
  const channels = [...new Set(estimate.recipients.map((r) => r.channel))];
  return (
    <div className="estimate" data-testid="estimate">
      <TableScroll label={t('communityAlerts.recipientsTitle')}>
        <table>
          <thead>
            <tr>
              <th>{t('communityAlerts.channel')}</th>
              <th>{t('communityAlerts.language')}</th>
              <th className="num">{t('communityAlerts.recipients')}</th>
              <th className="num">{t('communityAlerts.segmentsEach')}</th>
            </tr>
          </thead>
          <tbody>
            {estimate.recipients.map((r) => (
              <tr key={`${r.channel}-${r.language}`} data-testid={`recipients-${r.channel}-${r.language}`} data-count={r.recipients}>
                <td>{t(`communityAlerts.channels.${r.channel}`)}</td>
                <td>{f.language(r.language)}</td>
                <td className="num">{f.number(r.recipients)}</td>
                <td className="num">{r.encoding ? `${f.number(r.segments)} · ${r.encoding}` : '—'}</td>
              </tr>
            ))}
            {channels.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  {t('communityAlerts.noRecipients')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </TableScroll>
      <ul className="plain costs">
        {estimate.costs.map((c) => (
          <li key={c.channel} data-testid={`cost-${c.channel}`}>
            {t(`communityAlerts.channels.${c.channel}`)}:{' '}
            {t('communityAlerts.costLine', {
              messages: t('communityAlerts.costMessages', { count: c.messages, n: f.number(c.messages) }),
              segments: t('communityAlerts.costSegments', { count: c.segments, n: f.number(c.segments) }),
              cost: money(f.locale, c.cost, c.currency),
            })}
          </li>
        ))}
      </ul>
      <p>
        <strong data-testid="total-recipients">{t('communityAlerts.totalRecipients', { n: f.number(estimate.totalRecipients) })}</strong> ·{' '}
        <strong data-testid="total-cost">{t('communityAlerts.totalCost', { cost: money(f.locale, estimate.totalCost, estimate.currency) })}</strong>
      </p>
      {estimate.missingLanguages.length > 0 && (
        <p className="hint" data-testid="missing-languages">
          {t('communityAlerts.missingLanguages', { languages: f.list(estimate.missingLanguages.map(f.language), 'conjunction') })}
        </p>
      )}
      {estimate.disabledChannels.length > 0 && (
        <p className="hint">
          {t('communityAlerts.disabledChannels', {
            channels: f.list(
              estimate.disabledChannels.map((c) => t(`communityAlerts.channels.${c}`)),
              'conjunction',
            ),
          })}
        </p>
      )}
    </div>
  );
}

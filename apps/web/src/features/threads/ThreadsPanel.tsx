import type { ThreadSummary } from '@centinela/contracts';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../shared/i18n/format';

type Props = { threads: ThreadSummary[]; onOpen: (id: string) => void };

/** Message threads in the dispatch sidebar: newest first, unread counts, which became a sighting. */
export function ThreadsPanel({ threads, onOpen }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const unread = threads.reduce((sum, th) => sum + th.unread, 0);
  if (threads.length === 0) return null;
  return (
    <section className="threads pad-x" aria-label={t('threads.title')} data-testid="threads">
      <h2>
        {t('threads.title')} {unread > 0 && <span className="badge">{t('threads.unread', { n: f.number(unread) })}</span>}
      </h2>
      <ul className="thread-list">
        {threads.slice(0, 8).map((th) => (
          <li key={th.id}>
            <button type="button" className="thread-row" onClick={() => onOpen(th.id)} data-testid="thread-row">
              <span className="thread-head">
                <strong>{th.label}</strong>
                <span className="muted small">{f.time(th.lastMessageAt)}</span>
                {th.unread > 0 && <span className="badge">{f.number(th.unread)}</span>}
              </span>
              <span className="thread-preview small">{th.preview || t('threads.photo')}</span>
              {th.sightingId && <span className="small muted">{t('threads.logged')}</span>}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

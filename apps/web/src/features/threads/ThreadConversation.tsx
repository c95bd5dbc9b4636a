import type { ThreadMessage, ThreadSummary } from '@centinela/contracts';
import { type SubmitEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../shared/api/client';
import { useIdempotencyKeys } from '../../shared/api/idempotency';
import { sessionStore } from '../../shared/api/session-store';
import { useFormat } from '../../shared/i18n/format';
import type { LiveSocket } from '../../shared/socket/live';
import { useThread } from './useThreads';

type Props = {
  socket: LiveSocket | null;
  id: string;
  onClose: () => void;
  /** "Turn into sighting": the dispatcher then places it by search or on the map. */
  onTurnIntoSighting: (thread: ThreadSummary) => void;
  onOpenIncident: (incidentId: string) => void;
};

function Photo({ threadId, messageId }: { threadId: string; messageId: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    void fetch(`/api/threads/${threadId}/messages/${messageId}/photo`, { headers: { authorization: `Bearer ${sessionStore.get()?.accessToken ?? ''}` } })
      .then((r) => (r.ok ? r.blob() : null))
      .then((blob) => blob && setUrl((objectUrl = URL.createObjectURL(blob))));
    return () => {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [threadId, messageId]);
  return url ? <img src={url} alt="" className="thread-photo" /> : <span className="thumb" />;
}

function Status({ message }: { message: ThreadMessage }) {
  const { t } = useTranslation();
  if (!message.status) return null;
  return (
    <span className={`delivery delivery-${message.status}`} data-testid="delivery-status">
      {t(`threads.status.${message.status}`)}
      {message.errorCode && ` (${message.errorCode})`}
    </span>
  );
}

/** One conversation: the sender's messages and ours with their delivery status, a reply box, "turn into sighting". */
export function ThreadConversation({ socket, id, onClose, onTurnIntoSighting, onOpenIncident }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const { view, merge } = useThread(socket, id);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const keys = useIdempotencyKeys();
  const end = useRef<HTMLLIElement>(null);
  const unread = view?.thread.unread ?? 0;
  useEffect(() => {
    if (unread > 0) void api('POST', `/api/threads/${id}/read`, {}).catch(() => undefined);
  }, [id, unread]);
  const count = view?.messages.length ?? 0;
  useEffect(() => {
    if (count > 0) end.current?.scrollIntoView({ block: 'nearest' });
  }, [count]);

  const send = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = { text };
    try {
      merge(await api<ThreadMessage>('POST', `/api/threads/${id}/messages`, body, { 'idempotency-key': keys.keyFor(body) }));
      keys.reset();
      setText('');
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  if (!view) return <div className="pad-x muted" aria-busy="true" />;
  const { thread, messages } = view;
  return (
    <section className="thread pad-x" data-testid="thread">
      <div className="row spread">
        <h2>
          {thread.label} <span className="muted small">{t(`channel.${thread.channel}`)}</span>
        </h2>
        <button type="button" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </div>
      {thread.optedOut && <p className="warning small">{t('threads.optedOut')}</p>}
      <ol className="messages" aria-live="polite">
        {messages.map((m) => (
          <li key={m.id} className={`message message-${m.direction}`} data-testid={`message-${m.direction}`}>
            {m.hasPhoto && <Photo threadId={thread.id} messageId={m.id} />}
            {m.text && <p>{m.text}</p>}
            {m.location && <p className="small">📍 {m.location.name ?? `${m.location.lat.toFixed(5)}, ${m.location.lng.toFixed(5)}`}</p>}
            <span className="muted small">
              {f.time(m.at)} {m.direction === 'out' && (m.author ?? t('threads.automatic'))} <Status message={m} />
            </span>
          </li>
        ))}
        <li ref={end} aria-hidden="true" />
      </ol>
      <form className="panel-form tight" onSubmit={(e) => void send(e)}>
        <label>
          {t('threads.reply')}
          <textarea name="reply" value={text} onChange={(e) => setText(e.target.value)} maxLength={1000} rows={2} data-testid="thread-reply" />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={busy || text.trim() === ''}>
            {t('threads.send')}
          </button>
          {thread.incidentId ? (
            <button type="button" onClick={() => onOpenIncident(thread.incidentId!)}>
              {t('threads.openIncident')}
            </button>
          ) : (
            <button type="button" onClick={() => onTurnIntoSighting(thread)} data-testid="turn-into-sighting">
              {t('threads.turnIntoSighting')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

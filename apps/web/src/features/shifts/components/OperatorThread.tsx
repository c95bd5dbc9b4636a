import type { OperatorMessage } from '@centinela/contracts';
import { type SubmitEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../../shared/api/client';
import { useIdempotencyKeys } from '../../../shared/api/idempotency';
import { useFormat } from '../../../shared/i18n/format';
import { type LiveSocket, useLiveEvent } from '../../../shared/socket/live';

/** The operators' shared thread, live: questions during a shift and their answers. Kept a week. */
export function OperatorThread({ socket }: { socket: LiveSocket | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const keys = useIdempotencyKeys();
  const [messages, setMessages] = useState<OperatorMessage[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = () => api<OperatorMessage[]>('GET', '/api/shifts/thread').then(setMessages, (e: unknown) => setError(describeError(e)));
  useEffect(() => {
    void load();
  }, []);
  const add = (m: OperatorMessage) => setMessages((list) => (list.some((x) => x.id === m.id) ? list : [...list, m]));
  useLiveEvent(socket, 'operators.message', add);
  const send = (e: SubmitEvent) => {
    e.preventDefault();
    const body = { text };
    api<OperatorMessage>('POST', '/api/shifts/thread', body, { 'idempotency-key': keys.keyFor(body) }).then(
      (m) => {
        add(m);
        keys.reset();
        setText('');
        setError(null);
      },
      (err: unknown) => setError(describeError(err)),
    );
  };
  return (
    <section className="card operator-thread" data-testid="operator-thread">
      <h2>{t('shifts.thread')}</h2>
      <p className="small muted">{t('shifts.threadHint')}</p>
      <ol className="plain thread-messages">
        {messages.map((m) => (
          <li key={m.id}>
            <span className="small muted">
              {m.author ?? '—'} · {format.time(m.at)}
            </span>
            <div>{m.text}</div>
          </li>
        ))}
      </ol>
      <form className="row" onSubmit={send}>
        <input
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={2000}
          aria-label={t('shifts.threadInput')}
          placeholder={t('shifts.threadInput')}
        />
        <button type="submit" disabled={text.trim() === ''}>
          {t('shifts.send')}
        </button>
      </form>
      {error && <p className="error">{error}</p>}
    </section>
  );
}

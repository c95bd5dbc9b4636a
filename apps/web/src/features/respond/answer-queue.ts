import type { AckPing, Ping } from '@centinela/contracts';
import { api, ApiError } from '../../shared/api/client';

/**
 * Answers given without a connection wait here (localStorage) and are sent when the phone is back online,
 * in order, each with its own Idempotency-Key so a resend after a lost response counts once.
 */
type Queued = { pingId: string; answer: AckPing; key: string };

const KEY = 'centinela.answer-queue';
const read = (): Queued[] => JSON.parse(localStorage.getItem(KEY) ?? '[]') as Queued[];
const write = (items: Queued[]) => localStorage.setItem(KEY, JSON.stringify(items));
const newKey = () => crypto.randomUUID().replace(/-/g, '');

export const queuedAnswers = (): Queued[] => read();

const send = (item: Queued) => api<Ping>('POST', `/api/pings/${item.pingId}/ack`, item.answer, { 'idempotency-key': item.key });

/** Sends an answer now, or queues it if the phone is offline. Returns the ping, or null when queued. */
export async function answer(pingId: string, body: AckPing): Promise<Ping | null> {
  const item = { pingId, answer: body, key: newKey() };
  if (read().length === 0) {
    try {
      return await send(item);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 0) throw e;
    }
  }
  write([...read(), item]);
  return null;
}

/** Sends what is queued, oldest first; stops at the first network failure. Answers the server refuses are dropped. */
export async function flush(onSent: (ping: Ping) => void): Promise<void> {
  for (const item of read()) {
    try {
      onSent(await send(item));
    } catch (e) {
      if (e instanceof ApiError && e.status === 0) return;
    }
    write(read().filter((q) => q.key !== item.key));
  }
}

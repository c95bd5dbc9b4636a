import type { AckPing, Ping } from '@centinela/contracts';
import { api, ApiError } from '../../shared/api/client';

/**
 * Answers given without a connection wait here (localStorage) and are sent when the phone is back online,
 * in order, each with its own Idempotency-Key so a resend after a lost response counts once. So do answers the
 * server could not take just then (502/503/504: its database restarting, the proxy finding no process): the page
 * retries them every few seconds.
 */
type Queued = { pingId: string; answer: AckPing; key: string };

const KEY = 'centinela.answer-queue';
const read = (): Queued[] => JSON.parse(localStorage.getItem(KEY) ?? '[]') as Queued[];
const write = (items: Queued[]) => localStorage.setItem(KEY, JSON.stringify(items));
const newKey = () => crypto.randomUUID().replace(/-/g, '');

export const queuedAnswers = (): Queued[] => read();
/** Whether an answer to this ping waits to be sent (read on each render: the card re-renders when it is sent). */
export const isQueued = (pingId: string): boolean => read().some((q) => q.pingId === pingId);

/** The answer did not reach a server that could take it: no network, or the service is unavailable for a moment. */
const notReached = (e: unknown) => e instanceof ApiError && [0, 502, 503, 504].includes(e.status);

const send = (item: Queued) => api<Ping>('POST', `/api/pings/${item.pingId}/ack`, item.answer, { 'idempotency-key': item.key });

/** Sends an answer now, or queues it if the phone is offline. Returns the ping, or null when queued. */
export async function answer(pingId: string, body: AckPing): Promise<Ping | null> {
  const item = { pingId, answer: body, key: newKey() };
  if (read().length === 0) {
    try {
      return await send(item);
    } catch (e) {
      if (!notReached(e)) throw e;
    }
  }
  write([...read(), item]);
  return null;
}

let flushing: Promise<void> | null = null;

/**
 * Sends what is queued, oldest first; stops at the first answer that does not reach the server (it stays queued).
 * Answers the server refuses are dropped. One flush at a time: a call during one waits for it.
 */
export function flush(onSent: (ping: Ping) => void): Promise<void> {
  flushing ??= sendQueued(onSent).finally(() => (flushing = null));
  return flushing;
}

async function sendQueued(onSent: (ping: Ping) => void): Promise<void> {
  for (const item of read()) {
    try {
      onSent(await send(item));
    } catch (e) {
      if (notReached(e)) return;
    }
    write(read().filter((q) => q.key !== item.key));
  }
}

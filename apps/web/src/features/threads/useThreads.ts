import type { ThreadMessage, ThreadSummary, ThreadView } from '@centinela/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../shared/api/client';
import { type LiveSocket, useLiveEvent } from '../../shared/socket/live';

const newestFirst = (a: ThreadSummary, b: ThreadSummary) => b.lastMessageAt.localeCompare(a.lastMessageAt);

/** Message threads, kept live by `thread.updated`; reloaded after a reconnect through `reload`. */
export function useThreads(socket: LiveSocket | null) {
  const [threads, setThreads] = useState<ThreadSummary[]>([]);
  const reload = useCallback(async () => setThreads((await api<ThreadSummary[]>('GET', '/api/threads')).sort(newestFirst)), []);
  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);
  useLiveEvent(socket, 'thread.updated', (thread) => setThreads((list) => [thread, ...list.filter((t) => t.id !== thread.id)].sort(newestFirst)));
  const upsert = useCallback((thread: ThreadSummary) => setThreads((list) => list.map((t) => (t.id === thread.id ? thread : t))), []);
  return { threads, reload, upsert };
}

/** One thread's messages, live: new ones and delivery statuses arrive as `thread.message`. */
export function useThread(socket: LiveSocket | null, id: string) {
  const [view, setView] = useState<ThreadView | null>(null);
  useEffect(() => {
    setView(null);
    void api<ThreadView>('GET', `/api/threads/${id}`).then(setView, () => undefined);
  }, [id]);
  const merge = useCallback(
    (message: ThreadMessage) =>
      setView((v) => {
        if (v?.thread.id !== message.threadId) return v;
        const messages = v.messages.some((m) => m.id === message.id) ? v.messages.map((m) => (m.id === message.id ? message : m)) : [...v.messages, message];
        return { ...v, messages };
      }),
    [],
  );
  useLiveEvent(socket, 'thread.message', merge);
  useLiveEvent(socket, 'thread.updated', (thread) => setView((v) => (v?.thread.id === thread.id ? { ...v, thread } : v)));
  return { view, merge };
}

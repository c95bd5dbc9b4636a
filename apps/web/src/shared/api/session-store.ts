import type { LoginResponse, SessionUser } from '@centinela/contracts';

/** The signed-in session, kept in localStorage so a phone stays signed in across reloads (until it expires). */
export type Session = { accessToken: string; expiresAt: string; user: SessionUser };

const KEY = 'centinela.session';
type Listener = (session: Session | null) => void;

let current: Session | null = read();
const listeners = new Set<Listener>();

function read(): Session | null {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
    return stored && Date.parse(stored.expiresAt) > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

export const sessionStore = {
  get: (): Session | null => current,
  set(session: LoginResponse | null): void {
    current = session;
    if (session) localStorage.setItem(KEY, JSON.stringify(session));
    else localStorage.removeItem(KEY);
    for (const listener of listeners) listener(session);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

import type { Role } from '@centinela/contracts';

/** Where each role lands after signing in. */
export const homeOf = (role: Role): string => (role === 'responder' ? '/respond' : role === 'coordinator' ? '/zones' : '/dispatch');

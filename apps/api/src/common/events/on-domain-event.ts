import type { DomainEvent, DomainEventClass } from './domain-event.js';

/** Where `@OnDomainEvent` records which events a method handles; read by the EventBus at start. */
export const DOMAIN_EVENT_HANDLER = Symbol('centinela:domain-event-handler');

/**
 * Marks a provider's method as a handler of committed domain events of the given classes.
 * The EventBus finds it at start; a handler runs after the transaction that published the event commits.
 */
export function OnDomainEvent<E extends DomainEvent>(...events: DomainEventClass<E>[]): MethodDecorator {
  return (target, key) => {
    const ctor = target.constructor as { [DOMAIN_EVENT_HANDLER]?: { method: string | symbol; types: string[] }[] };
    const own = Object.prototype.hasOwnProperty.call(ctor, DOMAIN_EVENT_HANDLER) ? ctor[DOMAIN_EVENT_HANDLER]! : [];
    ctor[DOMAIN_EVENT_HANDLER] = [...own, { method: key, types: events.map((e) => e.type) }];
  };
}

export type HandlerDeclaration = { method: string | symbol; types: string[] };

/** The handlers a class declared with `@OnDomainEvent`. */
export const handlersOf = (ctor: unknown): readonly HandlerDeclaration[] =>
  typeof ctor === 'function' ? ((ctor as { [DOMAIN_EVENT_HANDLER]?: HandlerDeclaration[] })[DOMAIN_EVENT_HANDLER] ?? []) : [];

/** A fact that happened in the domain. Published inside a transaction, delivered only after it commits. */
export type DomainEvent = {
  readonly type: string;
};

/** An event's class: its constructor and its `static type`, which handlers subscribe to. */
export type DomainEventClass<E extends DomainEvent = DomainEvent> = (abstract new (...args: never[]) => E) & { readonly type: string };

/** A fact that happened in the domain. Published inside a transaction, delivered only after it commits. */
export type DomainEvent = {
  readonly type: string;
  /**
   * Other API processes cache what this event changed: the unit of work tells them (ClusterChannel, topic and
   * the ids to reload) inside the same transaction, so they hear of it if and only if it commits.
   */
  readonly cluster?: { topic: string; data: unknown };
};

/** An event's class: its constructor and its `static type`, which handlers subscribe to. */
export type DomainEventClass<E extends DomainEvent = DomainEvent> = (abstract new (...args: never[]) => E) & { readonly type: string };

/** A fact that happened in the domain. Published inside a transaction, delivered only after it commits. */
export interface DomainEvent {
  readonly type: string;
}

import type { AlertView, DeliveryCounts } from '@centinela/contracts';
import type { DomainEvent } from '../common/events/domain-event.js';

/** An alert changed (drafted, edited, approval asked or decided, sending, paused, sent, cancelled). */
export class AlertChanged implements DomainEvent {
  static readonly type = 'alerts.changed';
  readonly type = AlertChanged.type;
  constructor(readonly view: AlertView) {}
}

/** An alert's delivery counts moved (a chunk sent, a provider's report). */
export class AlertDeliveriesChanged implements DomainEvent {
  static readonly type = 'alerts.deliveries-changed';
  readonly type = AlertDeliveriesChanged.type;
  constructor(readonly counts: DeliveryCounts) {}
}

/** An alert was approved (or sent without approval): the fan-out starts. Carries what the jobs need. */
export class AlertReleased implements DomainEvent {
  static readonly type = 'alerts.released';
  readonly type = AlertReleased.type;
  constructor(
    readonly alertId: string,
    readonly batches: readonly number[],
  ) {}
}

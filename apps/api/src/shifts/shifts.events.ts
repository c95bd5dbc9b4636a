import type { OperatorMessage } from '@centinela/contracts';
import type { DomainEvent } from '../common/events/domain-event.js';

/** The weekly schedule changed: a shift added, edited or removed, someone signed up, left, offered or took a shift. */
export class ScheduleChanged implements DomainEvent {
  static readonly type = 'shifts.schedule-changed';
  readonly type = ScheduleChanged.type;
  constructor(readonly templateId: string) {}
}

/** A message in the operators' shared thread. */
export class OperatorMessagePosted implements DomainEvent {
  static readonly type = 'shifts.operator-message';
  readonly type = OperatorMessagePosted.type;
  constructor(readonly message: OperatorMessage) {}
}

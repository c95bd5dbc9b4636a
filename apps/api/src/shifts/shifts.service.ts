import type { CreateShiftTemplate, Role, ShiftRole, ShiftTemplate, WeekSchedule } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/token.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Tx, UnitOfWork } from '../database/unit-of-work.js';
import { ShiftDuty } from './shift-duty.js';
import { ScheduleChanged } from './shifts.events.js';
import { type TemplateRow, ShiftsRepository } from './shifts.repository.js';

/** Who may be on a shift of each role: operators answer the hotline (dispatchers, coordinators); responders go out. */
const mayTake = (role: ShiftRole, userRole: string | null) =>
  role === 'operator' ? userRole === 'dispatcher' || userRole === 'coordinator' : userRole === 'responder';

/** Whom a shift is shown to: their role decides what they see, their id which assignments are theirs. */
type Viewer = { id: string | null; role: Role };
/** The view for coordinators' own changes (and the published event): everything staff may see. */
const STAFF: Viewer = { id: null, role: 'coordinator' };

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The weekly recurring schedule (times are wall-clock times in the network's time zone, NETWORK_TIME_ZONE): shifts,
 * who is on them, sign-ups, swaps, the gaps, and who is on shift at an instant (call routing asks that).
 */
@Injectable()
export class ShiftsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly shifts: ShiftsRepository,
    private readonly duty: ShiftDuty,
  ) {}

  /** The user ids on shift at `at` for a role (operators: whose phones ring; responders: who is expected out). */
  onShift(at: Date, role: ShiftRole): Promise<string[]> {
    return this.shifts.onShift(this.uow.db, at, role, this.config.timeZone);
  }

  async week(viewer: Viewer): Promise<WeekSchedule> {
    const [templates, gaps] = await Promise.all([this.shifts.templates(this.uow.db), this.shifts.gaps(this.uow.db)]);
    const peak = (hour: number) => this.config.shifts.peakWindows.some((w) => hour >= w.from && hour < w.to);
    return {
      timeZone: this.config.timeZone,
      peakWindows: this.config.shifts.peakWindows,
      shifts: templates.map((t) => this.view(t, viewer)),
      gaps: gaps.map((g) => ({ ...g, peak: peak(g.hour) })),
    };
  }

  createTemplate(body: CreateShiftTemplate): Promise<ShiftTemplate> {
    return this.uow.run(async (tx) => {
      if (body.zoneId && !(await this.shifts.zoneExists(tx.db, body.zoneId))) throw DomainError.invalid([{ path: 'zoneId', message: 'no such zone' }]);
      const id = await this.shifts.insertTemplate(tx.db, body);
      return this.published(tx, id, STAFF);
    });
  }

  setMinStaff(id: string, minStaff: number): Promise<ShiftTemplate> {
    return this.uow.run(async (tx) => {
      if (!(await this.shifts.setMinStaff(tx.db, id, minStaff))) throw DomainError.notFound('shift');
      return this.published(tx, id, STAFF);
    });
  }

  deleteTemplate(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      if (!(await this.shifts.deleteTemplate(tx.db, id))) throw DomainError.notFound('shift');
      tx.publish(new ScheduleChanged(id));
    });
  }

  /** A person signs up for an open shift. Taken (as many as it needs already) → 409; of two at once, one wins. */
  signUp(user: AuthUser, templateId: string): Promise<ShiftTemplate> {
    return this.uow.run(async (tx) => {
      const shift = await this.shifts.lockForSignUp(tx.db, templateId);
      if (!shift) throw DomainError.notFound('shift');
      if (!mayTake(shift.role, user.role))
        throw new DomainError('forbidden', `only ${shift.role === 'operator' ? 'operators' : 'responders'} take this shift`).because(
          shift.role === 'operator' ? 'shift.operatorsOnly' : 'shift.respondersOnly',
        );
      if (shift.assigned >= shift.minStaff) throw DomainError.conflict('this shift is taken', await this.current(tx, templateId, user)).because('shift.taken');
      if (!(await this.shifts.insertAssignment(tx.db, templateId, user.id)))
        throw DomainError.conflict('you are already on this shift').because('shift.youAreOn');
      await this.duty.plan(tx, templateId, user.id);
      return this.published(tx, templateId, user);
    });
  }

  /** A coordinator puts someone on a shift (even beyond its minimum). */
  assign(templateId: string, userId: string): Promise<ShiftTemplate> {
    return this.uow.run(async (tx) => {
      const shift = await this.shifts.lockForSignUp(tx.db, templateId);
      if (!shift) throw DomainError.notFound('shift');
      await this.assertMayTake(tx, shift.role, userId);
      if (!(await this.shifts.insertAssignment(tx.db, templateId, userId)))
        throw DomainError.conflict('they are already on this shift').because('shift.theyAreOn');
      await this.duty.plan(tx, templateId, userId);
      return this.published(tx, templateId, STAFF);
    });
  }

  /** Leave a shift (one's own), or a coordinator takes someone off it. */
  leave(user: AuthUser, assignmentId: string): Promise<ShiftTemplate> {
    return this.uow.run(async (tx) => {
      const assignment = await this.ownOrCoordinator(tx, user, assignmentId);
      await this.shifts.deleteAssignment(tx.db, assignmentId);
      return this.published(tx, assignment.templateId, user);
    });
  }

  /** Offer my shift to someone else (or withdraw the offer); it stays mine until someone takes it. */
  offer(user: AuthUser, assignmentId: string, offered: boolean): Promise<ShiftTemplate> {
    return this.uow.run(async (tx) => {
      const assignment = await this.assignmentOf(tx, assignmentId);
      if (assignment.userId !== user.id) throw new DomainError('forbidden', 'only the person on a shift can offer it').because('shift.offerNotYours');
      await this.shifts.setOffered(tx.db, assignmentId, offered);
      return this.published(tx, assignment.templateId, user);
    });
  }

  /** Take a shift a colleague offered. Of two people taking it at once, one gets it, the other a 409. */
  take(user: AuthUser, assignmentId: string): Promise<ShiftTemplate> {
    return this.uow.run(async (tx) => {
      const assignment = await this.assignmentOf(tx, assignmentId);
      if (!mayTake(assignment.role, user.role))
        throw new DomainError('forbidden', `only ${assignment.role === 'operator' ? 'operators' : 'responders'} take this shift`).because(
          assignment.role === 'operator' ? 'shift.operatorsOnly' : 'shift.respondersOnly',
        );
      if (assignment.userId === user.id) throw DomainError.conflict('this shift is already yours').because('shift.alreadyYours');
      const templateId = await this.shifts.moveAssignment(tx.db, assignmentId, user.id, true);
      if (!templateId)
        throw DomainError.conflict('this shift is no longer offered, or you are already on it', await this.current(tx, assignment.templateId, user)).because(
          'shift.noLongerOffered',
        );
      await this.duty.plan(tx, templateId, user.id);
      return this.published(tx, templateId, user);
    });
  }

  /** A coordinator moves a shift from one person to another. */
  reassign(assignmentId: string, userId: string): Promise<ShiftTemplate> {
    return this.uow.run(async (tx) => {
      const assignment = await this.assignmentOf(tx, assignmentId);
      await this.assertMayTake(tx, assignment.role, userId);
      const templateId = await this.shifts.moveAssignment(tx.db, assignmentId, userId, false);
      if (!templateId) throw DomainError.conflict('they are already on this shift').because('shift.theyAreOn');
      await this.duty.plan(tx, templateId, userId);
      return this.published(tx, templateId, STAFF);
    });
  }

  private async assertMayTake(tx: Tx, role: ShiftRole, userId: string): Promise<void> {
    const userRole = await this.shifts.userRole(tx.db, userId);
    if (!userRole) throw DomainError.invalid([{ path: 'userId', message: 'no such user' }]);
    if (!mayTake(role, userRole)) {
      throw DomainError.invalid([{ path: 'userId', message: `a ${userRole} cannot take a ${role} shift` }]).because(
        role === 'operator' ? 'shift.operatorsOnly' : 'shift.respondersOnly',
      );
    }
  }

  private async assignmentOf(tx: Tx, id: string) {
    const assignment = await this.shifts.assignment(tx.db, id);
    if (!assignment) throw DomainError.notFound('assignment');
    return assignment;
  }

  private async ownOrCoordinator(tx: Tx, user: AuthUser, id: string) {
    const assignment = await this.assignmentOf(tx, id);
    if (assignment.userId !== user.id && user.role !== 'coordinator') throw new DomainError('forbidden', 'this shift is not yours').because('shift.notYours');
    return assignment;
  }

  private async published(tx: Tx, id: string, viewer: Viewer): Promise<ShiftTemplate> {
    const row = await this.shifts.template(tx.db, id);
    if (!row) throw DomainError.notFound('shift');
    tx.publish(new ScheduleChanged(id));
    return this.view(row, viewer);
  }

  /** The shift as it is now, for a 409's `current`. */
  private async current(tx: Tx, id: string, viewer: Viewer): Promise<ShiftTemplate | undefined> {
    const row = await this.shifts.template(tx.db, id);
    return row ? this.view(row, viewer) : undefined;
  }

  /**
   * Who is on a shift, as this viewer may see them. Staff see usernames (the handles they assign people by); a
   * responder sees fellow responders by alias, as everywhere else, and no name at all for staff (the page says
   * "operator"): a responder's phone may be seized, and staff logins must not be on it. Nor are anyone else's account
   * ids: a responder gets only their own (to find their shifts), so a seized phone cannot follow a person's schedule.
   */
  private view(t: TemplateRow, viewer: Viewer): ShiftTemplate {
    const responder = viewer.role === 'responder';
    const assignees = t.assignees.map(({ assignmentId, userId, offered, username, alias, staff }) => ({
      assignmentId,
      userId: !responder || userId === viewer.id ? userId : null,
      offered,
      name: !responder ? username : staff ? '' : (alias ?? ''),
    }));
    const start = minutesOf(t.start);
    const end = minutesOf(t.end) + (minutesOf(t.end) <= start ? 1440 : 0);
    // Touches a peak window on its first or (crossing midnight) second day.
    const peak = this.config.shifts.peakWindows.some((w) => [0, 1440].some((day) => start < day + w.to * 60 && end > day + w.from * 60));
    return { ...t, assignees, open: t.assignees.length < t.minStaff, peak };
  }
}

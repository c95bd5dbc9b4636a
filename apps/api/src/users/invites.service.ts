import { createHash, randomBytes } from 'node:crypto';
import type { AcceptInvite, CreateInvite, Invite, InvitePreview } from '@centinela/contracts';
import { createInviteSchema } from '@centinela/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { type Clock, CLOCK } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type Db, UnitOfWork } from '../database/unit-of-work.js';
import { RespondersService } from '../responders/responders.service.js';
import { ZonesService } from '../zones/zones.service.js';
import { type InviteRow, InvitesRepository } from './invites.repository.js';
import { UsersService } from './users.service.js';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Single-use links that let a responder join without a coordinator ever knowing their password. The link's
 * token is 256 random bits, shown once; only its SHA-256 is stored. Accepting creates the account with the
 * profile and zones the coordinator prepared.
 */
@Injectable()
export class InvitesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly invites: InvitesRepository,
    private readonly users: UsersService,
    private readonly zones: ZonesService,
    private readonly responders: RespondersService,
  ) {}

  async create(input: CreateInvite, coordinatorId: string): Promise<Invite> {
    const invite = createInviteSchema.parse(input);
    await this.zones.assertZonesExist(this.uow.db, invite.zoneIds);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now() + this.config.inviteTtlHours * 3_600_000);
    const id = await this.uow.run(async (tx) => {
      // Two invites with one alias: the second could never be accepted. The check holds the alias until commit.
      await this.responders.assertAliasFree(tx.db, invite.alias);
      if (await this.invites.pendingWithAlias(tx.db, invite.alias, new Date(this.clock.now()))) {
        throw new DomainError('conflict', `alias: "${invite.alias.trim()}" is already on an invite that has not been accepted yet`, [
          { path: 'alias', message: 'is already on an invite that has not been accepted yet' },
        ]).because('alias.onPendingInvite', { alias: invite.alias.trim() });
      }
      return this.invites.insert(tx.db, { ...invite, tokenHash: hashOf(token), createdBy: coordinatorId, expiresAt });
    });
    return { id, alias: invite.alias, token, path: `/invite/${token}`, expiresAt: expiresAt.toISOString() };
  }

  async preview(token: string): Promise<InvitePreview> {
    const invite = this.usable(await this.invites.findByTokenHash(this.uow.db, hashOf(token)));
    await this.assertAliasStillFree(invite);
    return { alias: invite.alias, expiresAt: invite.expiresAt.toISOString() };
  }

  /** Creates the responder's account; the invite cannot be used again. */
  accept(token: string, { username, password }: AcceptInvite): Promise<{ username: string }> {
    return this.uow.run(async (tx) => {
      const invite = this.usable(await this.invites.findByTokenHash(tx.db, hashOf(token), { lock: true }));
      await this.assertAliasStillFree(invite, tx.db);
      const user = await this.users.createAccountIn(tx, {
        username,
        password,
        role: 'responder',
        alias: invite.alias,
        profile: { capabilities: invite.capabilities, languages: invite.languages, travelMode: invite.travelMode },
      });
      if (invite.zoneIds.length > 0) await this.zones.setZonesOfResponder(tx, user.responderId!, invite.zoneIds);
      await this.invites.markAccepted(tx.db, invite.id, user.responderId!, new Date(this.clock.now()));
      return { username: user.username };
    });
  }

  /**
   * The invitee cannot change the alias, so an invite whose alias a responder has taken since (a rename, an account
   * made by hand) is as dead as an expired one: 410 naming `alias`, which the invite page shows.
   */
  private async assertAliasStillFree(invite: InviteRow, db: Db = this.uow.db): Promise<void> {
    try {
      await this.responders.assertAliasFree(db, invite.alias);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'conflict') throw error;
      const message = `the alias "${invite.alias}" on this invite is now used by another responder; ask your coordinator for a new one`;
      throw new DomainError('gone', message, [{ path: 'alias', message: 'is now used by another responder' }]).because('invite.aliasTakenSince', {
        alias: invite.alias,
      });
    }
  }

  private usable(invite: InviteRow | null): InviteRow {
    if (!invite) throw DomainError.notFound('invite');
    if (invite.acceptedAt) throw new DomainError('gone', 'this invite has already been used').because('invite.used');
    if (invite.expiresAt.getTime() <= this.clock.now())
      throw new DomainError('gone', 'this invite has expired; ask your coordinator for a new one').because('invite.expired');
    return invite;
  }
}

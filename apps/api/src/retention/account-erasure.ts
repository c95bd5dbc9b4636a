import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import type { Tx } from '../database/unit-of-work.js';
import { type FormerAccount, type RetentionProvider, retentionProviders } from './retention-rule.js';

/**
 * Deleting an account reaches every store of personal data: each `@RetainsData()` owner deletes what it keeps about
 * the person (`forgetAccount`) inside the deleting transaction, so the deletion is whole or nothing. The users module
 * owns the flow (UsersService.deleteAccount); this only finds the owners, without the users module knowing them.
 */
@Injectable()
export class AccountErasure implements OnModuleInit {
  private owners: RetentionProvider[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    this.owners = retentionProviders(this.discovery, this.reflector).filter((p) => typeof p.forgetAccount === 'function');
  }

  async forgetIn(tx: Tx, account: FormerAccount): Promise<void> {
    for (const owner of this.owners) await owner.forgetAccount!(tx, account);
  }
}

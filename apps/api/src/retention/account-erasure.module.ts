import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AccountErasure } from './account-erasure.js';

/** Apart from RetentionModule so that deleting an account does not need the job queue (the command line has none). */
@Module({ imports: [DiscoveryModule], providers: [AccountErasure], exports: [AccountErasure] })
export class AccountErasureModule {}

import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobsModule } from '../jobs/jobs.module.js';
import { RetentionRepository } from './retention.repository.js';
import { RetentionService } from './retention.service.js';

/** The retention policy's enforcement: purges and key destruction on a durable schedule. */
@Module({ imports: [DiscoveryModule, JobsModule], providers: [RetentionRepository, RetentionService], exports: [RetentionService] })
export class RetentionModule {}

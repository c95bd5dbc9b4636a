import { Global, Module } from '@nestjs/common';
import { RateLimitsRepository } from './rate-limits.repository.js';
import { RateLimits } from './rate-limits.service.js';

/** Shared rate limits and sign-in throttles (PostgreSQL), available to every module. */
@Global()
@Module({ providers: [RateLimitsRepository, RateLimits], exports: [RateLimits] })
export class RateLimitsModule {}

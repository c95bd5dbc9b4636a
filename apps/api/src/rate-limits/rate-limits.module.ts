import { Global, Module } from '@nestjs/common';
import { PublicLimits } from './public-limits.js';
import { RateLimitsRepository } from './rate-limits.repository.js';
import { RateLimits } from './rate-limits.service.js';

/** Shared rate limits, sign-in throttles and the public's limits (PostgreSQL), available to every module. */
@Global()
@Module({ providers: [RateLimitsRepository, RateLimits, PublicLimits], exports: [RateLimits, PublicLimits] })
export class RateLimitsModule {}

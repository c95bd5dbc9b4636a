import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, Inject } from '@nestjs/common';
import type { ClockTimer } from 'pg-boss';
import { type Clock, CLOCK } from '../common/clock.js';
import { ClaimsService } from './claims.service.js';
import { IncidentsService } from './incidents.service.js';

const EVERY_MS = 60_000;

/**
 * Once a minute on the clock: expires unconfirmed incidents and releases idle claims (what is deleted when is
 * the retention job's, see IncidentRetention). Runs on the app's clock, so tests move it with a test clock.
 */
@Injectable()
export class IncidentSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IncidentSweeper.name);
  /** Stops the periodic timer; set once it runs. */
  private stopTimer: (() => void) | undefined;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly incidents: IncidentsService,
    private readonly claims: ClaimsService,
  ) {}

  onApplicationBootstrap(): void {
    const handle: ClockTimer = this.clock.setInterval(() => void this.sweep(), EVERY_MS);
    this.stopTimer = () => this.clock.clearInterval(handle);
  }

  onApplicationShutdown(): void {
    this.stopTimer?.();
  }

  async sweep(): Promise<void> {
    try {
      const expired = await this.incidents.expireStale();
      const released = await this.claims.releaseIdle();
      if (expired + released > 0) this.logger.log(`expired ${expired} incidents, released ${released} claims`);
    } catch (error) {
      this.logger.error(`sweep failed: ${(error as Error).message}`);
    }
  }
}

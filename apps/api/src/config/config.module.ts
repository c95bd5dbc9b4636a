import { configureDateWindows } from '@centinela/contracts';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { type Clock, CLOCK, systemClock } from '../common/clock.js';
import type { AppConfig } from './app-config.js';

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Makes the configuration validated at boot, and the clock, injectable everywhere:
 * `@Inject(APP_CONFIG) config: AppConfig`, `@Inject(CLOCK) clock: Clock`.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, clock: Clock = systemClock): DynamicModule {
    configureDateWindows(config.dates);
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
      ],
      exports: [APP_CONFIG, CLOCK],
    };
  }
}

import { Module } from '@nestjs/common';
import { RespondersModule } from '../responders/responders.module.js';
import { ZonesModule } from '../zones/zones.module.js';
import { CoverageController } from './coverage.controller.js';
import { CoverageService } from './coverage.service.js';

@Module({ imports: [RespondersModule, ZonesModule], controllers: [CoverageController], providers: [CoverageService] })
export class CoverageModule {}

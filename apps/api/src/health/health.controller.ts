import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/roles.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';

/**
 * Why a health check failed, in a sentence: this process is stopping, or which check is down. Not the driver's
 * reason: it names the database's internal address, and this route is public (the log has it).
 */
function whyUnavailable(result: HealthCheckResult): string {
  if (result.status === 'shutting_down') return 'this process is stopping; another one answers';
  return `down: ${Object.keys(result.error ?? {}).join(', ') || 'unknown'}`;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  /**
   * 200 when the database answers; 503 (the one error shape, with Retry-After) when it does not, and from the moment
   * this process begins to stop, so that a load balancer's health check takes it out of rotation.
   */
  @Get()
  @ApiOperation({ summary: '200 when the database answers; 503 when it does not or this process is stopping' })
  @Public()
  @ApiOkResponse({ description: "Terminus' result: `status` ok, and the database's check" })
  @HealthCheck({ noCache: true, swaggerDocumentation: false }) // its 503 is the one error shape (withErrorResponses)
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database.pingCheck('database').withTimeout(2000)]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) throw new DomainError('unavailable', whyUnavailable(error.getResponse() as HealthCheckResult));
      throw error;
    }
  }
}

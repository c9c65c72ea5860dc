import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { Response } from 'express';
import { HealthIndicatorRegistry } from './health-indicator.registry';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly registry: HealthIndicatorRegistry,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: runs every registered check (the event store, and each module that registered one).',
    description: 'Answers 200 when every check is up and 503 with the same report, failing checks under `error`, when one is down.',
  })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult | string | object> {
    try {
      return await this.health.check(this.registry.list().map((indicator) => () => indicator.check()));
    } catch (error: unknown) {
      // Terminus reports a failed check as a 503 whose body names the failing check. That report is
      // what a probe or an operator needs, so it is returned as is rather than reshaped by the
      // global error filter into the generic error body.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(error.getStatus());
      return error.getResponse();
    }
  }
}

import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { HttpReply } from '../common/http-types';
import { CurrentPrincipal, Public } from '../auth/access.decorator';
import type { Principal } from '../auth/roles';
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
    description:
      'Answers 200 when every check is up and 503 when one is down. Anyone gets `{ status }`; the credential of an operator without region limits gets the whole report, failing checks under `error`.',
  })
  @Public()
  async check(@CurrentPrincipal() principal: Principal | undefined, @Res({ passthrough: true }) response: HttpReply): Promise<HealthCheckResult | string | object> {
    // Liveness is public; the details (store backend, positions, lags, what verification found and
    // in which streams) are for operators of the whole ledger, not of some regions only.
    const detailed = principal?.roles.includes('operator') === true && principal.regions === null;
    try {
      const report = await this.health.check(this.registry.list().map((indicator) => () => indicator.check()));
      return detailed ? report : { status: report.status };
    } catch (error: unknown) {
      // Terminus reports a failed check as a 503 whose body names the failing check. That report is
      // what a probe or an operator needs, so it is returned as is rather than reshaped by the
      // global error filter into the generic error body.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(error.getStatus());
      return detailed ? error.getResponse() : { status: 'error' };
    }
  }
}

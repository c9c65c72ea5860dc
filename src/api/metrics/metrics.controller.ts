import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../common/http-types';
import { Allow } from '../auth/access.decorator';
import { LedgerMetrics } from './ledger-metrics';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: LedgerMetrics) {}

  /**
   * Operator only: the metrics reveal load, error rates and import activity, which is operations'
   * business, not that of the departments or the inspectors. Prometheus scrapes with a service token.
   */
  @Get()
  @Allow('operator')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics: commands, appends, group commits, projection lag, SSE clients, refused requests, imports' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4' })
  async scrape(@Res() reply: HttpReply): Promise<void> {
    const body = await this.metrics.registry.metrics();
    await reply.status(200).header('Content-Type', this.metrics.registry.contentType).send(body);
  }
}

import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../common/http-types';
import { assert } from '../../domain/domain-error';
import type { CommandMetadata, ReassessScope } from '../../ledger/ledger.types';
import { Allow, CurrentPrincipal } from '../auth/access.decorator';
import { RegionScope } from '../auth/region-scope';
import type { Principal } from '../auth/roles';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { ReassessCommand, type ReassessResult } from './commands/reassessments.handlers';
import { ApiCommandHeaders, CommandMeta } from './command-metadata.decorator';
import { ReassessDto, type ReassessScopeDto } from './dto/reassessment.dto';
import { ReassessmentReportResponse } from './dto/responses.dto';
import { withWriteStatus } from './write-status';

@ApiTags('reassessments')
@ApiCommandHeaders()
@Controller('reassessments')
export class ReassessmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly scope: RegionScope,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Reassess person-years under the revisions and identities known now',
    description:
      'Replays each claim in recorded order and appends ClaimReassessed with exact per-tier deltas where amounts differ. A second run with nothing new appends nothing. `dryRun: true` returns the impact report only.',
  })
  @ApiBody({
    type: ReassessDto,
    examples: {
      personYear: { summary: 'One person-year', value: { scope: { personId: 'p-000123', year: 2023 }, reason: '低保 recognised retroactively' } },
      regionDryRun: {
        summary: 'A region and period, dry run',
        value: { scope: { region: 'heze', from: '2023-01-01', to: '2023-12-31' }, reason: 'impact of revision 2023-03', dryRun: true },
      },
    },
  })
  @ApiResponse({ status: 201, description: 'Reassessed; the ClaimReassessed events are durable.', type: ReassessmentReportResponse })
  @ApiResponse({ status: 200, description: 'Dry run, or nothing changed: nothing appended.', type: ReassessmentReportResponse })
  @ApiErrorResponses(400, 404, 409, 422)
  @Allow('operator')
  async reassess(
    @Body() body: ReassessDto,
    @CommandMeta() meta: CommandMetadata,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<ReassessResult> {
    const scope = toScope(body.scope);
    if ('personId' in scope) await this.scope.assertPerson(principal, scope.personId);
    else this.scope.assertRegion(principal, scope.region);
    const input = {
      scope,
      reason: body.reason,
      dryRun: body.dryRun ?? false,
      ...(body.correctionId === undefined ? {} : { correctionId: body.correctionId }),
    };
    const report = await this.commands.execute(new ReassessCommand(input, meta));
    return withWriteStatus(response, report, !report.dryRun && report.events.length > 0);
  }
}

/** The DTO has validated that exactly one of the two forms is complete; the assertion pairs with it. */
const toScope = ({ personId, year, region, from, to }: ReassessScopeDto): ReassessScope => {
  if (personId !== undefined && year !== undefined) return { personId, year };
  assert(region !== undefined && from !== undefined && to !== undefined, 'a validated scope has personId+year or region+from+to');
  return { region, from, to };
};

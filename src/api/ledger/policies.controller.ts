import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IsOptionalNotNull } from '../common/dto-validators';
import type { HttpReply } from '../common/http-types';
import type { PublishedPack } from '../../domain/policy/policy-pack';
import type { Ledger } from '../../ledger/ledger.service';
import type { AppendedEvent, CommandMetadata, CommandResult } from '../../ledger/ledger.types';
import { Allow, CurrentPrincipal } from '../auth/access.decorator';
import { RegionScope } from '../auth/region-scope';
import { ROLES, type Principal } from '../auth/roles';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { PublishPolicyCommand } from './commands/policies.handlers';
import { ApiCommandHeaders, CommandMeta } from './command-metadata.decorator';
import { PublishPolicyDto } from './dto/policy.dto';
import { CommandResponse, PoliciesResponse } from './dto/responses.dto';
import { REGION_CODE } from './dto/wire-format';
import { LEDGER } from './ledger.token';
import { packsToPublish, SEED_PACKS } from './policy-source';
import { withWriteStatus } from './write-status';

export class PoliciesQueryDto {
  @ApiPropertyOptional({ example: 'heze', description: 'Only this region; absent: every region.' })
  @IsOptionalNotNull()
  @Matches(REGION_CODE, { message: 'region must be a region code such as "heze"' })
  readonly region?: string;
}

export class PublishPoliciesResponse extends CommandResponse {
  @ApiProperty({ example: [{ region: 'heze', revision: '2022-05-01', hash: '9f2c…' }], description: 'The revisions this request covered.' })
  readonly revisions!: Array<PublishedPack['ref']>;
}

@ApiTags('policies')
@Controller('policies')
export class PoliciesController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(SEED_PACKS) private readonly seeds: readonly PublishedPack[],
    private readonly scope: RegionScope,
  ) {}

  @Post()
  @ApiCommandHeaders()
  @ApiOperation({
    summary: 'Publish a policy revision (an immutable pack) or a shipped seed pack',
    description:
      'A correction is a new revision with `corrects: <revision>`; nothing already recorded changes (reassess to apply it). Publishing the same content again appends nothing (200); other content under a published revision is a 409 (REVISION_IMMUTABLE), and so is a revision whose period overlaps a published one it does not correct (REVISION_OVERLAP) or a correction that does not name the newest revision of its chain (CORRECTION_NOT_HEAD).',
  })
  @ApiBody({
    type: PublishPolicyDto,
    examples: {
      seed: { summary: 'A shipped pack', value: { seed: 'heze', reason: 'initial publication', document: '菏医保〔2022〕10号' } },
      pack: { summary: 'An operator pack (abbreviated: see docs/policy-packs.md for the whole format)', value: { pack: { region: 'heze', revision: '2023-01-01', '…': '…' } } },
    },
  })
  @ApiResponse({ status: 201, description: 'Published; the events are durable.', type: PublishPoliciesResponse })
  @ApiResponse({ status: 200, description: 'Already published with this content: nothing appended.', type: PublishPoliciesResponse })
  @ApiErrorResponses(400, 404, 409, 422)
  @Allow('policy-admin')
  async publish(
    @Body() body: PublishPolicyDto,
    @CommandMeta() meta: CommandMetadata,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<CommandResult & { revisions: Array<PublishedPack['ref']> }> {
    const packs = packsToPublish(body, this.seeds);
    for (const pack of packs) this.scope.assertRegion(principal, pack.ref.region);
    const events: AppendedEvent[] = [];
    let position = '';
    for (const [index, policy] of packs.entries()) {
      // Each revision is its own command; a shared Idempotency-Key gets a per-revision suffix so their event ids differ.
      const revisionMeta = meta.commandId === undefined || packs.length === 1 ? meta : { ...meta, commandId: `${meta.commandId}#${index}` };
      const input = { policy, reason: body.reason ?? null, document: body.document ?? null };
      const result = await this.commands.execute(new PublishPolicyCommand(input, revisionMeta));
      events.push(...result.events);
      position = result.position;
    }
    return withWriteStatus(response, { events, position, revisions: packs.map((pack) => pack.ref) });
  }

  @Get()
  @ApiOperation({ summary: 'Published revisions, by region and effective date' })
  @ApiOkResponse({ type: PoliciesResponse })
  @ApiErrorResponses(400)
  // Policy packs are public rules, not personal data: every role may read them.
  @Allow(...ROLES)
  list(@Query() query: PoliciesQueryDto): { policies: PublishedPack[] } {
    return { policies: this.ledger.policies(query.region) };
  }
}

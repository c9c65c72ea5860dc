import { Body, Controller, Get, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../common/http-types';
import type { EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../infrastructure/tokens';
import type { CommandMetadata, CommandResult } from '../../ledger/ledger.types';
import { PersonDataRead } from '../access-log/person-data-read.decorator';
import { Allow, CurrentPrincipal } from '../auth/access.decorator';
import { RegionScope } from '../auth/region-scope';
import type { Principal } from '../auth/roles';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import {
  ApplyForOneTimeAssistanceCommand,
  EnrollPersonCommand,
  RecognizeIdentityCommand,
  RegisterPersonCommand,
  RevokeIdentityCommand,
} from './commands/persons.handlers';
import { ApiCommandHeaders, CommandMeta } from './command-metadata.decorator';
import { EnrollPersonDto, OneTimeAssistanceDto } from './dto/enrollment.dto';
import { RecognizeIdentityDto, RegisterPersonDto, RevokeIdentityDto } from './dto/person.dto';
import { CommandResponse, PersonResponse } from './dto/responses.dto';
import { OpaqueIdPipe } from './opaque-id.pipe';
import { readPerson, type PersonView } from './person-view';
import { withWriteStatus as written } from './write-status';
import { DomainError } from '../../shared/domain-error';

const WRITTEN = { status: 201, description: 'Recorded; the events are durable.', type: CommandResponse } as const;
const REPEATED = { status: 200, description: 'Already recorded exactly so: nothing appended.', type: CommandResponse } as const;

@ApiTags('persons')
@ApiCommandHeaders()
@Controller('persons')
export class PersonsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly scope: RegionScope,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a person in a pooling region and scheme', description: 'The id is opaque: no name or 身份证号 ever enters an event.' })
  @ApiBody({ type: RegisterPersonDto, examples: { heze: { value: { personId: 'p-000123', region: 'heze', scheme: 'RESIDENT' } } } })
  @ApiResponse(WRITTEN)
  @ApiResponse(REPEATED)
  @ApiErrorResponses(400, 404, 409)
  @Allow('registrar')
  async register(
    @Body() body: RegisterPersonDto,
    @CommandMeta() meta: CommandMetadata,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<CommandResult> {
    // Outside the credential's regions: the region, or an id registered elsewhere, looks unknown.
    this.scope.assertRegion(principal, body.region);
    await this.scope.assertPerson(principal, body.personId);
    try {
      return written(response, await this.commands.execute(new RegisterPersonCommand({ ...body }, meta)));
    } catch (error) {
      // Another region may register the id between the check above and this command; the ledger's
      // conflict then names that region, so the check is made again and answers 404 before it.
      if (error instanceof DomainError && error.code === 'PERSON_ALREADY_REGISTERED') await this.scope.assertPerson(principal, body.personId);
      throw error;
    }
  }

  @Get(':personId')
  @PersonDataRead('person')
  @ApiOperation({ summary: 'A person as the ledger knows it now: registration, identity intervals and changes, enrollments' })
  @ApiParam({ name: 'personId', example: 'p-000123' })
  @ApiOkResponse({ type: PersonResponse })
  @ApiErrorResponses(400, 404)
  @Allow('registrar', 'inspector')
  async person(@Param('personId', OpaqueIdPipe) personId: string, @CurrentPrincipal() principal: Principal): Promise<PersonView> {
    await this.scope.assertPerson(principal, personId);
    return readPerson(this.store, personId);
  }

  @Post(':personId/identities')
  @ApiOperation({
    summary: 'Recognize an identity category (身份认定), possibly retroactively',
    description: 'A validity that covers settled claims reassesses their person-years at once; the follow-up events are in the response.',
  })
  @ApiParam({ name: 'personId', example: 'p-000123' })
  @ApiBody({
    type: RecognizeIdentityDto,
    examples: {
      subsistence: {
        summary: '低保 from 1 January, open-ended',
        value: { category: 'SUBSISTENCE', validFrom: '2023-01-01', source: { department: 'CIVIL_AFFAIRS', document: '低保名册 2023-01' } },
      },
    },
  })
  @ApiResponse(WRITTEN)
  @ApiResponse(REPEATED)
  @ApiErrorResponses(400, 404, 409, 422)
  @Allow('registrar')
  async recognize(
    @Param('personId', OpaqueIdPipe) personId: string,
    @Body() body: RecognizeIdentityDto,
    @CommandMeta() meta: CommandMetadata,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<CommandResult> {
    await this.scope.assertPerson(principal, personId);
    const input = { personId, category: body.category, validFrom: body.validFrom, validTo: body.validTo ?? null, source: { ...body.source } };
    return written(response, await this.commands.execute(new RecognizeIdentityCommand(input, meta)));
  }

  @Post(':personId/identities/revocations')
  @ApiOperation({ summary: 'Revoke an identity category from a day on (possibly retroactively)' })
  @ApiParam({ name: 'personId', example: 'p-000123' })
  @ApiBody({
    type: RevokeIdentityDto,
    examples: {
      subsistence: {
        summary: '低保 ends on 30 June',
        value: { category: 'SUBSISTENCE', validTo: '2023-06-30', reason: '收入超过低保标准', source: { department: 'CIVIL_AFFAIRS', document: '低保退出名册 2023-07' } },
      },
    },
  })
  @ApiResponse(WRITTEN)
  @ApiErrorResponses(400, 404, 409, 422)
  @Allow('registrar')
  async revoke(
    @Param('personId', OpaqueIdPipe) personId: string,
    @Body() body: RevokeIdentityDto,
    @CommandMeta() meta: CommandMetadata,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<CommandResult> {
    await this.scope.assertPerson(principal, personId);
    const input = { personId, category: body.category, validTo: body.validTo, reason: body.reason, source: { ...body.source } };
    return written(response, await this.commands.execute(new RevokeIdentityCommand(input, meta)));
  }

  @Post(':personId/enrollments')
  @ApiOperation({
    summary: 'Enroll for a benefit year, granting the enrollment subsidy (参保资助) the pack gives',
    description: 'The subsidy rule and contribution come from the revision in force on the later of enrolledOn and 1 January of the year.',
  })
  @ApiParam({ name: 'personId', example: 'p-000123' })
  @ApiBody({ type: EnrollPersonDto, examples: { heze: { value: { year: 2023, contribution: '350.00', enrolledOn: '2022-11-15' } } } })
  @ApiResponse(WRITTEN)
  @ApiResponse(REPEATED)
  @ApiErrorResponses(400, 404, 409, 422)
  @Allow('registrar')
  async enroll(
    @Param('personId', OpaqueIdPipe) personId: string,
    @Body() body: EnrollPersonDto,
    @CommandMeta() meta: CommandMetadata,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<CommandResult> {
    await this.scope.assertPerson(principal, personId);
    const input = { personId, year: body.year, contribution: body.contribution, enrolledOn: body.enrolledOn, ...(body.scheme ? { scheme: body.scheme } : {}) };
    return written(response, await this.commands.execute(new EnrollPersonCommand(input, meta)));
  }

  @Post(':personId/one-time-assistance')
  @ApiOperation({
    summary: 'Apply for one-time assistance (Fumeng 因病致贫重病患者 look-back)',
    description: 'Covers the policy-scope remainder of claims dated in the 12 months before the application, with the application year\'s parameters; granted once.',
  })
  @ApiParam({ name: 'personId', example: 'p-000123' })
  @ApiBody({ type: OneTimeAssistanceDto, examples: { fumeng: { value: { applicationDate: '2023-09-01' } } } })
  @ApiResponse(WRITTEN)
  @ApiErrorResponses(400, 404, 409, 422)
  @Allow('registrar')
  async oneTimeAssistance(
    @Param('personId', OpaqueIdPipe) personId: string,
    @Body() body: OneTimeAssistanceDto,
    @CommandMeta() meta: CommandMetadata,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<CommandResult> {
    await this.scope.assertPerson(principal, personId);
    return written(response, await this.commands.execute(new ApplyForOneTimeAssistanceCommand({ personId, applicationDate: body.applicationDate }, meta)));
  }
}

import { BadRequestException, Body, Controller, Get, Header, HttpCode, HttpStatus, Inject, Param, Post, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../common/http-types';
import type { EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../infrastructure/tokens';
import type { CommandMetadata, CommandResult } from '../../ledger/ledger.types';
import { PERSONAL_DATA_STORE, type PersonalData, type PersonalDataStore } from '../../personal-data/personal-data.port';
import { PersonDataRead } from '../access-log/person-data-read.decorator';
import { Allow, CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/roles';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { DomainError } from '../../domain/domain-error';
import { AcceptsPersonalData } from '../common/personal-identifier.guard';
import { ApiCommandHeaders, CommandMeta } from '../ledger/command-metadata.decorator';
import { CommandResponse } from '../ledger/dto/responses.dto';
import { OpaqueIdPipe } from '../ledger/opaque-id.pipe';
import { readPerson } from '../ledger/person-view';
import { withWriteStatus } from '../ledger/write-status';
import { ErasePersonalDataCommand } from './personal-data.handlers';
import { ErasureDto, LookupDto, LookupResponse, PersonalDataDto, PersonalDataResponse } from './personal-data.dto';

const PERSON_PARAM = { name: 'personId', example: 'p-000123' } as const;

/**
 * The registrar's personal-data endpoints: names, 身份证号, phone numbers and addresses go in and
 * out here and nowhere else. Every answer is `Cache-Control: no-store`; every read is in the access log.
 * Only `registrar` may call them: inspectors audit amounts and categories by the opaque person id and
 * have no need for a name or an ID number (docs/security.md).
 */
@ApiTags('personal data')
@Controller('persons')
export class PersonalDataController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA_STORE) private readonly personalData: PersonalDataStore,
  ) {}

  @Put(':personId/personal-data')
  @Allow('registrar')
  @AcceptsPersonalData()
  @HttpCode(HttpStatus.NO_CONTENT)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Store (or replace) a person\'s personal data, encrypted under the person\'s own key', description: 'Refused with 409 after an erasure (erasure is final) and when the 身份证号 is recorded for another person.' })
  @ApiParam(PERSON_PARAM)
  @ApiBody({ type: PersonalDataDto })
  @ApiNoContentResponse({ description: 'Stored.' })
  @ApiErrorResponses(400, 404, 409)
  async put(@Param('personId', OpaqueIdPipe) personId: string, @Body() body: PersonalDataDto, @CurrentPrincipal() principal: Principal | undefined): Promise<void> {
    const data = personalDataOf(body);
    if (Object.keys(data).length === 0) throw new BadRequestException(['body: must give at least one of name, nationalId, phone, address']);
    await this.registeredWithin(personId, principal);
    // An erased person (PERSONAL_DATA_ERASED) or a number held by another (NATIONAL_ID_IN_USE) is a 409 DomainError.
    await this.personalData.put(personId, data);
  }

  @Get(':personId/personal-data')
  @Allow('registrar')
  @PersonDataRead('personal-data')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A person\'s personal data (recorded in the access log)' })
  @ApiParam(PERSON_PARAM)
  @ApiOkResponse({ type: PersonalDataResponse })
  @ApiErrorResponses(400, 404)
  async read(@Param('personId', OpaqueIdPipe) personId: string, @CurrentPrincipal() principal: Principal | undefined): Promise<PersonalData & { personId: string }> {
    await this.registeredWithin(personId, principal);
    const data = await this.personalData.read(personId);
    if (data === null) throw new DomainError('not-found', 'PERSONAL_DATA_NOT_FOUND', `no personal data is stored for person ${personId} (none was put, or it was erased)`);
    return { personId, ...data };
  }

  @Post('lookup')
  @Allow('registrar')
  @AcceptsPersonalData()
  @PersonDataRead('lookup', { answerField: 'personId' })
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Find a person by 身份证号, given in the body (never in a URL); recorded in the access log' })
  @ApiBody({ type: LookupDto })
  @ApiOkResponse({ type: LookupResponse })
  @ApiErrorResponses(400, 404)
  async lookup(@Body() body: LookupDto, @CurrentPrincipal() principal: Principal | undefined): Promise<LookupResponse> {
    const personId = await this.personalData.findPersonIdByNationalId(body.nationalId.trim());
    // A registrar limited to regions learns nothing about persons elsewhere: the same 404 as an unknown number.
    if (personId === null || !(await this.withinRegions(personId, principal))) {
      throw new DomainError('not-found', 'PERSON_NOT_FOUND', 'no person is recorded with this 身份证号');
    }
    return { personId };
  }

  private async withinRegions(personId: string, principal: Principal | undefined): Promise<boolean> {
    if (principal?.regions === undefined || principal.regions === null) return true;
    const person = await readPerson(this.store, personId).catch(() => null);
    return person !== null && principal.regions.includes(person.region);
  }

  /**
   * The person must be registered (404 otherwise) and, for a principal limited to regions, in one of
   * them: a person elsewhere gets the same 404, so the answer says nothing about who exists there.
   */
  private async registeredWithin(personId: string, principal: Principal | undefined): Promise<void> {
    const person = await readPerson(this.store, personId);
    if (principal?.regions && !principal.regions.includes(person.region)) {
      throw new DomainError('not-found', 'PERSON_NOT_FOUND', `person ${personId} is not registered`);
    }
  }

  @Post(':personId/personal-data/erasure')
  @Allow('registrar')
  @ApiCommandHeaders()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Erase a person\'s personal data (crypto-shredding) and record PersonalDataErased',
    description: 'Destroys the person\'s data key and index entry; the ledger\'s amounts, streams and hash chains are untouched. Repeating it appends nothing (200).',
  })
  @ApiParam(PERSON_PARAM)
  @ApiBody({ type: ErasureDto })
  @ApiResponse({ status: 201, description: 'Erased; PersonalDataErased recorded.', type: CommandResponse })
  @ApiResponse({ status: 200, description: 'Already erased: nothing appended.', type: CommandResponse })
  @ApiErrorResponses(400, 404)
  async erase(
    @Param('personId', OpaqueIdPipe) personId: string,
    @Body() body: ErasureDto,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) response: HttpReply,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<CommandResult> {
    await this.registeredWithin(personId, principal);
    return withWriteStatus(response, await this.commands.execute(new ErasePersonalDataCommand({ personId, reason: body.reason }, meta)));
  }
}

/** Plain object with the given fields only (no DTO prototype reaches the store). */
const personalDataOf = (body: PersonalDataDto): PersonalData => ({
  ...(body.name === undefined ? {} : { name: body.name }),
  ...(body.nationalId === undefined ? {} : { nationalId: body.nationalId.trim().toUpperCase() }),
  ...(body.phone === undefined ? {} : { phone: body.phone }),
  ...(body.address === undefined ? {} : { address: body.address }),
});

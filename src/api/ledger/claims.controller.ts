import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../common/http-types';
import { ClaimIdReused } from '../../ledger/claim-id-reused';
import type { CommandMetadata, SubmitClaimInput, SubmitClaimResult } from '../../ledger/ledger.types';
import { Allow, CurrentPrincipal } from '../auth/access.decorator';
import { RegionScope } from '../auth/region-scope';
import type { Principal } from '../auth/roles';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { SubmitClaimCommand } from './commands/claims.handlers';
import { ApiCommandHeaders, CommandMeta } from './command-metadata.decorator';
import { SubmitClaimDto } from './dto/claim.dto';
import { SubmitClaimResponse } from './dto/responses.dto';
import { withWriteStatus } from './write-status';

export type SubmitClaimReply = SubmitClaimResult & { readonly claimId: string };

const INPATIENT_EXAMPLE = {
  claimId: 'hz-2023-0001',
  personId: 'p-000123',
  kind: 'INPATIENT',
  admissionDate: '2023-03-01',
  dischargeDate: '2023-03-15',
  hospitalLevel: 'SECONDARY',
  location: 'IN_COUNTY',
  costs: { total: '80000.00', outOfCatalog: '2000.00', categoryBSelfPay: '0.00', overStandard: '0.00', outOfAreaFirstSelfPay: '0.00' },
};

@ApiTags('claims')
@ApiCommandHeaders()
@Controller('claims')
export class ClaimsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly scope: RegionScope,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Submit a claim and settle it at once (basic → critical illness → assistance → re-assistance)',
    description: [
      'Settled under the category that pays most among those held on the reference date (就高不就低), against the person-year\'s accumulators, in recorded order.',
      'Resubmitting the same claim id with the same content returns the recorded settlement with 200 and appends nothing; other content under that id is a 409.',
      'Refusals are 422 with a code: NOT_ENROLLED, POLICY_SCOPE_NEGATIVE, NO_POLICY_IN_FORCE, ADJUDICATION_REQUIRED.',
    ].join(' '),
  })
  @ApiBody({
    type: SubmitClaimDto,
    examples: {
      inpatient: { summary: 'Inpatient stay in the county', value: INPATIENT_EXAMPLE },
      adjudicated: {
        summary: 'One-stop settlement: basic and critical already paid',
        value: { ...INPATIENT_EXAMPLE, claimId: 'hz-2023-0002', adjudicated: { basic: '45000.00', critical: '8450.00' } },
      },
    },
  })
  @ApiResponse({ status: 201, description: 'Settled; the events are durable.', type: SubmitClaimResponse })
  @ApiResponse({ status: 200, description: 'Already settled with this exact content: the recorded settlement, nothing appended.', type: SubmitClaimResponse })
  @ApiErrorResponses(400, 404, 409, 422)
  @Allow('claims-feeder')
  async submit(
    @Body() body: SubmitClaimDto,
    @CommandMeta() meta: CommandMetadata,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<SubmitClaimReply> {
    await this.scope.assertPerson(principal, body.personId);
    const result = await this.commands.execute(new SubmitClaimCommand(toSubmitClaimInput(body), meta)).catch(async (error: unknown) => {
      throw await this.withOriginalRegion(error);
    });
    return withWriteStatus(response, { claimId: body.claimId, ...result }, !result.duplicate);
  }

  /**
   * A reused claim id's refusal, with the region of the person the id paid: the error body names that
   * person only to a caller of that region (error-mapping.ts), so a conflict tells a region-limited
   * hospital system or inspector nothing about who is registered elsewhere.
   */
  private async withOriginalRegion(error: unknown): Promise<unknown> {
    if (!(error instanceof ClaimIdReused) || error.original === null) return error;
    return error.withOriginalRegion(await this.scope.personRegion(error.original.personId));
  }
}

/** Copies the validated body into the ledger's input shape (plain objects, no DTO prototypes). */
export const toSubmitClaimInput = (body: SubmitClaimDto): SubmitClaimInput => ({
  claimId: body.claimId,
  personId: body.personId,
  kind: body.kind,
  admissionDate: body.admissionDate,
  dischargeDate: body.dischargeDate,
  hospitalLevel: body.hospitalLevel,
  location: body.location,
  ...(body.referred === undefined ? {} : { referred: body.referred }),
  ...(body.relocationFiled === undefined ? {} : { relocationFiled: body.relocationFiled }),
  ...(body.severeMentalDisorder === undefined ? {} : { severeMentalDisorder: { bedDays: body.severeMentalDisorder.bedDays } }),
  ...(body.diseaseCode === undefined ? {} : { diseaseCode: body.diseaseCode }),
  costs: { ...body.costs },
  ...(body.adjudicated === undefined ? {} : { adjudicated: { ...body.adjudicated } }),
});

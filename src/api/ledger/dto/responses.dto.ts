import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATEGORIES, DEPARTMENTS, SCHEMES } from '../../../domain/vocabulary';

/**
 * Response bodies, for the OpenAPI document only: controllers return the ledger's plain result
 * objects, whose shapes these classes describe.
 */

export class AppendedEventResponse {
  @ApiProperty({ example: 'ClaimSettled' })
  readonly type!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event data (public event contract v1, docs/events.md).' })
  readonly data!: Record<string, unknown>;

  @ApiProperty({ example: 'benefit-year-p-000123-2023' })
  readonly streamName!: string;

  @ApiProperty({ example: '0b6f5a3e-6a0e-5c1b-9d2f-3f4e5a6b7c8d' })
  readonly eventId!: string;

  @ApiProperty({ example: '42', description: 'Global position (a decimal string: it can exceed 2^53).' })
  readonly position!: string;
}

export class CommandResponse {
  @ApiProperty({ type: [AppendedEventResponse], description: 'Events the command appended, empty for a repeat.' })
  readonly events!: AppendedEventResponse[];

  @ApiProperty({
    example: '42',
    description: 'Global position of the last appended event (or of the head when nothing was appended): read models at or past it reflect this write.',
  })
  readonly position!: string;
}

export class PayoutsResponse {
  @ApiProperty({ example: '45000.00' }) readonly basic!: string;
  @ApiProperty({ example: '8450.00' }) readonly critical!: string;
  @ApiProperty({ example: '19005.00' }) readonly assistance!: string;
  @ApiProperty({ example: '0.00' }) readonly reassistance!: string;
}

/** A recorded trace step (docs/events.md, TraceStep v2): the sentence is rendered on read, GET /claims/{id}/explanation. */
export class TraceStepResponse {
  @ApiProperty({ example: 'assistance.annual', description: 'Message key.' }) readonly key!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { threshold: '0.00', ratio: '0.70', cap: '70000.00' } })
  readonly values?: Record<string, string>;
  @ApiPropertyOptional({ example: 'assistance.categories.SUBSISTENCE', description: 'Path of the pack rule applied; its clause or assumed note is in the pack.' })
  readonly rule?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { cap: 'assistance.categories.SUBSISTENCE.annualCap' } })
  readonly figures?: Record<string, string>;
}

export class SettlementResponse {
  @ApiProperty({ example: 'hz-2023-0001' }) readonly claimId!: string;
  @ApiProperty({ example: 2023 }) readonly year!: number;
  @ApiProperty({ example: 1, description: 'Recorded order of the claim in its person-year.' }) readonly sequence!: number;
  @ApiProperty({ example: '2023-03-15' }) readonly referenceDate!: string;
  @ApiProperty({ enum: CATEGORIES, isArray: true }) readonly heldCategories!: string[];
  @ApiProperty({ enum: CATEGORIES, nullable: true, example: 'SUBSISTENCE' }) readonly appliedCategory!: string | null;
  @ApiProperty({ example: { region: 'heze', revision: '2022-10', hash: '9f2c…' } }) readonly policy!: Record<string, string>;
  @ApiProperty({ example: '80000.00', description: 'Policy-scope cost P.' }) readonly policyScope!: string;
  @ApiProperty({ type: PayoutsResponse }) readonly payouts!: PayoutsResponse;
  @ApiProperty({ example: '7545.00' }) readonly outOfPocket!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Accumulators before and after the claim.' })
  readonly accumulators!: Record<string, unknown>;
  @ApiProperty({ type: [TraceStepResponse] }) readonly trace!: TraceStepResponse[];
}

export class SubmitClaimResponse extends CommandResponse {
  @ApiProperty({ example: 'hz-2023-0001' }) readonly claimId!: string;
  @ApiProperty({ example: false, description: 'True when this exact claim was already settled: nothing was appended (HTTP 200).' })
  readonly duplicate!: boolean;
  @ApiProperty({ type: SettlementResponse }) readonly settlement!: SettlementResponse;
}

export class ReassessmentChangeResponse {
  @ApiProperty() readonly claimId!: string;
  @ApiProperty() readonly personId!: string;
  @ApiProperty() readonly year!: number;
  @ApiProperty({ type: PayoutsResponse }) readonly delta!: PayoutsResponse;
  @ApiProperty({ example: '-1200.00' }) readonly totalDelta!: string;
}

export class ReassessmentDeltaResponse extends PayoutsResponse {
  @ApiProperty({ example: '-1200.00' }) readonly total!: string;
}

export class ReassessmentReportResponse {
  @ApiProperty({ example: 'reassess-heze-2023' }) readonly correctionId!: string;
  @ApiProperty() readonly dryRun!: boolean;
  @ApiProperty({ example: 12 }) readonly personYears!: number;
  @ApiProperty({ example: 3 }) readonly personYearsAffected!: number;
  @ApiProperty({ example: 40 }) readonly claims!: number;
  @ApiProperty({ example: 5 }) readonly claimsAffected!: number;
  @ApiProperty({ type: ReassessmentDeltaResponse }) readonly delta!: ReassessmentDeltaResponse;
  @ApiProperty({ type: [ReassessmentChangeResponse] }) readonly largestChanges!: ReassessmentChangeResponse[];
  @ApiProperty({ type: [AppendedEventResponse], description: 'Empty on a dry run.' }) readonly events!: AppendedEventResponse[];
  @ApiProperty({ example: '57', description: 'Global position after the reassessment (the head when nothing was appended).' })
  readonly position!: string;
}

export class PolicyRefResponse {
  @ApiProperty({ example: 'heze' }) readonly region!: string;
  @ApiProperty({ example: '2022-10' }) readonly revision!: string;
  @ApiProperty({ example: '9f2c…', description: 'SHA-256 of the canonical pack.' }) readonly hash!: string;
}

export class PublishedPackResponse {
  @ApiProperty({ type: PolicyRefResponse }) readonly ref!: PolicyRefResponse;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The pack as published.' }) readonly pack!: Record<string, unknown>;
}

export class PoliciesResponse {
  @ApiProperty({ type: [PublishedPackResponse] }) readonly policies!: PublishedPackResponse[];
}

export class IdentitySourceResponse {
  @ApiProperty({ enum: DEPARTMENTS }) readonly department!: string;
  @ApiProperty() readonly document!: string;
}

export class IdentityIntervalResponse {
  @ApiProperty({ enum: CATEGORIES }) readonly category!: string;
  @ApiProperty({ example: '2023-01-01' }) readonly validFrom!: string;
  @ApiProperty({ example: null, nullable: true, type: String }) readonly validTo!: string | null;
}

export class IdentityChangeResponse extends IdentityIntervalResponse {
  @ApiProperty({ enum: ['recognized', 'revoked'] }) readonly change!: string;
  @ApiProperty({ type: IdentitySourceResponse }) readonly source!: IdentitySourceResponse;
  @ApiProperty({ example: '2023-02-10', description: 'Day it was recorded (bitemporal).' }) readonly recordedOn!: string;
  @ApiPropertyOptional() readonly reason?: string;
}

export class EnrollmentSubsidyResponse {
  @ApiProperty({ enum: CATEGORIES }) readonly category!: string;
  @ApiProperty({ example: '350.00' }) readonly amount!: string;
}

export class EnrollmentResponse {
  @ApiProperty({ example: 2023 }) readonly year!: number;
  @ApiProperty({ enum: SCHEMES }) readonly scheme!: string;
  @ApiProperty({ example: '350.00' }) readonly contribution!: string;
  @ApiProperty({ example: '2022-11-15' }) readonly enrolledOn!: string;
  @ApiProperty({ type: EnrollmentSubsidyResponse, nullable: true }) readonly subsidy!: EnrollmentSubsidyResponse | null;
}

export class PersonResponse {
  @ApiProperty({ example: 'p-000123' }) readonly personId!: string;
  @ApiProperty({ example: 'heze' }) readonly region!: string;
  @ApiProperty({ enum: SCHEMES }) readonly scheme!: string;
  @ApiProperty({ type: [IdentityIntervalResponse], description: 'Validity intervals as known now (effective time).' })
  readonly identities!: IdentityIntervalResponse[];
  @ApiProperty({ type: [IdentityChangeResponse], description: 'Recognitions and revocations in recorded order.' })
  readonly identityChanges!: IdentityChangeResponse[];
  @ApiProperty({ type: [EnrollmentResponse] }) readonly enrollments!: EnrollmentResponse[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'One-time assistance grants (Fumeng).' })
  readonly oneTimeAssistance!: Array<Record<string, unknown>>;
  @ApiProperty({ example: '42', description: 'Global position of the last event this view includes.' })
  readonly position!: string;
}

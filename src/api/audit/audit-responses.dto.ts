import { ApiProperty } from '@nestjs/swagger';
import { CATEGORIES } from '../../domain/vocabulary';

/**
 * Response bodies of the audit API, for the OpenAPI document only: the controllers return the
 * projections' rows, whose shapes these classes describe (docs/projections.md has every field).
 */

const PAYOUTS_EXAMPLE = { basic: '45000.00', critical: '8450.00', assistance: '19005.00', reassistance: '0.00' };
const STAMP_EXAMPLE = { position: '42', recordedAt: '2023-07-01T02:00:00.000Z', eventId: '0b6f5a3e-6a0e-5c1b-9d2f-3f4e5a6b7c8d' };

export class RecordedStampResponse {
  @ApiProperty({ example: '42', description: 'Global position of the event.' }) readonly position!: string;
  @ApiProperty({ example: '2023-07-01T02:00:00.000Z', description: 'When the ledger recorded it.' }) readonly recordedAt!: string;
  @ApiProperty({ example: STAMP_EXAMPLE.eventId }) readonly eventId!: string;
}

export class TimelineEntryResponse {
  @ApiProperty({ example: 'p-000123' }) readonly personId!: string;
  @ApiProperty({ enum: ['recognized', 'revoked'], example: 'recognized' }) readonly change!: string;
  @ApiProperty({ enum: CATEGORIES, example: 'DESTITUTE' }) readonly category!: string;
  @ApiProperty({ nullable: true, example: '2023-04-01', description: 'Recognitions: first valid day.' }) readonly validFrom!: string | null;
  @ApiProperty({ nullable: true, example: null, description: 'Recognition: last valid day (null while open); revocation: last day it stays valid.' })
  readonly validTo!: string | null;
  @ApiProperty({ nullable: true, example: null }) readonly reason!: string | null;
  @ApiProperty({ example: { department: 'CIVIL_AFFAIRS', document: '民政发〔2023〕12号' } }) readonly source!: Record<string, string>;
  @ApiProperty({ example: '2023-07-01' }) readonly recordedOn!: string;
  @ApiProperty({ example: true, description: 'The change reaches back before the day it was recorded.' }) readonly retroactive!: boolean;
  @ApiProperty({ type: RecordedStampResponse }) readonly stamp!: RecordedStampResponse;
}

export class ValidityIntervalResponse {
  @ApiProperty({ enum: CATEGORIES, example: 'DESTITUTE' }) readonly category!: string;
  @ApiProperty({ example: '2023-04-01' }) readonly validFrom!: string;
  @ApiProperty({ nullable: true, example: null }) readonly validTo!: string | null;
}

export class TimelineResponse {
  @ApiProperty({ example: 'p-000123' }) readonly personId!: string;
  @ApiProperty({ nullable: true, example: '2023-05-01', description: 'The effective date asked about.' }) readonly asOf!: string | null;
  @ApiProperty({ nullable: true, example: '2023-06-01T00:00:00+08:00', description: 'The recorded moment asked about; null means now.' })
  readonly asAt!: string | null;
  @ApiProperty({ type: [TimelineEntryResponse], description: 'Changes recorded by asAt, in recorded order.' }) readonly entries!: TimelineEntryResponse[];
  @ApiProperty({ type: [ValidityIntervalResponse] }) readonly intervals!: ValidityIntervalResponse[];
  @ApiProperty({ nullable: true, enum: CATEGORIES, isArray: true, example: ['SUBSISTENCE'], description: 'Categories valid on asOf as known at asAt.' })
  readonly heldOn!: string[] | null;
}

export class TierUsageResponse {
  @ApiProperty({ nullable: true, example: '27150.00', description: 'Accumulated base of the tier (null for basic insurance).' }) readonly base!: string | null;
  @ApiProperty({ nullable: true, example: '12000.00', description: 'Threshold under the category of the last claim, from its trace.' })
  readonly threshold!: string | null;
  @ApiProperty({ nullable: true, example: '12000.00' }) readonly thresholdConsumed!: string | null;
  @ApiProperty({ example: '8450.00' }) readonly paid!: string;
  @ApiProperty({ nullable: true, example: '300000.00', description: '"unlimited" when the tier has no cap; null when the trace does not say.' })
  readonly cap!: string | null;
  @ApiProperty({ nullable: true, example: '291550.00' }) readonly remaining!: string | null;
}

export class UsageResponse {
  @ApiProperty({ example: 'p-000123' }) readonly personId!: string;
  @ApiProperty({ example: 2023 }) readonly year!: number;
  @ApiProperty({ nullable: true, example: 'heze' }) readonly region!: string | null;
  @ApiProperty({ nullable: true, enum: CATEGORIES, example: 'SUBSISTENCE' }) readonly appliedCategory!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/TierUsageResponse' },
    example: { basic: { base: null, threshold: null, thresholdConsumed: null, paid: '45000.00', cap: '250000.00', remaining: '205000.00' } },
  })
  readonly tiers!: Record<string, TierUsageResponse>;
  @ApiProperty({ example: { total: '7545.00', policyScope: '5545.00' } }) readonly burden!: Record<string, string>;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    example: [{ claimId: 'hz-2023-0001', sequence: 1, referenceDate: '2023-03-15', appliedCategory: 'SUBSISTENCE', payouts: PAYOUTS_EXAMPLE, outOfPocket: '7545.00', runningPaid: PAYOUTS_EXAMPLE, reassessments: 0 }],
    description: 'Claims in recorded order with current amounts and the running totals after each.',
  })
  readonly claims!: object[];
  @ApiProperty({ type: RecordedStampResponse, nullable: true }) readonly lastChange!: RecordedStampResponse | null;
}

export class UsageAnswerResponse {
  @ApiProperty({ type: UsageResponse }) readonly usage!: UsageResponse;
  @ApiProperty({ nullable: true, example: '2023-06-01T00:00:00+08:00' }) readonly asAt!: string | null;
}

export class SubsidyResponse {
  @ApiProperty({ example: 'p-000123' }) readonly personId!: string;
  @ApiProperty({ example: 2023 }) readonly year!: number;
  @ApiProperty({ nullable: true, example: { scheme: 'RESIDENT', contribution: '350.00', enrolledOn: '2022-11-20', policy: null, stamp: STAMP_EXAMPLE } })
  readonly enrollment!: object | null;
  @ApiProperty({ enum: ['granted', 'declined', 'not-decided'], example: 'granted' }) readonly status!: string;
  @ApiProperty({ example: '350.00', description: 'Σ of the grants of the year.' }) readonly amount!: string;
  @ApiProperty({ nullable: true, enum: CATEGORIES, example: 'DESTITUTE' }) readonly category!: string | null;
  @ApiProperty({ nullable: true, example: { kind: 'full', parameter: null, clause: 'heze-2022-10 §一(一)' } }) readonly rule!: object | null;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) readonly grants!: object[];
  @ApiProperty({ nullable: true, example: null }) readonly declined!: object | null;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Every decline recorded, even one a later grant superseded.' }) readonly declines!: object[];
}

export class AlertResponse {
  @ApiProperty({ example: 'p-000123' }) readonly personId!: string;
  @ApiProperty({ example: 2023 }) readonly year!: number;
  @ApiProperty({ example: 'shanxi-monitoring' }) readonly rule!: string;
  @ApiProperty({ example: '因病返贫监测' }) readonly ruleName!: string;
  @ApiProperty({ example: true }) readonly open!: boolean;
  @ApiProperty({ example: '6000.00' }) readonly threshold!: string;
  @ApiProperty({ example: '7545.00' }) readonly burden!: string;
  @ApiProperty({ type: RecordedStampResponse, nullable: true }) readonly raisedAt!: RecordedStampResponse | null;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Every raise and withdrawal of this rule in the year.' }) readonly history!: object[];
}

export class RenderedExplanationResponse {
  @ApiProperty({ enum: ['zh', 'en'], example: 'zh' }) readonly lang!: string;
  @ApiProperty({ type: [String], example: ['菏泽市（山东省） 2022-05-01 版政策（内容哈希 …），基准日期 2023-03-20，待遇年度 2023。'] }) readonly heading!: string[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    example: [
      {
        index: 8,
        key: 'assistance.annual',
        tier: 'assistance',
        title: '医疗救助',
        text: '医疗救助（低保对象）：本年度累计救助基数 A 由 0.00 元 增加 26752.50 元 至 26752.50 元，…',
        provenance: { kind: 'cited', doc: 'heze-2022-10', clause: '一(四)', rule: 'assistance.categories.SUBSISTENCE', text: '依据 heze-2022-10 §一(四)' },
        figures: [{ name: 'ratio', label: '支付比例', value: '0.70', text: '70%', provenance: { kind: 'cited', text: '依据 heze-2022-10 §一(四)' } }],
      },
    ],
    description: 'Every step: its text, the provenance of its rule (cited clause, or assumed with the note) and each figure with its own provenance.',
  })
  readonly steps!: object[];
}

export class ClaimExplanationAnswerResponse {
  @ApiProperty({ example: 'hz-2023-0001' }) readonly claimId!: string;
  @ApiProperty({ enum: ['zh', 'en'], example: 'zh' }) readonly lang!: string;
  @ApiProperty({ type: RenderedExplanationResponse, nullable: true }) readonly settlement!: RenderedExplanationResponse | null;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '`{ correctionId, explanation }` per reassessment, in recorded order.' })
  readonly reassessments!: object[];
}

export class ClaimExplanationResponse {
  @ApiProperty({ example: 'hz-2023-0001' }) readonly claimId!: string;
  @ApiProperty({ example: 'p-000123' }) readonly personId!: string;
  @ApiProperty({ example: 2023 }) readonly year!: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The ClaimSettled data (docs/events.md) with its trace, plus `stamp`.' })
  readonly settlement!: object;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    example: [{ correctionId: 'retro-p-000123-2023', reason: 'retroactive recognition', delta: { basic: '0.00', critical: '0.00', assistance: '400.00', reassistance: '0.00' }, stamp: STAMP_EXAMPLE }],
    description: 'Every ClaimReassessed: previous, next, delta per tier, correction, trace.',
  })
  readonly reassessments!: object[];
  @ApiProperty({ example: { payouts: PAYOUTS_EXAMPLE, outOfPocket: '7545.00', appliedCategory: 'SUBSISTENCE', policy: { region: 'heze', revision: '2022-05-01', hash: 'ab12…' } } })
  readonly current!: object;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) readonly oneTimeAssistance!: object[];
  @ApiProperty({ type: ClaimExplanationAnswerResponse, description: 'The trace rendered in the reader\'s language (lang, else Accept-Language, else zh).' })
  readonly explanation!: ClaimExplanationAnswerResponse;
}

export class FundRowResponse {
  @ApiProperty({ example: 'heze' }) readonly region!: string;
  @ApiProperty({ example: '2023-03' }) readonly month!: string;
  @ApiProperty({ enum: ['basic', 'critical', 'assistance', 'reassistance', 'subsidy', 'oneTimeAssistance'], example: 'assistance' }) readonly tier!: string;
  @ApiProperty({ nullable: true, enum: CATEGORIES, example: 'SUBSISTENCE' }) readonly category!: string | null;
  @ApiProperty({ example: '19005.00', description: 'As first settled or granted.' }) readonly settled!: string;
  @ApiProperty({ example: '-400.00', description: 'Σ reassessment corrections attributed here.' }) readonly reassessed!: string;
  @ApiProperty({ example: '18605.00' }) readonly total!: string;
  @ApiProperty({ example: 3, description: 'Settlements or grants counted here.' }) readonly count!: number;
}

export class FundReportResponse {
  @ApiProperty({ nullable: true, example: 'heze' }) readonly region!: string | null;
  @ApiProperty({ nullable: true, example: '2023-01' }) readonly from!: string | null;
  @ApiProperty({ nullable: true, example: '2023-12' }) readonly to!: string | null;
  @ApiProperty({ type: [FundRowResponse] }) readonly rows!: FundRowResponse[];
  @ApiProperty({ example: { basic: '45000.00', critical: '8450.00', assistance: '18605.00', reassistance: '0.00', subsidy: '350.00', oneTimeAssistance: '0.00' } })
  readonly totals!: Record<string, string>;
  @ApiProperty({ example: false, description: 'True when the report was cut at its row limit; narrow the range.' }) readonly truncated!: boolean;
}

export class IndexedEventResponse {
  @ApiProperty({ example: STAMP_EXAMPLE.eventId }) readonly eventId!: string;
  @ApiProperty({ example: 'ClaimSettled' }) readonly type!: string;
  @ApiProperty({ example: 'benefit-year-p-000123-2023' }) readonly streamName!: string;
  @ApiProperty({ example: '0' }) readonly revision!: string;
  @ApiProperty({ example: '42' }) readonly position!: string;
  @ApiProperty({ example: 'req-7f3a' }) readonly correlationId!: string;
  @ApiProperty({ example: 'req-7f3a' }) readonly causationId!: string;
  @ApiProperty({ example: 'clerk:hz-017' }) readonly actor!: string;
  @ApiProperty({ example: '2023-07-01T02:00:00.000Z' }) readonly recordedAt!: string;
  @ApiProperty({ example: 1 }) readonly schemaVersion!: number;
}

export class CorrelatedEventsResponse {
  @ApiProperty({ example: 'req-7f3a' }) readonly correlationId!: string;
  @ApiProperty({ type: [IndexedEventResponse] }) readonly events!: IndexedEventResponse[];
  @ApiProperty({ example: false }) readonly truncated!: boolean;
}

export class ChainBreakResponse {
  @ApiProperty({ example: 'benefit-year-p-000123-2023' }) readonly streamName!: string;
  @ApiProperty({ example: '3' }) readonly revision!: string;
  @ApiProperty({ nullable: true, example: '57' }) readonly position!: string | null;
  @ApiProperty({ nullable: true, example: STAMP_EXAMPLE.eventId }) readonly eventId!: string | null;
  @ApiProperty({ enum: ['altered', 'removed', 'reordered', 'broken-link'], example: 'altered' }) readonly problem!: string;
  @ApiProperty({ example: 'the stored hash does not match the event content' }) readonly detail!: string;
}

export class IntegrityFindingResponse {
  @ApiProperty({ enum: ['recomputed-chain', 'deleted-events', 'deleted-tail', 'bad-signature', 'unreadable', 'missing-reservation', 'reused-id', 'access-log-broken', 'access-log-truncated'] }) readonly problem!: string;
  @ApiProperty({ nullable: true, example: 'benefit-year-p-1-2023' }) readonly streamName!: string | null;
  @ApiProperty({ nullable: true, example: '3' }) readonly revision!: string | null;
  @ApiProperty({ nullable: true, example: '57' }) readonly position!: string | null;
  @ApiProperty({ example: 'the event hash differs from the one the global chain committed to when it was appended' }) readonly detail!: string;
}

export class VerifyResponse {
  @ApiProperty({ example: false, description: 'True when every stream’s hash chain is intact.' }) readonly ok!: boolean;
  @ApiProperty({ example: 12 }) readonly streamsChecked!: number;
  @ApiProperty({ example: 240 }) readonly eventsChecked!: number;
  @ApiProperty({ type: [ChainBreakResponse], description: 'The first broken link of each stream that has one.' }) readonly breaks!: ChainBreakResponse[];
  @ApiProperty({ example: 240, description: 'Events walked in global order.' }) readonly globalEventsChecked!: number;
  @ApiProperty({ example: 3, description: 'Signed checkpoints checked (from the store and the witness file).' }) readonly checkpointsChecked!: number;
  @ApiProperty({ example: '240' }) readonly headPosition!: string;
  @ApiProperty({ example: '9f2c…', description: 'The global chain\'s hash at the head.' }) readonly headGlobalHash!: string;
  @ApiProperty({ nullable: true, example: 1200, description: 'Entries of the access log whose hash chain was walked; null without an access log.' })
  readonly accessLogEntriesChecked!: number | null;
  @ApiProperty({ nullable: true, example: { position: '200', globalHash: '41d0…', signedAt: '2024-03-01T00:00:00.000Z' } })
  readonly lastVerifiedCheckpoint!: { position: string; globalHash: string; signedAt: string } | null;
  @ApiProperty({
    type: [IntegrityFindingResponse],
    description:
      'Problems beyond one stream\'s chain: recomputed-chain, deleted-events, deleted-tail, bad-signature, unreadable; missing-reservation and reused-id ' +
      '(a settled claim id whose reservation row is gone, or recorded in more than one stream); access-log-broken (an access log entry edited or removed from the middle, or no longer the one a checkpoint signed); ' +
      'access-log-truncated (the access log holds fewer entries than a signed checkpoint vouched for).',
  })
  readonly findings!: IntegrityFindingResponse[];
}

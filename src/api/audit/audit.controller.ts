import { BadRequestException, Controller, ForbiddenException, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../infrastructure/tokens';
import type { IntegrityReportJson } from '../../integrity/verify-report-text';
import type { TimelineView } from '../../projections/identity-timeline.projection';
import type { AlertRow } from '../../projections/open-alerts.projection';
import type { RunningProjections } from '../../projections/running-projections';
import { PROJECTION_RUNNER } from '../projections/projections.tokens';
import { CorrelatedEventRecords, type CorrelatedEvents } from '../../projections/correlated-events';
import { ReadModels, type FundReport, type UsageAnswer } from '../../projections/read-models';
import type { SubsidyRow } from '../../projections/subsidy-status.projection';
import { PersonDataRead } from '../access-log/person-data-read.decorator';
import { Allow, CurrentPrincipal } from '../auth/access.decorator';
import { RegionScope } from '../auth/region-scope';
import type { Principal } from '../auth/roles';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { DomainError } from '../../shared/domain-error';
import { OpaqueIdPipe } from '../ledger/opaque-id.pipe';
import {
  AlertResponse,
  CorrelatedEventsResponse,
  FundReportResponse,
  SubsidyResponse,
  TimelineResponse,
  UsageAnswerResponse,
  VerifyResponse,
} from './audit-responses.dto';
import {
  checkMonthRange,
  optionalChoice,
  optionalDate,
  optionalInstant,
  optionalMonth,
  optionalRegion,
  requiredText,
  requiredYear,
} from './query-params';
import { caughtUp, MIN_POSITION_QUERY } from './read-your-writes';
import { FullVerification } from '../integrity/full-verification';
import { KnownQuery } from '../common/known-query.pipe';
import type { Ledger } from '../../ledger/ledger.service';
import { LEDGER } from '../ledger/ledger.token';


const PERSON_PARAM = { name: 'personId', example: 'p-000123' } as const;

const AS_AT_QUERY = { name: 'asAt', required: false, example: '2023-06-01T00:00:00+08:00' } as const;

const AS_AT_STATUS =
  '`asAt` (a recorded moment) answers with what the ledger said at that moment about this person, before any change recorded later ' +
  '(a grant after a retroactive recognition, a reassessment that raised or withdrew an alert); absent, the answer is now.';

/**
 * Read-only questions of inspectors (稽核), answered from the projections: a person's identity
 * timeline as of a date and as at a moment, a person-year's usage of thresholds and caps, subsidies,
 * alerts, fund totals, the events of one request, and the integrity of the hash chains. A claim's
 * explanation is answered by ClaimsAuditController.
 */
@ApiTags('audit')
@Controller()
export class AuditController {
  /** The events of one request: the event index says where they are, the store holds them. */
  private readonly correlatedEvents: CorrelatedEventRecords;

  constructor(
    private readonly readModels: ReadModels,
    @Inject(PROJECTION_RUNNER) private readonly runner: RunningProjections,
    @Inject(EVENT_STORE) store: EventStore,
    private readonly verification: FullVerification,
    private readonly scope: RegionScope,
    @Inject(LEDGER) private readonly ledger: Ledger,
  ) {
    this.correlatedEvents = new CorrelatedEventRecords(readModels, store);
  }

  @Get('persons/:personId/timeline')
  @PersonDataRead('timeline')
  @ApiOperation({
    summary: 'Identity categories over time, bitemporally',
    description:
      '`asOf` (an effective date) asks which categories were valid that day; `asAt` (a recorded moment) restricts the answer to what the ledger had recorded by then. ' +
      'After a retroactive recognition the two differ: asAt before the recognition does not show it, even for an asOf it covers.',
  })
  @ApiParam(PERSON_PARAM)
  @ApiQuery({ name: 'asOf', required: false, example: '2023-05-01' })
  @ApiQuery({ name: 'asAt', required: false, example: '2023-06-01T00:00:00+08:00' })
  @ApiQuery(MIN_POSITION_QUERY)
  @ApiOkResponse({ type: TimelineResponse })
  @ApiErrorResponses(400, 404)
  @Allow('inspector')
  async timeline(@Param('personId', OpaqueIdPipe) personId: string, @CurrentPrincipal() principal: Principal, @KnownQuery('asOf', 'asAt', 'minPosition') query: Record<string, unknown>): Promise<TimelineView> {
    const asOf = optionalDate(query.asOf, 'asOf');
    const asAt = optionalInstant(query.asAt, 'asAt');
    await this.scope.assertPerson(principal, personId);
    await this.caughtUp(query);
    const view = this.readModels.timeline(personId, asOf, asAt);
    if (!view) throw new DomainError('not-found', 'PERSON_NOT_FOUND', `person ${personId} is not known to the ledger`);
    return view;
  }

  @Get('persons/:personId/years/:year/usage')
  @PersonDataRead('usage')
  @ApiOperation({
    summary: 'A person-year’s thresholds and caps: per tier base, threshold consumed, paid, cap, remaining; per claim running totals',
    description: '`asAt` answers as the ledger knew it at that moment (the last change recorded by then).',
  })
  @ApiParam(PERSON_PARAM)
  @ApiParam({ name: 'year', example: 2023 })
  @ApiQuery({ name: 'asAt', required: false, example: '2023-06-01T00:00:00+08:00' })
  @ApiQuery(MIN_POSITION_QUERY)
  @ApiOkResponse({ type: UsageAnswerResponse })
  @ApiErrorResponses(400, 404)
  @Allow('inspector')
  async usage(@Param('personId', OpaqueIdPipe) personId: string, @CurrentPrincipal() principal: Principal, @Param('year') year: string, @KnownQuery('asAt', 'minPosition') query: Record<string, unknown>): Promise<UsageAnswer> {
    const benefitYear = requiredYear(year, 'year');
    const asAt = optionalInstant(query.asAt, 'asAt');
    await this.scope.assertPerson(principal, personId);
    await this.caughtUp(query);
    const answer = this.readModels.usageOfRegistered(personId, benefitYear, asAt);
    if (answer === null) throw personNotRegistered(personId);
    return answer;
  }

  @Get('persons/:personId/years/:year/subsidy')
  @PersonDataRead('subsidy')
  @ApiOperation({
    summary: 'Enrollment and enrollment subsidy (参保资助) of a person-year: granted, declined with the reason, or not decided',
    description: AS_AT_STATUS,
  })
  @ApiParam(PERSON_PARAM)
  @ApiParam({ name: 'year', example: 2023 })
  @ApiQuery(AS_AT_QUERY)
  @ApiQuery(MIN_POSITION_QUERY)
  @ApiOkResponse({ type: SubsidyResponse })
  @ApiErrorResponses(400, 404)
  @Allow('inspector')
  async subsidy(@Param('personId', OpaqueIdPipe) personId: string, @CurrentPrincipal() principal: Principal, @Param('year') year: string, @KnownQuery('asAt', 'minPosition') query: Record<string, unknown>): Promise<SubsidyRow> {
    const benefitYear = requiredYear(year, 'year');
    const asAt = optionalInstant(query.asAt, 'asAt');
    await this.scope.assertPerson(principal, personId);
    await this.caughtUp(query);
    return this.ofKnownPerson(personId, () => this.readModels.subsidy(personId, benefitYear, asAt));
  }

  @Get('persons/:personId/enrollments')
  @PersonDataRead('enrollments')
  @Allow('inspector', 'registrar', 'operator')
  @ApiOperation({ summary: 'Every enrollment of a person, one per benefit year, with its subsidy (参保资助)', description: AS_AT_STATUS })
  @ApiParam(PERSON_PARAM)
  @ApiQuery(AS_AT_QUERY)
  @ApiQuery(MIN_POSITION_QUERY)
  @ApiOkResponse({ type: [SubsidyResponse] })
  @ApiErrorResponses(400, 404)
  async enrollments(@Param('personId', OpaqueIdPipe) personId: string, @CurrentPrincipal() principal: Principal, @KnownQuery('asAt', 'minPosition') query: Record<string, unknown>): Promise<SubsidyRow[]> {
    const asAt = optionalInstant(query.asAt, 'asAt');
    await this.scope.assertPerson(principal, personId);
    await this.caughtUp(query);
    return this.ofKnownPerson(personId, () => this.readModels.enrollments(personId, asAt));
  }

  @Get('persons/:personId/alerts')
  @PersonDataRead('alerts')
  @ApiOperation({
    summary: 'Early-warning alerts (因病返贫致贫监测预警): open ones by default, or all with their history',
    description: `${AS_AT_STATUS} An alert raised later is absent; one withdrawn later is still open.`,
  })
  @ApiParam(PERSON_PARAM)
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'all'], example: 'open' })
  @ApiQuery(AS_AT_QUERY)
  @ApiQuery(MIN_POSITION_QUERY)
  @ApiOkResponse({ type: [AlertResponse] })
  @ApiErrorResponses(400, 404)
  @Allow('inspector')
  async alerts(@Param('personId', OpaqueIdPipe) personId: string, @CurrentPrincipal() principal: Principal, @KnownQuery('status', 'asAt', 'minPosition') query: Record<string, unknown>): Promise<AlertRow[]> {
    const status = optionalChoice(query.status, 'status', ['open', 'all'] as const, 'open');
    const asAt = optionalInstant(query.asAt, 'asAt');
    await this.scope.assertPerson(principal, personId);
    await this.caughtUp(query);
    return this.ofKnownPerson(personId, () => this.readModels.alerts(personId, status, asAt));
  }

  @Get('reports/funds')
  @ApiOperation({
    summary: 'Fund totals by region × month × tier × category',
    description: 'Claims count in the month of their reference date, with reassessment corrections; enrollment subsidies are the tier `subsidy`.',
  })
  @ApiQuery({ name: 'region', required: false, example: 'heze' })
  @ApiQuery({ name: 'from', required: false, example: '2023-01', description: 'First month, YYYY-MM (inclusive).' })
  @ApiQuery({ name: 'to', required: false, example: '2023-12', description: 'Last month, YYYY-MM (inclusive).' })
  @ApiQuery(MIN_POSITION_QUERY)
  @ApiOkResponse({ type: FundReportResponse })
  @ApiErrorResponses(400, 404, 422)
  @Allow('inspector')
  async funds(@KnownQuery('region', 'from', 'to', 'minPosition') query: Record<string, unknown>, @CurrentPrincipal() principal: Principal): Promise<FundReport> {
    const region = this.reportRegion(principal, optionalRegion(query.region, 'region'));
    // A region no revision was published for is a typo; an empty report would read as "nothing paid".
    if (region !== null) await this.ledger.assertKnownRegion(region);
    const from = optionalMonth(query.from, 'from');
    const to = optionalMonth(query.to, 'to');
    checkMonthRange(from, to);
    await this.caughtUp(query);
    return this.readModels.funds(region, from, to);
  }

  @Get('events')
  @ApiOperation({ summary: 'Every event one request caused, in global order (by the correlation id of its metadata)' })
  @ApiQuery({ name: 'correlationId', required: true, example: 'req-7f3a' })
  @ApiQuery(MIN_POSITION_QUERY)
  @ApiOkResponse({ type: CorrelatedEventsResponse })
  @ApiErrorResponses(400)
  @Allow('inspector')
  async events(@KnownQuery('correlationId', 'minPosition') query: Record<string, unknown>, @CurrentPrincipal() principal: Principal): Promise<CorrelatedEvents> {
    const correlationId = requiredText(query.correlationId, 'correlationId', 200);
    await this.caughtUp(query);
    return this.correlatedEvents.byCorrelation(correlationId, (streamName) => this.scope.mayAccessStream(principal, streamName));
  }

  @Get('audit/verify')
  @ApiOperation({
    summary: 'Verify every stream’s hash chain, the global chain and the signed checkpoints',
    description:
      'Reads the whole store (not a projection): altered, removed or reordered events (the first broken link of each stream), events changed with their chain recomputed, ' +
      'deleted events, streams or tails, checkpoints not signed by the ledger\'s key, an unreadable file, settled claim ids whose reservation is gone or that were settled in two streams, ' +
      'and an access log entry edited or removed from the middle are reported with where they are. `ok: false` is still a 200: the report is the answer. ' +
      'Operators without region limits only (403 for a credential limited to regions: the report names the streams of every region); ' +
      'the walk runs on a worker thread, so the service keeps answering meanwhile.',
  })
  @ApiOkResponse({ type: VerifyResponse })
  @ApiErrorResponses(403)
  @Allow('operator')
  async verify(@CurrentPrincipal() principal: Principal): Promise<IntegrityReportJson> {
    // Findings name the streams they are in, and a stream's name holds its person's id: a credential
    // of one region must not learn which persons exist in another from a report of the whole store.
    if (principal.regions !== null) throw new ForbiddenException('GET /audit/verify reports on every region\'s events: it needs an operator credential without region limits');
    // A forgery it finds stops writes, as one found at start does (FullVerification).
    return this.verification.run('request');
  }

  /**
   * The region of a fund report: the one asked for, if the credential may see it (404 otherwise); the
   * credential's only region when it is limited to one; every region for an unlimited credential.
   */
  private reportRegion(principal: Principal, asked: string | null): string | null {
    if (asked !== null) {
      this.scope.assertRegion(principal, asked);
      return asked;
    }
    if (principal.regions === null) return null;
    if (principal.regions.length === 1) return principal.regions[0] ?? null;
    throw new BadRequestException([`region: required, because this credential is limited to the regions ${principal.regions.join(', ')}`]);
  }

  private async caughtUp(query: Record<string, unknown>): Promise<void> {
    await caughtUp(this.runner, query);
  }

  /** The read, in one snapshot with the check that the person is registered (404 when not). */
  private ofKnownPerson<T>(personId: string, read: () => T): T {
    const answer = this.readModels.ofRegistered(personId, read);
    if (answer === null) throw personNotRegistered(personId);
    return answer.value;
  }
}

const personNotRegistered = (personId: string): DomainError => new DomainError('not-found', 'PERSON_NOT_FOUND', `person ${personId} is not registered`);

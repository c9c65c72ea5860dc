import { Controller, Get, Headers, Inject, Param } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DEFAULT_LANG, LANGS, type PackLookup } from '../../domain/explanation/explanation.types';
import type { EventStore } from '../../event-store/event-store.port';
import { PolicyCatalog } from '../../ledger/policy-catalog';
import { claimAsAt, type ClaimExplanationRow } from '../../projections/claim-explanation.projection';
import { ClaimRecords } from '../../projections/claim-records';
import type { RunningProjections } from '../../projections/running-projections';
import { ReadModels } from '../../projections/read-models';
import { DomainError } from '../../shared/domain-error';
import { PersonDataRead } from '../access-log/person-data-read.decorator';
import { Allow, CurrentPrincipal } from '../auth/access.decorator';
import { RegionScope } from '../auth/region-scope';
import type { Principal } from '../auth/roles';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { EVENT_STORE } from '../infrastructure/tokens';
import { OpaqueIdPipe } from '../ledger/opaque-id.pipe';
import { PROJECTION_RUNNER } from '../projections/projections.tokens';
import { ClaimExplanationAnswerResponse, ClaimExplanationResponse } from './audit-responses.dto';
import { explainClaim, languageOf, type ClaimExplanationAnswer } from './claim-explanation';
import { optionalChoice, optionalInstant } from './query-params';
import { caughtUp, MIN_POSITION_QUERY } from './read-your-writes';
import { KnownQuery } from '../common/known-query.pipe';

const LANG_QUERY = { name: 'lang', required: false, enum: ['zh', 'en'], description: 'Language of the explanation; wins over Accept-Language.' } as const;

const AS_AT_QUERY = {
  name: 'asAt',
  required: false,
  example: '2023-06-01T00:00:00+08:00',
  description: 'Answers as the ledger knew the claim at that recorded moment: the reassessments recorded later are left out, and the amounts in force are those after the last one kept; 404 when the claim was not yet settled then.',
} as const;

const ACCEPT_LANGUAGE_HEADER = { name: 'Accept-Language', required: false, example: 'zh-CN,zh;q=0.9,en;q=0.5', description: 'zh (default) or en.' } as const;

/**
 * Why a claim was paid what it was paid (稽核): the recorded settlement and reassessments with their
 * traces, and the same explained in the reader's language, each figure with its clause or the note
 * saying it is assumed. A claim of a person outside the credential's regions is an unknown claim.
 */
@ApiTags('audit')
@Controller()
export class ClaimsAuditController {
  /** The published packs, read from the store's PolicyPublished events (caught up before each explanation). */
  private readonly policies: PolicyCatalog;
  /** The claim's settlement and reassessments, read back from the store where the read model points. */
  private readonly claims: ClaimRecords;

  constructor(
    readModels: ReadModels,
    @Inject(PROJECTION_RUNNER) private readonly runner: RunningProjections,
    @Inject(EVENT_STORE) store: EventStore,
    private readonly scope: RegionScope,
  ) {
    this.policies = new PolicyCatalog(store);
    this.claims = new ClaimRecords(readModels, store);
  }

  @Get('claims/:claimId')
  @PersonDataRead('claim', { answerField: 'personId' })
  @ApiOperation({
    summary: 'One claim explained: the settlement with its step-by-step trace, every reassessment with deltas, the amounts in force',
    description:
      'The recorded trace (message keys, figures, pack rules) and, under `explanation`, the same rendered in the reader\'s language: ' +
      '`lang` (zh or en), else `Accept-Language`, else Chinese.',
  })
  @ApiParam({ name: 'claimId', example: 'hz-2023-0001' })
  @ApiQuery(MIN_POSITION_QUERY)
  @ApiQuery(AS_AT_QUERY)
  @ApiQuery(LANG_QUERY)
  @ApiHeader(ACCEPT_LANGUAGE_HEADER)
  @ApiOkResponse({ type: ClaimExplanationResponse })
  @ApiErrorResponses(400, 404)
  @Allow('inspector')
  async claim(
    @Param('claimId', OpaqueIdPipe) claimId: string,
    @CurrentPrincipal() principal: Principal,
    @KnownQuery('lang', 'asAt', 'minPosition') query: Record<string, unknown>,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<ClaimExplanationRow & { explanation: ClaimExplanationAnswer }> {
    const lang = languageOf(acceptLanguage, query.lang === undefined ? null : optionalChoice(query.lang, 'lang', LANGS, DEFAULT_LANG));
    const asAt = optionalInstant(query.asAt, 'asAt');
    await caughtUp(this.runner, query);
    const row = await this.visibleClaim(claimId, principal, asAt);
    return { ...row, explanation: explainClaim(row, await this.packLookup(), lang) };
  }

  @Get('claims/:claimId/explanation')
  @PersonDataRead('claim-explanation', { claimParam: 'claimId' })
  @Allow('inspector')
  @ApiOperation({
    summary: 'A claim’s explanation in Chinese or English: every step in words, each figure with its clause or the note saying it is assumed',
    description: 'Language: `lang` (zh or en), else `Accept-Language`, else Chinese. The settlement as first recorded, then every reassessment.',
  })
  @ApiParam({ name: 'claimId', example: 'hz-2023-0001' })
  @ApiQuery(MIN_POSITION_QUERY)
  @ApiQuery(AS_AT_QUERY)
  @ApiQuery(LANG_QUERY)
  @ApiHeader(ACCEPT_LANGUAGE_HEADER)
  @ApiOkResponse({ type: ClaimExplanationAnswerResponse })
  @ApiErrorResponses(400, 404)
  async claimExplanation(
    @Param('claimId', OpaqueIdPipe) claimId: string,
    @CurrentPrincipal() principal: Principal,
    @KnownQuery('lang', 'asAt', 'minPosition') query: Record<string, unknown>,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<ClaimExplanationAnswer> {
    const lang = languageOf(acceptLanguage, query.lang === undefined ? null : optionalChoice(query.lang, 'lang', LANGS, DEFAULT_LANG));
    const asAt = optionalInstant(query.asAt, 'asAt');
    await caughtUp(this.runner, query);
    const row = await this.visibleClaim(claimId, principal, asAt);
    return explainClaim(row, await this.packLookup(), lang);
  }

  /** The packs published so far, caught up from the store: an explanation cites the pack its settlement names. */
  private async packLookup(): Promise<PackLookup> {
    await this.policies.refresh();
    return (ref) => this.policies.revisions(ref.region).find((published) => published.ref.revision === ref.revision && published.ref.hash === ref.hash)?.pack ?? null;
  }

  /**
   * The recorded row of a claim the credential may see, as at `asAt` when given; any other claim is
   * answered as unknown, as is one not yet settled at `asAt`.
   */
  private async visibleClaim(claimId: string, principal: Principal, asAt: string | null): Promise<ClaimExplanationRow> {
    const recorded = await this.claims.claim(claimId);
    const row = recorded && asAt !== null ? claimAsAt(recorded, asAt) : recorded;
    if (!row || !(await this.scope.mayAccessPerson(principal, row.personId))) {
      throw new DomainError('not-found', 'CLAIM_NOT_FOUND', asAt === null ? `claim ${claimId} has not been settled` : `claim ${claimId} had not been settled at ${asAt}`);
    }
    return row;
  }
}

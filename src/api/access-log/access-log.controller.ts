import { BadRequestException, Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ACCESS_LOG_PAGE_MAX, type RecordedAccess, type SqliteAccessLog } from '../../access-log/sqlite-access-log';
import { Allow, CurrentPrincipal } from '../auth/access.decorator';
import { mayAccessRegion, personNotFound, RegionScope } from '../auth/region-scope';
import type { Principal } from '../auth/roles';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { OPAQUE_ID } from '../ledger/dto/wire-format';
import { ACCESS_LOG } from './access-log.tokens';
import { KnownQuery } from '../common/known-query.pipe';

class AccessEntryResponse {
  @ApiProperty({ example: 7 }) readonly sequence!: number;
  @ApiProperty({ example: '2024-03-01T08:00:00.000Z' }) readonly at!: string;
  @ApiProperty({ example: 'token:3f9c…', description: 'Principal id, or "anonymous".' }) readonly principal!: string;
  @ApiProperty({ example: 'p-000123' }) readonly personId!: string;
  @ApiProperty({ example: 'timeline' }) readonly what!: string;
  @ApiProperty({ example: 'GET /persons/{personId}/timeline' }) readonly route!: string;
  @ApiProperty({ description: 'SHA-256 over the previous entry\'s hash and this entry: the log is a hash chain.' }) readonly hash!: string;
}

class AccessPageResponse {
  @ApiProperty({ type: [AccessEntryResponse] }) readonly entries!: AccessEntryResponse[];
  @ApiProperty({ example: 7, description: 'Give it as `after` for the next page, until `reachedHead`.' })
  readonly nextAfter!: number;
  @ApiProperty({ example: false, description: 'True when this page reached the newest matching entry: no page follows. A region-limited page may be shorter than `limit`, or empty, before it.' })
  readonly reachedHead!: boolean;
}

const refuse = (name: string, rule: string): never => {
  throw new BadRequestException([`${name}: ${rule}`]);
};

const optionalId = (value: unknown, name: string): string | undefined => {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !OPAQUE_ID.test(value)) return refuse(name, 'must be an opaque id given once');
  return value;
};

const optionalCount = (value: unknown, name: string, fallback: number, range: { min: number; max: number }): number => {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value) || Number(value) < range.min || Number(value) > range.max) {
    return refuse(name, `must be an integer from ${range.min} to ${range.max}`);
  }
  return Number(value);
};

/** Principal ids are short ("token:3f2a9c0d1e4b5a6c", an OIDC subject); a longer one names nobody. */
const PRINCIPAL_CHARACTERS_MAX = 200;

/**
 * The principal filter. Given twice, or too long to be an id, it is refused: dropping it (as a
 * repeated parameter once was) answered with every principal's entries, a wider page than asked.
 */
const optionalPrincipal = (value: unknown): string | undefined => {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > PRINCIPAL_CHARACTERS_MAX) return refuse('principal', `must be a principal id of at most ${PRINCIPAL_CHARACTERS_MAX} characters, given once`);
  return value;
};

/**
 * The access log, for operators: who read which person's data, what and when. Read-only: no route
 * edits it. An operator limited to regions sees only the entries of its regions' persons: the log
 * names persons, and a person of another region is to that operator as an unknown one.
 */
@ApiTags('audit')
@Controller('audit/access')
export class AccessLogController {
  constructor(
    @Inject(ACCESS_LOG) private readonly log: SqliteAccessLog,
    private readonly scope: RegionScope,
  ) {}

  @Get()
  @Allow('operator')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Reads of persons\' data (access log), oldest first, filtered by person and/or principal',
    description:
      'A credential limited to regions gets 404 for a person outside them, and otherwise only the entries of its regions\' persons; `nextAfter` follows the entries scanned, so such a page may be shorter than `limit`, or empty, before the end. Follow `nextAfter` until `reachedHead`.',
  })
  @ApiQuery({ name: 'personId', required: false, example: 'p-000123' })
  @ApiQuery({ name: 'principal', required: false, example: 'token:3f9c2a' })
  @ApiQuery({ name: 'after', required: false, example: '0', description: 'Sequence after which to start (exclusive).' })
  @ApiQuery({ name: 'limit', required: false, example: '100', description: `At most ${ACCESS_LOG_PAGE_MAX}.` })
  @ApiOkResponse({ type: AccessPageResponse })
  @ApiErrorResponses(400, 404)
  async access(@KnownQuery('personId', 'principal', 'after', 'limit') query: Record<string, unknown>, @CurrentPrincipal() principal: Principal | undefined): Promise<{ entries: RecordedAccess[]; nextAfter: number; reachedHead: boolean }> {
    const after = optionalCount(query.after, 'after', 0, { min: 0, max: Number.MAX_SAFE_INTEGER });
    // A limit of 0 scans nothing, so the page could never reach the head: a client paging until
    // reachedHead would ask forever.
    const limit = optionalCount(query.limit, 'limit', 100, { min: 1, max: ACCESS_LOG_PAGE_MAX });
    const principalFilter = optionalPrincipal(query.principal);
    const personId = optionalId(query.personId, 'personId');
    if (personId !== undefined) await this.assertVisiblePerson(principal, personId);
    const scanned = this.log.query({ personId, principal: principalFilter, afterSequence: after, limit });
    // The next page starts after the last entry scanned, shown or not, so paging never stalls on
    // a run of another region's entries (as the feed does); fewer scanned than asked is the end,
    // whatever the caller was shown of them.
    return { entries: await this.visibleEntries(principal, scanned), nextAfter: scanned.at(-1)?.sequence ?? after, reachedHead: scanned.length < limit };
  }

  /**
   * For a region-limited caller, a person of another region and one the ledger does not know are both
   * 404, with the same body: an empty page for the one and a 404 for the other would tell them apart.
   */
  private async assertVisiblePerson(principal: Principal | undefined, personId: string): Promise<void> {
    if (principal?.regions === null) return;
    const region = await this.scope.personRegion(personId);
    if (region === null || !mayAccessRegion(principal, region)) throw personNotFound(personId);
  }

  /** The entries of persons in the caller's regions; regions are remembered by the scope, so a page costs few store reads. */
  private async visibleEntries(principal: Principal | undefined, entries: RecordedAccess[]): Promise<RecordedAccess[]> {
    if (principal?.regions === null) return entries;
    const visible: RecordedAccess[] = [];
    for (const entry of entries) {
      const region = await this.scope.personRegion(entry.personId);
      if (region !== null && mayAccessRegion(principal, region)) visible.push(entry);
    }
    return visible;
  }
}

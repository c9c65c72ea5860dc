import { BadRequestException, Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ACCESS_LOG_PAGE_MAX, type RecordedAccess, type SqliteAccessLog } from '../../access-log/sqlite-access-log';
import { Allow, CurrentPrincipal } from '../auth/access.decorator';
import { mayAccessRegion, personNotFound, RegionScope } from '../auth/region-scope';
import type { Principal } from '../auth/roles';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { OPAQUE_ID } from '../ledger/dto/wire-format';
import { ACCESS_LOG } from './access-log.tokens';

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

const optionalCount = (value: unknown, name: string, fallback: number, max: number): number => {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value) || Number(value) > max) return refuse(name, `must be an integer from 0 to ${max}`);
  return Number(value);
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
  async access(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal | undefined): Promise<{ entries: RecordedAccess[]; nextAfter: number; reachedHead: boolean }> {
    const after = optionalCount(query.after, 'after', 0, Number.MAX_SAFE_INTEGER);
    const personId = optionalId(query.personId, 'personId');
    if (personId !== undefined) await this.assertVisiblePerson(principal, personId);
    const limit = optionalCount(query.limit, 'limit', 100, ACCESS_LOG_PAGE_MAX);
    const scanned = this.log.query({
      personId,
      principal: typeof query.principal === 'string' && query.principal !== '' ? query.principal.slice(0, 200) : undefined,
      afterSequence: after,
      limit,
    });
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

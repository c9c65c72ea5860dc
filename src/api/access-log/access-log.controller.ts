import { BadRequestException, Controller, Get, Header, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ACCESS_LOG_PAGE_MAX, type RecordedAccess, type SqliteAccessLog } from '../../access-log/sqlite-access-log';
import { Allow } from '../auth/access.decorator';
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
  @ApiProperty({ example: 7, description: 'Give it as `after` for the next page; the page is the last when `entries` is shorter than `limit`.' })
  readonly nextAfter!: number;
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

/** The access log, for operators: who read which person's data, what and when. Read-only: no route edits it. */
@ApiTags('audit')
@Controller('audit/access')
export class AccessLogController {
  constructor(@Inject(ACCESS_LOG) private readonly log: SqliteAccessLog) {}

  @Get()
  @Allow('operator')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Reads of persons\' data (access log), oldest first, filtered by person and/or principal' })
  @ApiQuery({ name: 'personId', required: false, example: 'p-000123' })
  @ApiQuery({ name: 'principal', required: false, example: 'token:3f9c2a' })
  @ApiQuery({ name: 'after', required: false, example: '0', description: 'Sequence after which to start (exclusive).' })
  @ApiQuery({ name: 'limit', required: false, example: '100', description: `At most ${ACCESS_LOG_PAGE_MAX}.` })
  @ApiOkResponse({ type: AccessPageResponse })
  @ApiErrorResponses(400)
  access(@Query() query: Record<string, unknown>): { entries: RecordedAccess[]; nextAfter: number } {
    const after = optionalCount(query.after, 'after', 0, Number.MAX_SAFE_INTEGER);
    const principal = typeof query.principal === 'string' && query.principal !== '' ? query.principal.slice(0, 200) : undefined;
    const entries = this.log.query({
      personId: optionalId(query.personId, 'personId'),
      principal,
      afterSequence: after,
      limit: optionalCount(query.limit, 'limit', 100, ACCESS_LOG_PAGE_MAX),
    });
    return { entries, nextAfter: entries.at(-1)?.sequence ?? after };
  }
}

import { BadRequestException, Controller, HttpCode, Logger, Post, Res, UseInterceptors } from '@nestjs/common';
import { ApiBody, type ApiBodyOptions, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { CommandMetadata } from '../../ledger/ledger.types';
import { ClaimsImport, type ClaimsImportReport } from '../../operations/claims/claims-import';
import { errorReportCsv } from '../../operations/import-report';
import { RosterImport, type RosterImportReport } from '../../operations/roster/roster-import';
import { TableFileError } from '../../operations/tabular/tabular-file';
import { Allow, CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/roles';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import type { HttpReply } from '../common/http-types';
import { CommandMeta } from '../ledger/command-metadata.decorator';
import { LedgerMetrics } from '../metrics/ledger-metrics';
import { TableUploadInterceptor, UploadedTableFile, type UploadedTable } from './table-upload.interceptor';
import { actorFor, booleanParam, departmentParam, encodingParam, oneOf, regionParam, requireRegion } from './operations-params';
import { KnownQuery } from '../common/known-query.pipe';

const FILE_BODY: ApiBodyOptions = { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'CSV (UTF-8 or GBK) or XLSX' } } } };
const COMMON_QUERIES = [
  { name: 'dryRun', required: false, description: 'true: report what would be recorded and append nothing', example: 'true' },
  { name: 'encoding', required: false, description: 'CSV encoding: auto (default), utf-8 or gbk' },
  { name: 'format', required: false, description: 'json (default): the whole report; csv: the per-row error report (row, column, reason)' },
] as const;

@ApiTags('operations')
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly roster: RosterImport,
    private readonly claims: ClaimsImport,
    private readonly metrics: LedgerMetrics,
  ) {}

  @Post('identities')
  @HttpCode(200)
  @Allow('registrar')
  @UseInterceptors(TableUploadInterceptor)
  @ApiOperation({
    summary: 'Import a department roster of identity categories (multipart field "file")',
    description: 'A dry run lists what would be recognized or changed and whom the previous roster of the department and region listed that this one does not (never revoked automatically). The real run is idempotent.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiQuery({ name: 'region', required: true, example: 'heze' })
  @ApiQuery({ name: 'department', required: false, description: 'when the file has no 认定部门 column' })
  @ApiQuery(COMMON_QUERIES[0])
  @ApiQuery(COMMON_QUERIES[1])
  @ApiQuery(COMMON_QUERIES[2])
  @ApiOkResponse({ description: 'The import report (or the error report as CSV with format=csv)' })
  @ApiErrorResponses(400, 404)
  async identities(
    @UploadedTableFile() file: UploadedTable | undefined,
    @KnownQuery('region', 'department', 'dryRun', 'encoding', 'format') query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal | undefined,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<RosterImportReport | string> {
    const region = regionParam(query.region);
    requireRegion(principal, region);
    const dryRun = booleanParam(query.dryRun, 'dryRun');
    const request = { content: requireFile(file), encoding: encodingParam(query.encoding), region, department: departmentParam(query.department), dryRun, actor: actorFor(principal, 'registrar', meta.actor) };
    const format = oneOf(query.format, 'format', ['json', 'csv'], 'json');
    this.metrics.importRuns.inc({ kind: 'identities', mode: dryRun ? 'dry-run' : 'real' });
    const report = await readable(() => this.roster.run(request, this.metrics.importProgress('identities')));
    return respond(report, format, response);
  }

  @Post('claims')
  @HttpCode(200)
  @Allow('claims-feeder')
  @UseInterceptors(TableUploadInterceptor)
  @ApiOperation({ summary: "Import a hospital's settlement export (multipart field \"file\"), one row per settlement; idempotent by claim id" })
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiQuery(COMMON_QUERIES[0])
  @ApiQuery(COMMON_QUERIES[1])
  @ApiQuery(COMMON_QUERIES[2])
  @ApiOkResponse({ description: 'The import report (or the error report as CSV with format=csv)' })
  @ApiErrorResponses(400)
  async claimsImport(
    @UploadedTableFile() file: UploadedTable | undefined,
    @KnownQuery('dryRun', 'encoding', 'format') query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal | undefined,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<ClaimsImportReport | string> {
    const dryRun = booleanParam(query.dryRun, 'dryRun');
    const request = { content: requireFile(file), encoding: encodingParam(query.encoding), dryRun, actor: actorFor(principal, 'claims-feeder', meta.actor), regions: principal?.regions ?? null };
    const format = oneOf(query.format, 'format', ['json', 'csv'], 'json');
    this.metrics.importRuns.inc({ kind: 'claims', mode: dryRun ? 'dry-run' : 'real' });
    const report = await readable(() => this.claims.run(request, this.metrics.importProgress('claims')));
    return respond(report, format, response);
  }
}

const requireFile = (file: UploadedTable | undefined): Buffer => {
  if (!file || file.size === 0) throw new BadRequestException(['file: a non-empty multipart field "file" is required']);
  return file.buffer;
};

const logger = new Logger('Imports');

/**
 * A file that cannot be read as CSV or XLSX is the caller's error (400), with the reader's reason.
 * A reason kept from the caller (a fault inside the reading library, see TableFileError) is logged
 * at warn, without a stack: it is a file the service refused, not a failure of the service.
 */
const readable = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof TableFileError)) throw error;
    if (error.cause instanceof Error) logger.warn(`an uploaded file was refused as ${error.message}: ${error.cause.name}: ${error.cause.message}`);
    throw new BadRequestException([`file: ${error.message}`]);
  }
};

const respond = <T extends { errors: RosterImportReport['errors'] }>(report: T, format: 'json' | 'csv', response: HttpReply): T | string => {
  if (format === 'json') return report;
  response.type('text/csv; charset=utf-8');
  return errorReportCsv(report.errors);
};

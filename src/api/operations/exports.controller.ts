import { Controller, Get, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../common/http-types';
import { EarlyWarningExport } from '../../operations/early-warning/early-warning-export';
import { earlyWarningCsv, earlyWarningXlsx } from '../../operations/early-warning/early-warning-file';
import { Allow, CurrentPrincipal } from '../auth/access.decorator';
import type { Principal, Role } from '../auth/roles';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { actorFor, checkDateRange, dateParam, oneOf, regionParam, requireRegion } from './operations-params';
import { KnownQuery } from '../common/known-query.pipe';

/** Roles that may see names and 身份证号 in an export (the registrar keeps them; the operator answers for the service). */
const PERSONAL_DATA_ROLES: readonly Role[] = ['registrar', 'operator'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('operations')
@Controller('exports')
export class ExportsController {
  constructor(private readonly earlyWarnings: EarlyWarningExport) {}

  /**
   * Inspector or operator. Least privilege: the list is what the inspector already reads alert by
   * alert in the audit API, so the inspector (who prepares the pushes to the departments) gets it
   * with person ids only; names and 身份证号 are added only for a principal that also holds a role
   * allowed to see personal data. Not the registrar or the consumer roles: neither needs alerts.
   */
  @Get('early-warnings')
  @Allow('inspector', 'operator')
  @ApiOperation({ summary: 'Early-warning alerts raised and withdrawn in a period, in a region, with the burden by claim kind (XLSX or CSV)' })
  @ApiQuery({ name: 'region', required: true, example: 'fumeng' })
  @ApiQuery({ name: 'from', required: true, example: '2023-07-01', description: 'first day (recorded date of the alert change)' })
  @ApiQuery({ name: 'to', required: true, example: '2023-07-31', description: 'last day, inclusive' })
  @ApiQuery({ name: 'format', required: false, enum: ['xlsx', 'csv'], description: 'default xlsx' })
  @ApiProduces(XLSX_TYPE, 'text/csv')
  @ApiOkResponse({ description: 'The file, as an attachment; the export is recorded in the access log' })
  @ApiErrorResponses(400, 404, 422)
  async export(@KnownQuery('region', 'from', 'to', 'format') query: Record<string, unknown>, @CurrentPrincipal() principal: Principal | undefined, @Res({ passthrough: true }) response: HttpReply): Promise<StreamableFile> {
    const region = regionParam(query.region);
    requireRegion(principal, region);
    const from = dateParam(query.from, 'from');
    const to = dateParam(query.to, 'to');
    checkDateRange(from, to);
    const format = oneOf(query.format, 'format', ['xlsx', 'csv'], 'xlsx');
    const role: Role = principal?.roles.includes('operator') ? 'operator' : 'inspector';
    const withPersonalData = principal?.roles.some((held) => PERSONAL_DATA_ROLES.includes(held)) ?? false;
    // The guard has authenticated the caller: the actor is the principal, never a header.
    const actor = actorFor(principal, role, 'anonymous');
    // The access log names a reader by its principal alone, as the single reads are recorded.
    const rows = await this.earlyWarnings.rows({ region, from, to, withPersonalData, actor, principal: principal?.id ?? 'anonymous', format });
    const name = `early-warnings-${region}-${from}-${to}.${format}`;
    response.header('Content-Disposition', `attachment; filename="${name}"`);
    response.header('Cache-Control', 'no-store');
    if (format === 'csv') return new StreamableFile(Buffer.from(earlyWarningCsv(rows, withPersonalData), 'utf8'), { type: 'text/csv; charset=utf-8' });
    return new StreamableFile(await earlyWarningXlsx(rows, withPersonalData), { type: XLSX_TYPE });
  }
}

import { createHash } from 'node:crypto';
import { DomainError } from '../../domain/domain-error';
import type { ClaimSettled } from '../../domain/ledger.events';
import type { EventStore } from '../../event-store/event-store.port';
import { contentHash, toLedgerEvent } from '../../ledger/aggregate-store';
import { normalizeClaim } from '../../ledger/claim-input';
import type { Ledger } from '../../ledger/ledger.service';
import type { SubmitClaimInput } from '../../ledger/ledger.types';
import { benefitYearStream } from '../../ledger/stream-names';
import type { PersonalDataStore } from '../../personal-data/personal-data.port';
import { TurnBudget } from '../../shared/loop-turns';
import { IMPORT_WAVE_ROWS, countBy, rowError, type ImportProgress, type ImportReport, type RowError } from '../import-report';
import { loadPerson, readStreamEvents } from '../ledger-reads';
import { PersonResolver } from '../person-reference';
import { parseAmount, parseDate, parseName, parseYesNo, type Parsed } from '../tabular/cell-values';
import { cellOf, headingOf, mapColumns, type ColumnMap } from '../tabular/columns';
import { personalIdentifierErrors } from '../tabular/personal-cells';
import { textCellErrors } from '../tabular/text-cells';
import { readTable, type Table, type TableEncoding, type TableRow } from '../tabular/tabular-file';
import { CLAIM_COLUMNS, KIND_NAMES, LEVEL_NAMES, LOCATION_NAMES, type ClaimField } from './claims-columns';

/**
 * Claims import (issue 15 item 3): a hospital's settlement export becomes `SubmitClaim` commands, in
 * the file's order per person (a person-year's accumulators advance in recorded order). Idempotent by
 * claim id: a claim already recorded with the same content appends nothing; the same id with other
 * content is refused by the ledger and reported on its row.
 */
export type ClaimOutcome = 'settle' | 'unchanged';
const OUTCOMES: readonly (ClaimOutcome | 'error')[] = ['settle', 'unchanged', 'error'];
const CLAIM_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export interface ClaimsImportRequest {
  readonly content: Buffer;
  readonly encoding?: TableEncoding | 'auto';
  readonly dryRun: boolean;
  readonly actor: string;
  /** Regions the caller may write to (null: every region); a person elsewhere reads as unknown. */
  readonly regions?: readonly string[] | null;
}

export interface ClaimRow {
  readonly row: number;
  readonly claimId: string;
  readonly personId: string;
  readonly outcome: ClaimOutcome;
  /** The payouts recorded (real run, or already recorded); null for a dry run of a new claim. */
  readonly payouts: ClaimSettled['data']['payouts'] | null;
}

export type ClaimsImportReport = ImportReport<ClaimOutcome, ClaimRow>;

export interface ClaimsImportDependencies {
  readonly ledger: Ledger;
  readonly store: EventStore;
  readonly personalData: PersonalDataStore | null;
}

interface Candidate {
  readonly row: number;
  readonly input: SubmitClaimInput;
  readonly via: 'personId' | 'nationalId';
}

export class ClaimsImport {
  constructor(private readonly deps: ClaimsImportDependencies) {}

  async run(request: ClaimsImportRequest, progress?: ImportProgress): Promise<ClaimsImportReport> {
    const table = await readTable(request.content, { encoding: request.encoding });
    const columns = mapColumns(table, CLAIM_COLUMNS);
    const file = { sha256: createHash('sha256').update(request.content).digest('hex'), format: table.format, encoding: table.encoding, rows: table.rows.length };
    const errors = columns.missing.map((field) => rowError(1, headingOf(columns, CLAIM_COLUMNS, field), 'required column is missing'));
    if (columns.index.personId === undefined && columns.index.nationalId === undefined) errors.push(rowError(1, '身份证号', 'the file needs a 身份证号 or a 人员编号 column'));
    if (errors.length > 0) return report(request, file, columns, [], errors, 0);

    const candidates = await this.parseRows(table.rows, columns, errors);
    const planned = await this.plan(candidates, columns, errors, request.regions ?? null);
    if (request.dryRun) return report(request, file, columns, planned.map((item) => item.row), errors, 0);
    const { rows, appended } = await this.apply(planned, request, file.sha256, errors, progress);
    return report(request, file, columns, rows, errors, appended);
  }

  private async parseRows(rows: readonly TableRow[], columns: ColumnMap<ClaimField>, errors: RowError[]): Promise<Candidate[]> {
    const resolver = new PersonResolver(this.deps.personalData);
    const firstRow = new Map<string, number>();
    const candidates: Candidate[] = [];
    const turns = new TurnBudget();
    for (const row of rows) {
      await turns.spend();
      // Checked before any cell is parsed: a parser's reason quotes the cell it refuses ("… is not a
      // date"), and no reason may quote an identifier or a control character. Nothing of such a row is
      // resolved or appended.
      const personal = [...textCellErrors(columns, CLAIM_COLUMNS, row), ...personalIdentifierErrors(columns, CLAIM_COLUMNS, row, 'nationalId')];
      if (personal.length > 0) {
        errors.push(...personal);
        continue;
      }
      const cell = (field: ClaimField): string => cellOf(columns, row, field);
      const rowErrors: RowError[] = [];
      const take = <T>(field: ClaimField, parsed: Parsed<T>): T | undefined => {
        if (parsed.ok) return parsed.value;
        rowErrors.push(rowError(row.row, headingOf(columns, CLAIM_COLUMNS, field), parsed.reason));
        return undefined;
      };
      const optionalAmount = (field: ClaimField): string | undefined => (cell(field) === '' ? undefined : take(field, parseAmount(cell(field))));
      const claimId = take('claimId', CLAIM_ID.test(cell('claimId')) ? { ok: true, value: cell('claimId') } : { ok: false, reason: '结算单号 must be 1 to 64 letters, digits, ".", "_", ":" or "-"' });
      const seen = claimId === undefined ? undefined : firstRow.get(claimId);
      if (seen !== undefined) take('claimId', { ok: false, reason: `the same 结算单号 is already on row ${seen}` });
      const person = await resolver.resolve(cell('personId'), cell('nationalId'));
      const personId = take(person.column, person);
      const kind = take('kind', parseName(cell('kind'), KIND_NAMES, '医疗类别'));
      const admissionDate = take('admissionDate', parseDate(cell('admissionDate')));
      const dischargeDate = cell('dischargeDate') === '' ? admissionDate : take('dischargeDate', parseDate(cell('dischargeDate')));
      if (admissionDate && dischargeDate && dischargeDate < admissionDate) take('dischargeDate', { ok: false, reason: `${dischargeDate} is before the admission date ${admissionDate}` });
      const hospitalLevel = take('hospitalLevel', parseName(cell('hospitalLevel'), LEVEL_NAMES, '医院等级'));
      const location = take('location', parseName(cell('location'), LOCATION_NAMES, '就医地'));
      const referred = take('referred', parseYesNo(cell('referred')));
      const relocationFiled = take('relocationFiled', parseYesNo(cell('relocationFiled')));
      const total = take('total', parseAmount(cell('total')));
      const costs = { total, outOfCatalog: optionalAmount('outOfCatalog'), categoryBSelfPay: optionalAmount('categoryBSelfPay'), overStandard: optionalAmount('overStandard'), outOfAreaFirstSelfPay: optionalAmount('outOfAreaFirstSelfPay') };
      const basic = optionalAmount('adjudicatedBasic');
      const critical = optionalAmount('adjudicatedCritical');
      if (rowErrors.length > 0 || !claimId || !personId || !kind || !admissionDate || !dischargeDate || !hospitalLevel || !location || total === undefined) {
        errors.push(...rowErrors);
        continue;
      }
      firstRow.set(claimId, row.row);
      const adjudicated = basic === undefined && critical === undefined ? {} : { adjudicated: { ...(basic === undefined ? {} : { basic }), ...(critical === undefined ? {} : { critical }) } };
      const definedCosts = Object.fromEntries(Object.entries(costs).filter(([, value]) => value !== undefined)) as SubmitClaimInput['costs'];
      const input: SubmitClaimInput = { claimId, personId, kind, admissionDate, dischargeDate, hospitalLevel, location, referred: referred ?? false, relocationFiled: relocationFiled ?? false, costs: definedCosts, ...adjudicated };
      candidates.push({ row: row.row, input, via: person.column });
    }
    return candidates;
  }

  /** Whether each claim is new or already recorded, found in the person-years its dates can fall in. */
  private async plan(
    candidates: readonly Candidate[],
    columns: ColumnMap<ClaimField>,
    errors: RowError[],
    regions: readonly string[] | null,
  ): Promise<Array<{ row: ClaimRow; input: SubmitClaimInput }>> {
    const planned: Array<{ row: ClaimRow; input: SubmitClaimInput }> = [];
    const turns = new TurnBudget();
    for (const candidate of candidates) {
      await turns.spend();
      const { input } = candidate;
      const person = await loadPerson(this.deps.store, input.personId);
      // Outside the caller's regions the person is reported exactly as an unknown one: no existence leak.
      if (!person.registration || (regions !== null && !regions.includes(person.registration.region))) {
        errors.push(rowError(candidate.row, headingOf(columns, CLAIM_COLUMNS, candidate.via), 'the person is not registered in the ledger'));
        continue;
      }
      const recorded = await this.recordedClaim(input);
      if (recorded && recorded.claimHash !== contentHash(normalizeClaim(input, person.registration.scheme))) {
        errors.push(rowError(candidate.row, headingOf(columns, CLAIM_COLUMNS, 'claimId'), `claim ${input.claimId} is already recorded with other content; a correction is a reassessment, not a re-import`));
        continue;
      }
      const row: ClaimRow = { row: candidate.row, claimId: input.claimId, personId: input.personId, outcome: recorded ? 'unchanged' : 'settle', payouts: recorded?.payouts ?? null };
      planned.push({ row, input });
    }
    return planned;
  }

  private async recordedClaim(input: SubmitClaimInput): Promise<{ claimHash: string; payouts: ClaimSettled['data']['payouts'] } | null> {
    const years = new Set([Number(input.admissionDate.slice(0, 4)), Number(input.dischargeDate.slice(0, 4))]);
    for (const year of years) {
      const events = await readStreamEvents(this.deps.store, benefitYearStream(input.personId, year));
      const settled = events.map(toLedgerEvent).find((event): event is ClaimSettled => event.type === 'ClaimSettled' && event.data.claimId === input.claimId);
      if (settled) return { claimHash: settled.data.claimHash, payouts: settled.data.payouts };
    }
    return null;
  }

  /** Persons in parallel waves, each person's claims one after another in the file's order. */
  private async apply(
    planned: ReadonlyArray<{ row: ClaimRow; input: SubmitClaimInput }>,
    request: ClaimsImportRequest,
    sha256: string,
    errors: RowError[],
    progress?: ImportProgress,
  ): Promise<{ rows: ClaimRow[]; appended: number }> {
    const meta = { actor: request.actor, correlationId: `claims-import-${sha256.slice(0, 24)}` };
    const byPerson = new Map<string, Array<{ row: ClaimRow; input: SubmitClaimInput }>>();
    for (const item of planned) byPerson.set(item.input.personId, [...(byPerson.get(item.input.personId) ?? []), item]);
    const persons = [...byPerson.values()];
    const done: ClaimRow[] = [];
    let appended = 0;
    let processed = 0;
    progress?.(0, planned.length);
    for (let start = 0; start < persons.length; start += IMPORT_WAVE_ROWS) {
      await Promise.all(
        persons.slice(start, start + IMPORT_WAVE_ROWS).map(async (items) => {
          for (const { row, input } of items) {
            try {
              const result = await this.deps.ledger.submitClaim(input, meta);
              appended += result.events.length;
              done.push({ ...row, outcome: result.duplicate ? 'unchanged' : 'settle', payouts: result.settlement.payouts });
            } catch (error) {
              if (!(error instanceof DomainError)) throw error;
              errors.push(rowError(row.row, '', `${error.code}: ${error.message}`));
            }
            processed += 1;
            progress?.(processed, planned.length);
          }
        }),
      );
    }
    return { rows: done.sort((left, right) => left.row - right.row), appended };
  }
}

const report = (
  request: ClaimsImportRequest,
  file: ClaimsImportReport['file'],
  columns: ColumnMap<ClaimField>,
  rows: readonly ClaimRow[],
  errors: readonly RowError[],
  appended: number,
): ClaimsImportReport => ({
  dryRun: request.dryRun,
  file,
  ignoredColumns: columns.ignored,
  counts: { ...countBy(rows.map((row) => row.outcome), OUTCOMES), error: new Set(errors.map((error) => error.row)).size },
  rows,
  errors: [...errors].sort((left, right) => left.row - right.row),
  appended,
});

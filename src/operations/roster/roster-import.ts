import { createHash } from 'node:crypto';
import { DomainError } from '../../domain/domain-error';
import type { Person } from '../../domain/person/person.decider';
import type { Category, Department, IsoDate } from '../../domain/vocabulary';
import type { EventStore } from '../../event-store/event-store.port';
import type { Ledger } from '../../ledger/ledger.service';
import type { PersonalDataStore } from '../../personal-data/personal-data.port';
import { TurnBudget } from '../../shared/loop-turns';
import { IMPORT_WAVE_ROWS, countBy, rowError, type ImportProgress, type ImportReport, type RowError } from '../import-report';
import { loadPerson } from '../ledger-reads';
import type { RecordedRoster, RosterEntry, RosterHistory } from '../operations-journal';
import { PersonResolver } from '../person-reference';
import { parseDate, parseName } from '../tabular/cell-values';
import { cellOf, headingOf, mapColumns, type ColumnMap } from '../tabular/columns';
import { personalIdentifierErrors } from '../tabular/personal-cells';
import { textCellErrors } from '../tabular/text-cells';
import { readTable, type Table, type TableEncoding, type TableRow } from '../tabular/tabular-file';
import { CATEGORY_NAMES, DEPARTMENT_NAMES, ROSTER_COLUMNS, type RosterField } from './roster-columns';

/**
 * Roster import (issue 15): a department's monthly list of who holds which category becomes
 * `RecognizeIdentity` commands. A dry run says what would be recognized, what would change and whom
 * the previous roster of the same department and region listed that this one does not; the real run
 * appends, and appends nothing for rows already recorded exactly so. Nobody is ever revoked here:
 * a person missing from a roster is a candidate the registrar checks, not a decision.
 */

export type RosterOutcome = 'recognize' | 'change' | 'unchanged';
const OUTCOMES: readonly (RosterOutcome | 'error')[] = ['recognize', 'change', 'unchanged', 'error'];
const DOCUMENT_CHARS_MAX = 200;
/** A region id as packs write it. */
const REGION_ID = /^[a-z][a-z0-9-]{0,63}$/;

export interface RosterImportRequest {
  readonly content: Buffer;
  readonly encoding?: TableEncoding | 'auto';
  readonly region: string;
  /** The sending department; when absent, the file's 认定部门 column must name one. */
  readonly department?: Department;
  readonly dryRun: boolean;
  readonly actor: string;
}

export interface RosterRow extends RosterEntry {
  readonly row: number;
  readonly validFrom: IsoDate;
  readonly validTo: IsoDate | null;
  readonly document: string;
  readonly outcome: RosterOutcome;
}

/** `appended` counts the recognitions and the reassessments they caused. */
export interface RosterImportReport extends ImportReport<RosterOutcome, RosterRow> {
  readonly department: Department | null;
  readonly region: string;
  readonly previousRoster: { readonly fileSha256: string; readonly importedAt: string } | null;
  /** Listed by the previous roster, not by this one: candidates for revocation, never revoked automatically. */
  readonly dropped: readonly RosterEntry[];
}

export interface RosterImportDependencies {
  readonly ledger: Ledger;
  readonly store: EventStore;
  readonly personalData: PersonalDataStore | null;
  readonly history: RosterHistory;
  readonly now?: () => Date;
}

type Candidate = Omit<RosterRow, 'outcome'> & { readonly department: Department | null; readonly via: 'personId' | 'nationalId' };

export class RosterImport {
  constructor(private readonly deps: RosterImportDependencies) {}

  async run(request: RosterImportRequest, progress?: ImportProgress): Promise<RosterImportReport> {
    const table = await readTable(request.content, { encoding: request.encoding });
    const columns = mapColumns(table, ROSTER_COLUMNS);
    const sha256 = createHash('sha256').update(request.content).digest('hex');
    const file = { sha256, format: table.format, encoding: table.encoding, rows: table.rows.length };
    const structural = [...this.structuralErrors(columns, request), ...(await this.regionErrors(request.region))];
    if (structural.length > 0) return this.report(request, file, columns, [], structural, null, 0);

    const errors: RowError[] = [];
    const candidates = await this.parseRows(table.rows, columns, errors);
    const department = request.department ?? candidates.find((candidate) => candidate.department !== null)?.department ?? null;
    if (department === null) return this.report(request, file, columns, [], [rowError(1, '认定部门', 'no department: give --department or fill the 认定部门 column')], null, 0);
    const planned = await this.plan(candidates, department, request.region, columns, errors);
    const previous = this.deps.history.previousRoster(department, request.region);
    if (request.dryRun) return this.report(request, file, columns, planned, errors, previous, 0, department);

    const appended = await this.apply(planned, department, request, sha256, errors, progress);
    // A set, not a scan of the errors per row: a file of many rows and many errors would take hours.
    const erroredRows = new Set(errors.map((error) => error.row));
    const accepted = planned.filter((row) => !erroredRows.has(row.row));
    if (previous?.fileSha256 !== sha256) {
      const roster: RecordedRoster = { department, region: request.region, fileSha256: sha256, importedAt: this.now().toISOString(), actor: request.actor, entries: accepted.map(entryOf) };
      this.deps.history.recordRoster(roster);
    }
    return this.report(request, file, columns, accepted, errors, previous, appended, department);
  }

  private structuralErrors(columns: ColumnMap<RosterField>, request: RosterImportRequest): RowError[] {
    const errors = columns.missing.map((field) => rowError(1, headingOf(columns, ROSTER_COLUMNS, field), 'required column is missing'));
    if (columns.index.personId === undefined && columns.index.nationalId === undefined) errors.push(rowError(1, '身份证号', 'the file needs a 身份证号 or a 人员编号 column'));
    if (!REGION_ID.test(request.region)) errors.push(rowError(0, '', `region ${JSON.stringify(request.region)} is not a region id (lower-case letters, digits, "-")`));
    return errors;
  }

  /**
   * A well-formed region no revision was published for is a typo: every row would fail as an
   * unregistered person, and the roster would still be recorded for a region that does not exist.
   */
  private async regionErrors(region: string): Promise<RowError[]> {
    if (!REGION_ID.test(region)) return [];
    try {
      await this.deps.ledger.assertKnownRegion(region);
      return [];
    } catch (error) {
      if (error instanceof DomainError) return [rowError(0, '', error.message)];
      throw error;
    }
  }

  /** Cell-level checks: every bad cell of a row is reported, and such a row goes no further. */
  private async parseRows(rows: readonly TableRow[], columns: ColumnMap<RosterField>, errors: RowError[]): Promise<Candidate[]> {
    const resolver = new PersonResolver(this.deps.personalData);
    const heading = (field: RosterField): string => headingOf(columns, ROSTER_COLUMNS, field);
    const candidates: Candidate[] = [];
    const turns = new TurnBudget();
    for (const row of rows) {
      await turns.spend();
      // Checked before any cell is parsed: a parser's reason quotes the cell it refuses ("… is not a
      // date"), and no reason may quote an identifier or a control character. Nothing of such a row is
      // resolved or appended.
      const personal = [...textCellErrors(columns, ROSTER_COLUMNS, row), ...personalIdentifierErrors(columns, ROSTER_COLUMNS, row, 'nationalId')];
      if (personal.length > 0) {
        errors.push(...personal);
        continue;
      }
      const rowErrors: RowError[] = [];
      const person = await resolver.resolve(cellOf(columns, row, 'personId'), cellOf(columns, row, 'nationalId'));
      if (!person.ok) rowErrors.push(rowError(row.row, heading(person.column), person.reason));
      const category = parseName(cellOf(columns, row, 'category'), CATEGORY_NAMES, 'category');
      if (!category.ok) rowErrors.push(rowError(row.row, heading('category'), category.reason));
      const validFrom = parseDate(cellOf(columns, row, 'validFrom'));
      if (!validFrom.ok) rowErrors.push(rowError(row.row, heading('validFrom'), validFrom.reason));
      const validToText = cellOf(columns, row, 'validTo');
      const validTo = validToText === '' ? ({ ok: true, value: null } as const) : parseDate(validToText);
      if (!validTo.ok) rowErrors.push(rowError(row.row, heading('validTo'), validTo.reason));
      if (validFrom.ok && validTo.ok && validTo.value !== null && validTo.value < validFrom.value) {
        rowErrors.push(rowError(row.row, heading('validTo'), `${validTo.value} is before ${validFrom.value}`));
      }
      const document = cellOf(columns, row, 'document');
      if (document === '' || document.length > DOCUMENT_CHARS_MAX) rowErrors.push(rowError(row.row, heading('document'), `文号 must be 1 to ${DOCUMENT_CHARS_MAX} characters`));
      const departmentText = cellOf(columns, row, 'department');
      const department = departmentText === '' ? ({ ok: true, value: null } as const) : parseName(departmentText, DEPARTMENT_NAMES, 'department');
      if (!department.ok) rowErrors.push(rowError(row.row, heading('department'), department.reason));
      if (rowErrors.length > 0 || !person.ok || !category.ok || !validFrom.ok || !validTo.ok || !department.ok) {
        errors.push(...rowErrors);
        continue;
      }
      candidates.push({ row: row.row, personId: person.value, category: category.value, validFrom: validFrom.value, validTo: validTo.value, document, department: department.value, via: person.column });
    }
    return candidates;
  }

  /** Row-against-ledger checks and the outcome each row would have. */
  private async plan(candidates: readonly Candidate[], department: Department, region: string, columns: ColumnMap<RosterField>, errors: RowError[]): Promise<RosterRow[]> {
    const firstRow = new Map<string, number>();
    const persons = new Map<string, Person>();
    const planned: RosterRow[] = [];
    const turns = new TurnBudget();
    for (const candidate of candidates) {
      await turns.spend();
      if (candidate.department !== null && candidate.department !== department) {
        errors.push(rowError(candidate.row, headingOf(columns, ROSTER_COLUMNS, 'department'), `this roster is from ${department}; the row names ${candidate.department}`));
        continue;
      }
      const key = `${candidate.personId}/${candidate.category}`;
      const seen = firstRow.get(key);
      if (seen !== undefined) {
        errors.push(rowError(candidate.row, headingOf(columns, ROSTER_COLUMNS, 'category'), `the same person and category are already listed on row ${seen}`));
        continue;
      }
      firstRow.set(key, candidate.row);
      if (!persons.has(candidate.personId)) persons.set(candidate.personId, await loadPerson(this.deps.store, candidate.personId));
      const person = persons.get(candidate.personId)!;
      const personColumn = headingOf(columns, ROSTER_COLUMNS, candidate.via);
      // A person of another region is reported exactly as an unknown one, as the claims import does:
      // a roster is uploaded by a registrar of its region, who must not learn who is registered elsewhere.
      if (!person.registration || person.registration.region !== region) {
        errors.push(rowError(candidate.row, personColumn, 'the person is not registered in the ledger'));
        continue;
      }
      const { department: _department, via: _via, ...row } = candidate;
      planned.push({ ...row, outcome: outcomeOf(person, candidate) });
    }
    return planned;
  }

  private async apply(rows: readonly RosterRow[], department: Department, request: RosterImportRequest, sha256: string, errors: RowError[], progress?: ImportProgress): Promise<number> {
    const meta = { actor: request.actor, correlationId: `roster-import-${sha256.slice(0, 24)}` };
    let appended = 0;
    progress?.(0, rows.length);
    // Recognitions of one person are serialised by the ledger (a per-person lock), so a wave may hold several rows of the same person.
    for (let start = 0; start < rows.length; start += IMPORT_WAVE_ROWS) {
      const wave = rows.slice(start, start + IMPORT_WAVE_ROWS).filter((row) => row.outcome !== 'unchanged');
      const results = await Promise.all(
        wave.map(async (row) => {
          try {
            const input = { personId: row.personId, category: row.category, validFrom: row.validFrom, validTo: row.validTo, source: { department, document: row.document } };
            return (await this.deps.ledger.recognizeIdentity(input, meta)).events.length;
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            errors.push(rowError(row.row, '', `${error.code}: ${error.message}`));
            return 0;
          }
        }),
      );
      appended += results.reduce((sum, count) => sum + count, 0);
      progress?.(Math.min(start + IMPORT_WAVE_ROWS, rows.length), rows.length);
    }
    return appended;
  }

  private report(
    request: RosterImportRequest,
    file: RosterImportReport['file'],
    columns: ColumnMap<RosterField>,
    rows: readonly RosterRow[],
    errors: readonly RowError[],
    previous: RecordedRoster | null,
    appended: number,
    department: Department | null = request.department ?? null,
  ): RosterImportReport {
    const listed = new Set(rows.map((row) => `${row.personId}/${row.category}`));
    const dropped = (previous?.entries ?? []).filter((entry) => !listed.has(`${entry.personId}/${entry.category}`));
    const erroredRows = new Set(errors.map((error) => error.row));
    const sortedErrors = [...errors].sort((left, right) => left.row - right.row);
    return {
      dryRun: request.dryRun,
      file,
      department,
      region: request.region,
      ignoredColumns: columns.ignored,
      counts: { ...countBy(rows.map((row) => row.outcome), OUTCOMES), error: erroredRows.size },
      rows,
      previousRoster: previous ? { fileSha256: previous.fileSha256, importedAt: previous.importedAt } : null,
      dropped,
      errors: sortedErrors,
      appended,
    };
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

const entryOf = (row: RosterRow): RosterEntry => ({ personId: row.personId, category: row.category });

/** What recording this row would do to the person: the decider ignores an exact repeat (same category, validity and document). */
const outcomeOf = (person: Person, row: { category: Category; validFrom: IsoDate; validTo: IsoDate | null; document: string }): RosterOutcome => {
  const sameCategory = person.identityChanges.filter((change) => change.change === 'recognized' && change.category === row.category);
  const exact = sameCategory.some(
    (change) => change.change === 'recognized' && change.validFrom === row.validFrom && change.validTo === row.validTo && change.source.document === row.document,
  );
  if (exact) return 'unchanged';
  return sameCategory.length > 0 ? 'change' : 'recognize';
};

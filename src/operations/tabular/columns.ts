import type { Table, TableRow } from './tabular-file';

/**
 * Columns are found by their heading, never by position: departments reorder and rename them. Each
 * field lists the headings seen in practice (Chinese first) and the ledger's own field name.
 * Columns no field names (姓名, 联系电话, 住址 …) are never read, so personal data the ledger does
 * not need never leaves the file.
 */
export interface ColumnSpec<Field extends string> {
  readonly field: Field;
  readonly headings: readonly string[];
  readonly required: boolean;
}

export interface ColumnMap<Field extends string> {
  /** Index of the column holding each field, when the file has it. */
  readonly index: Readonly<Partial<Record<Field, number>>>;
  /** The file's heading of each field found (for error reports: "column 身份证号"). */
  readonly heading: Readonly<Partial<Record<Field, string>>>;
  readonly missing: readonly Field[];
  /** Headings of the file no field uses (reported, never read). */
  readonly ignored: readonly string[];
}

/** Blanks, full-width brackets and letter case do not distinguish headings ("认定日期（起）" = "认定日期(起)"). */
export const normalizeHeading = (heading: string): string =>
  heading.replace(/[\s\u3000*＊]/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();

export const mapColumns = <Field extends string>(table: Table, specs: readonly ColumnSpec<Field>[]): ColumnMap<Field> => {
  const normalized = table.headings.map(normalizeHeading);
  const index: Partial<Record<Field, number>> = {};
  const heading: Partial<Record<Field, string>> = {};
  for (const spec of specs) {
    const wanted = spec.headings.map(normalizeHeading);
    const found = normalized.findIndex((candidate) => candidate !== '' && wanted.includes(candidate));
    if (found >= 0) {
      index[spec.field] = found;
      heading[spec.field] = table.headings[found];
    }
  }
  const used = new Set(Object.values(index) as number[]);
  return {
    index,
    heading,
    missing: specs.filter((spec) => spec.required && index[spec.field] === undefined).map((spec) => spec.field),
    ignored: table.headings.filter((text, position) => !used.has(position) && text !== ''),
  };
};

/** The trimmed cell of a field in a row; '' when the column is absent or the cell empty. */
export const cellOf = <Field extends string>(columns: ColumnMap<Field>, row: TableRow, field: Field): string => {
  const position = columns.index[field];
  return position === undefined ? '' : (row.cells[position] ?? '').trim();
};

/** The heading to name in an error report: the file's own heading, or the field's first name. */
export const headingOf = <Field extends string>(columns: ColumnMap<Field>, specs: readonly ColumnSpec<Field>[], field: Field): string =>
  columns.heading[field] ?? specs.find((spec) => spec.field === field)?.headings[0] ?? field;

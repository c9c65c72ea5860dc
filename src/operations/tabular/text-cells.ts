import { textProblem } from '../../shared/text-rules';
import { rowError, type RowError } from '../import-report';
import { cellOf, headingOf, type ColumnMap, type ColumnSpec } from './columns';
import type { TableRow } from './tabular-file';

/**
 * One row error for each cell of `row` holding a character no recorded text may hold (controls, bidi
 * controls, invisible format characters, line separators, non-characters: src/shared/text-rules),
 * naming the column and the rule, never the value. A file upload carries no JSON body the HTTP edge
 * could check, so without this a roster's 文号 "rlo\u202Egpj.exe" went into an event the JSON API
 * refuses. Every column an import reads is checked, the 身份证号 column too: a cell that is resolved
 * and dropped may still be quoted by a parser's reason in the error report.
 */
export const textCellErrors = <Field extends string>(columns: ColumnMap<Field>, specs: readonly ColumnSpec<Field>[], row: TableRow): RowError[] =>
  specs.flatMap(({ field }) => {
    if (columns.index[field] === undefined) return [];
    const problem = textProblem(cellOf(columns, row, field));
    return problem === null ? [] : [rowError(row.row, headingOf(columns, specs, field), problem)];
  });

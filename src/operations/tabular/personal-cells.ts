import { describeIdentifierKind, findPersonalIdentifiers } from '../../personal-data/personal-identifier';
import { rowError, type RowError } from '../import-report';
import { cellOf, headingOf, type ColumnMap, type ColumnSpec } from './columns';
import type { TableRow } from './tabular-file';

/**
 * One row error for each cell of `row` that holds a personal identifier (a 身份证号, old or new, or a
 * mobile number), naming the column and the kind, never the value. Every column an import reads
 * counts, except `resolved`: the 身份证号 column, which is resolved to a person id through the
 * personal-data store and then dropped. Whatever the others hold goes into an event (文号, 结算单号,
 * 人员编号), and an event is never erased, so the HTTP edge's refusal of identifiers has to be made
 * here too: a file upload carries no body the edge could scan. Columns an import does not read
 * (姓名, 联系电话 …) are not looked at, since nothing of them is kept.
 */
export const personalIdentifierErrors = <Field extends string>(
  columns: ColumnMap<Field>,
  specs: readonly ColumnSpec<Field>[],
  row: TableRow,
  resolved: Field,
): RowError[] =>
  specs.flatMap(({ field }) => {
    if (field === resolved || columns.index[field] === undefined) return [];
    const kinds = [...new Set(findPersonalIdentifiers(cellOf(columns, row, field)).map((finding) => finding.kind))];
    if (kinds.length === 0) return [];
    return [rowError(row.row, headingOf(columns, specs, field), `must not contain ${kinds.map(describeIdentifierKind).join(' or ')}: ${WHERE_PERSONS_GO}`)];
  });

const WHERE_PERSONS_GO = 'personal identifiers never enter the ledger; name the person in the 身份证号 or 人员编号 column, and keep other cells free of them';

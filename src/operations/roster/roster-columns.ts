import type { Category, Department } from '../../domain/vocabulary';
import type { ColumnSpec } from '../tabular/columns';

/** The columns of a department's roster (民政 低保/特困 名册, 乡村振兴 监测对象 名单 …). */
export type RosterField = 'personId' | 'nationalId' | 'category' | 'validFrom' | 'validTo' | 'document' | 'department';

export const ROSTER_COLUMNS: readonly ColumnSpec<RosterField>[] = [
  { field: 'personId', headings: ['人员编号', '个人编号', '医保人员编号', 'personId'], required: false },
  { field: 'nationalId', headings: ['身份证号', '身份证号码', '公民身份号码', '证件号码', 'nationalId'], required: false },
  { field: 'category', headings: ['类别', '人员类别', '身份类别', '救助类别', '认定类别', 'category'], required: true },
  { field: 'validFrom', headings: ['认定日期', '有效期起', '有效期开始', '起始日期', '生效日期', 'validFrom'], required: true },
  { field: 'validTo', headings: ['有效期止', '有效期截止', '终止日期', '截止日期', 'validTo'], required: false },
  { field: 'document', headings: ['文号', '认定文号', '批准文号', '依据文号', 'document'], required: true },
  { field: 'department', headings: ['认定部门', '部门', '来源部门', 'department'], required: false },
];

/**
 * Category names as the departments write them (civil affairs and rural revitalization use their
 * own words), mapped to the ledger's categories (domain contract §1). The ledger's own codes are
 * accepted too. A trailing 人员/人口/对象/户 is dropped before looking up (see parseName).
 */
export const CATEGORY_NAMES: Readonly<Record<string, Category>> = {
  特困: 'DESTITUTE',
  特困供养: 'DESTITUTE',
  特困供养人员: 'DESTITUTE',
  孤儿: 'ORPHAN',
  事实无人抚养儿童: 'ORPHAN',
  '孤儿（含事实无人抚养儿童）': 'ORPHAN',
  低保: 'SUBSISTENCE',
  城市低保: 'SUBSISTENCE',
  农村低保: 'SUBSISTENCE',
  返贫致贫: 'RETURNED_TO_POVERTY',
  低保边缘: 'MARGINAL',
  低保边缘家庭成员: 'MARGINAL',
  脱贫不稳定: 'UNSTABLE',
  边缘易致贫: 'EDGE',
  突发严重困难: 'SUDDEN_HARDSHIP',
  支出型困难: 'SUDDEN_HARDSHIP',
  因病致贫重病患者: 'ILLNESS_IMPOVERISHED',
  因病致贫: 'ILLNESS_IMPOVERISHED',
  稳定脱贫: 'STABLE_OUT_OF_POVERTY',
  DESTITUTE: 'DESTITUTE',
  ORPHAN: 'ORPHAN',
  SUBSISTENCE: 'SUBSISTENCE',
  RETURNED_TO_POVERTY: 'RETURNED_TO_POVERTY',
  MARGINAL: 'MARGINAL',
  UNSTABLE: 'UNSTABLE',
  EDGE: 'EDGE',
  SUDDEN_HARDSHIP: 'SUDDEN_HARDSHIP',
  ILLNESS_IMPOVERISHED: 'ILLNESS_IMPOVERISHED',
  STABLE_OUT_OF_POVERTY: 'STABLE_OUT_OF_POVERTY',
};

export const DEPARTMENT_NAMES: Readonly<Record<string, Department>> = {
  民政: 'CIVIL_AFFAIRS',
  民政局: 'CIVIL_AFFAIRS',
  民政部门: 'CIVIL_AFFAIRS',
  乡村振兴: 'RURAL_REVITALIZATION',
  乡村振兴局: 'RURAL_REVITALIZATION',
  乡村振兴部门: 'RURAL_REVITALIZATION',
  医保: 'MEDICAL_SECURITY',
  医保局: 'MEDICAL_SECURITY',
  医疗保障局: 'MEDICAL_SECURITY',
  CIVIL_AFFAIRS: 'CIVIL_AFFAIRS',
  RURAL_REVITALIZATION: 'RURAL_REVITALIZATION',
  MEDICAL_SECURITY: 'MEDICAL_SECURITY',
};

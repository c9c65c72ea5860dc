import type { ClaimKind, HospitalLevel, Location } from '../../domain/vocabulary';
import type { ColumnSpec } from '../tabular/columns';

/**
 * The columns of a hospital's settlement export (one row per settlement, 一单制结算), with the
 * amounts the one-stop settlement already paid where it did (基本医保支付, 大病保险支付).
 */
export type ClaimField =
  | 'claimId'
  | 'personId'
  | 'nationalId'
  | 'kind'
  | 'admissionDate'
  | 'dischargeDate'
  | 'hospitalLevel'
  | 'location'
  | 'referred'
  | 'relocationFiled'
  | 'total'
  | 'outOfCatalog'
  | 'categoryBSelfPay'
  | 'overStandard'
  | 'outOfAreaFirstSelfPay'
  | 'adjudicatedBasic'
  | 'adjudicatedCritical';

export const CLAIM_COLUMNS: readonly ColumnSpec<ClaimField>[] = [
  { field: 'claimId', headings: ['结算单号', '结算ID', '结算流水号', '就诊结算号', 'claimId'], required: true },
  { field: 'personId', headings: ['人员编号', '个人编号', '医保人员编号', 'personId'], required: false },
  { field: 'nationalId', headings: ['身份证号', '身份证号码', '公民身份号码', '证件号码', 'nationalId'], required: false },
  { field: 'kind', headings: ['医疗类别', '就诊类型', '结算类别', 'kind'], required: true },
  { field: 'admissionDate', headings: ['入院日期', '就诊日期', 'admissionDate'], required: true },
  { field: 'dischargeDate', headings: ['出院日期', '结算日期', 'dischargeDate'], required: false },
  { field: 'hospitalLevel', headings: ['医院等级', '医疗机构等级', 'hospitalLevel'], required: true },
  { field: 'location', headings: ['就医地', '就医地类型', '就医地点', 'location'], required: true },
  { field: 'referred', headings: ['是否转诊', '规范转诊', 'referred'], required: false },
  { field: 'relocationFiled', headings: ['异地安置备案', '是否备案', 'relocationFiled'], required: false },
  { field: 'total', headings: ['医疗总费用', '总费用', 'total'], required: true },
  { field: 'outOfCatalog', headings: ['目录外费用', '全自费', '全自费金额', 'outOfCatalog'], required: false },
  { field: 'categoryBSelfPay', headings: ['乙类先行自付', '先行自付', 'categoryBSelfPay'], required: false },
  { field: 'overStandard', headings: ['超限价自付', '超支付标准', '超限价自费', 'overStandard'], required: false },
  { field: 'outOfAreaFirstSelfPay', headings: ['异地就医个人首先自付', '异地首先自付', 'outOfAreaFirstSelfPay'], required: false },
  { field: 'adjudicatedBasic', headings: ['基本医保支付', '统筹基金支付', '基本医疗保险支付', 'adjudicatedBasic'], required: false },
  { field: 'adjudicatedCritical', headings: ['大病保险支付', '大病保险', 'adjudicatedCritical'], required: false },
];

export const KIND_NAMES: Readonly<Record<string, ClaimKind>> = {
  住院: 'INPATIENT',
  普通住院: 'INPATIENT',
  门诊慢特病: 'OUTPATIENT_CHRONIC',
  门诊慢性病: 'OUTPATIENT_CHRONIC',
  门诊特殊病: 'OUTPATIENT_CHRONIC',
  门诊慢特: 'OUTPATIENT_CHRONIC',
  高值药品: 'HIGH_VALUE_DRUG',
  门诊高值药品: 'HIGH_VALUE_DRUG',
  INPATIENT: 'INPATIENT',
  OUTPATIENT_CHRONIC: 'OUTPATIENT_CHRONIC',
  HIGH_VALUE_DRUG: 'HIGH_VALUE_DRUG',
};

export const LEVEL_NAMES: Readonly<Record<string, HospitalLevel>> = {
  一级: 'PRIMARY',
  二级: 'SECONDARY',
  三级: 'TERTIARY',
  一级医院: 'PRIMARY',
  二级医院: 'SECONDARY',
  三级医院: 'TERTIARY',
  PRIMARY: 'PRIMARY',
  SECONDARY: 'SECONDARY',
  TERTIARY: 'TERTIARY',
};

export const LOCATION_NAMES: Readonly<Record<string, Location>> = {
  县域内: 'IN_COUNTY',
  县内: 'IN_COUNTY',
  市域内: 'IN_CITY',
  市内: 'IN_CITY',
  省内: 'IN_PROVINCE',
  省域内: 'IN_PROVINCE',
  省外: 'OUT_OF_PROVINCE',
  跨省: 'OUT_OF_PROVINCE',
  IN_COUNTY: 'IN_COUNTY',
  IN_CITY: 'IN_CITY',
  IN_PROVINCE: 'IN_PROVINCE',
  OUT_OF_PROVINCE: 'OUT_OF_PROVINCE',
};

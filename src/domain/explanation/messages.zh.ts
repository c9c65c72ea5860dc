import { CATEGORY_NAMES_ZH } from '../vocabulary';
import { evaluationsOf, percent, points, segmentParts, toFen } from './explanation-format';
import type { Catalogue, Message, MessageArgs } from './message.types';

/**
 * The explanation in Chinese, in the seeds' own terms: 起付线, 支付比例, 年度限额, 就高不就低,
 * 政策范围内费用, 大病保险, 医疗救助, 倾斜救助/再救助, 规范转诊, 异地安置备案, 一站式结算.
 */

const capPhrase = (a: MessageArgs): string => {
  if (a.v('cap') === 'none') return '不设年度限额';
  const shared = a.v('capShared') === 'with-assistance' ? '（与医疗救助共用）' : a.v('capShared') === 'with-reassistance' ? '（与倾斜救助/再救助共用）' : '';
  const used = a.has('capUsedBefore') ? `，此前已用 ${a.y('capUsedBefore')}` : '';
  return `年度限额 ${a.y('cap')}${shared}${used}，本次前剩余 ${a.y('capRemainingBefore')}，本次后剩余 ${a.y('capRemainingAfter')}`;
};

const rounding = (a: MessageArgs): string => (a.has('exact') ? `（未舍入金额 ${a.v('exact')}，四舍五入保留到分）` : '');

const paid = (a: MessageArgs, tier: 'basic' | 'critical' | 'assistance' | 'reassistance'): string =>
  `支付 ${a.yuan(a.source.payouts[tier])}${rounding(a)}`;

const segments = (a: MessageArgs): string => {
  const parts = segmentParts(a.has('segments') ? a.v('segments') : undefined);
  if (parts.length === 0) return '本次基数未进入任何支付段';
  return parts
    .map((part) => `${part.upper === null ? `${part.lower} 以上部分` : `${part.lower}–${part.upper} 段`}按 ${percent(part.ratio)} 支付 ${a.yuan(part.portion)}`)
    .join('，');
};

const criticalBody = (a: MessageArgs): string =>
  `本年度累计基数 B 由 ${a.y('baseBefore')} 增加 ${a.y('increment')} 至 ${a.y('baseAfter')}；起付线 ${a.y('threshold')} 每年只扣除一次` +
  `（本次消耗 ${a.y('thresholdConsumed')}），超过部分累计计算、分段报销：${segments(a)}；${capPhrase(a)}。大病保险${paid(a, 'critical')}。`;

const tiltFor = (a: MessageArgs): string =>
  `${a.category(a.v('tiltCategory'))}${a.has('tiltUntil') ? `（过渡期内，至 ${a.v('tiltUntil')}）` : ''}`;

const assistanceHead = (a: MessageArgs): string => `医疗救助（${a.category(a.v('category'))}）`;

const reassistanceHead = (a: MessageArgs): string => `倾斜救助/再救助（${a.category(a.v('category'))}）`;

const evaluations = (a: MessageArgs, values: Readonly<Record<string, string>>): string =>
  evaluationsOf(values)
    .map((e) => `${a.category(e.category)}：大病保险 ${e.critical} + 医疗救助 ${e.assistance} + 倾斜救助/再救助 ${e.reassistance} = ${a.yuan(e.total)}`)
    .join('；');

const stepValues = (a: MessageArgs): Readonly<Record<string, string>> => a.source.trace.find((step) => step.key.startsWith('category-choice'))?.values ?? {};

const pair = (a: MessageArgs, field: 'criticalBase' | 'assistanceBase' | 'reassistanceBase' | 'burdenTotal' | 'burdenPolicyScope'): string =>
  `${a.source.accumulators.before[field]} → ${a.source.accumulators.after[field]}`;

const messages: Record<string, Message> = {
  policy: (a) => {
    const { policy } = a.source;
    const pack = a.pack;
    const period = pack ? `，自 ${pack.effectiveFrom} 起施行${pack.effectiveTo ? `至 ${pack.effectiveTo}` : ''}${pack.corrects ? `，更正 ${pack.corrects} 版` : ''}` : '';
    return `按${pack?.regionName ?? policy.region}（${policy.region}）${policy.revision} 版政策结算，内容哈希 ${policy.hash}${period}。`;
  },
  'reference-date.discharge': (a) => `以出院日期 ${a.source.referenceDate} 为基准日期：据此确定待遇年度 ${a.source.year}、适用的政策版本和所持身份。`,
  'reference-date.admission': (a) => `以入院日期 ${a.source.referenceDate} 为基准日期：据此确定待遇年度 ${a.source.year}、适用的政策版本和所持身份。`,
  'categories.none': () => '基准日期当天未持有任何困难群众身份。',
  'categories.held': (a) => `基准日期当天持有身份：${a.categories(a.source.heldCategories)}。`,
  'categories.alias': (a) => `${a.category(a.v('held'))} 在本政策中按 ${a.category(a.v('as'))} 管理。`,
  'policy-scope': (a) => {
    const c = a.source.claim.costs;
    return `政策范围内费用 P = 总费用 ${c.total} − 目录外全自费 ${c.outOfCatalog} − 乙类先行自付 ${c.categoryBSelfPay} − 超支付标准部分 ${c.overStandard} − 异地就医个人首先自付 ${c.outOfAreaFirstSelfPay} = ${a.yuan(a.source.policyScope)}。`;
  },
  'policy-scope.waived': (a) => {
    const c = a.source.claim.costs;
    return `该身份人员在此就医免除异地就医个人首先自付（${c.outOfAreaFirstSelfPay}），仍计入政策范围内费用：P = 总费用 ${c.total} − 目录外全自费 ${c.outOfCatalog} − 乙类先行自付 ${c.categoryBSelfPay} − 超支付标准部分 ${c.overStandard} = ${a.yuan(a.source.policyScope)}。`;
  },
  'amount.statistic': (a) =>
    `${a.figure(a.v('figure'))} = ${a.v('factor')} × ${a.v('year')} 年${a.v('geography') === 'province' ? '全省' : '本地区'}${a.figure(a.v('statistic'))} ${a.y('value')} = ${a.y('amount')}（四舍五入保留到分）。`,
  'amount.statistic-fallback': (a) =>
    `本版政策未公布 ${a.v('neededYear')} 年的${a.figure(a.v('statistic'))}，沿用上一年度标准：${a.figure(a.v('figure'))} = ${a.v('factor')} × ${a.v('year')} 年数值 ${a.y('value')} = ${a.y('amount')}。`,
  'amount.derived-tilt': (a) =>
    `倾斜支付标准由普通标准推算：起付线 ${a.y('standardThreshold')} × ${a.v('thresholdFactor')} = ${a.y('threshold')}，各段支付比例提高 ${points(a.v('ratioBonus'))} 个百分点，` +
    `${a.v('cap') === 'none' ? '取消年度限额' : `年度限额 ${a.y('cap')}`}。`,
  'basic.adjudicated': (a) => `基本医保已在一站式结算中支付 ${a.y('adjudicated')}，按已付金额记录，不重新计算，起付线累计不变。`,
  'basic.inpatient': (a) =>
    `住院起付线 ${a.y('deductible')}，按次计算。基本医保对政策范围内费用超过起付线的部分（${a.y('base')}）按支付比例 ${a.r('ratio')} 支付；${capPhrase(a)}。基本医保${paid(a, 'basic')}。`,
  'basic.inpatient-continuous': (a) =>
    `住院起付线 ${a.y('deductible')}；本次为规范转诊的省域内再次住院，起付线连续计算：扣除本年度已负担的 ${a.y('deductibleBorne')}，本次只负担 ${a.y('deductibleApplied')}。` +
    `基本医保对超过部分（${a.y('base')}）按支付比例 ${a.r('ratio')} 支付；${capPhrase(a)}。基本医保${paid(a, 'basic')}。`,
  'basic.outpatient': (a) =>
    `门诊起付线 ${a.y('deductible')} 按年度计算，本年度此前已消耗 ${a.y('deductibleConsumedBefore')}，本次适用 ${a.y('deductibleApplied')}。` +
    `基本医保对超过部分（${a.y('base')}）按支付比例 ${a.r('ratio')} 支付；${capPhrase(a)}。基本医保${paid(a, 'basic')}。`,
  'basic.disease': (a) =>
    `本次为${a.v('disease')}（${a.v('diseaseCode')}），政策按病种另定门诊慢特病待遇：该病种年度起付线 ${a.y('deductible')}，此前已消耗 ${a.y('deductibleConsumedBefore')}，本次适用 ${a.y('deductibleApplied')}；` +
    `基本医保对超过部分（${a.y('base')}）按支付比例 ${a.r('ratio')} 支付；该病种${capPhrase(a)}，并受基本医保年度最高支付限额约束` +
    `（${a.v('basicCapRemainingBefore') === 'none' ? '不设限额' : `剩余 ${a.y('basicCapRemainingBefore')}`}）。基本医保${paid(a, 'basic')}。`,
  'basic.disease-not-listed': (a) => `病种编码 ${a.v('diseaseCode')} 不在政策的病种目录内，按一般门诊待遇计算。`,
  'basic.disease-kind': (a) =>
    `政策的病种待遇只适用于${a.v('kinds').split(',').map(a.kind).join('、')}，本次为${a.kind(a.v('kind'))}：病种编码 ${a.v('diseaseCode')} 不改变一般待遇。`,
  'category-choice.none': () => '未持有身份：大病保险适用普通标准，不享受医疗救助和倾斜救助/再救助。',
  'category-choice.only': (a) => `按所持唯一身份 ${a.category(a.v('chosen'))} 结算（${evaluations(a, stepValues(a))}），只适用该身份的规则。`,
  'category-choice.best': (a) =>
    `就高不就低：逐一比较所持身份（${evaluations(a, stepValues(a))}），${a.category(a.v('chosen'))} 待遇最高，按该身份结算，只适用其规则，不重复享受。` +
    (a.has('priorityUnmatched') ? '所持身份均不在政策规定的优先顺序中，故按待遇最高者。' : ''),
  'category-choice.best-tied': (a) =>
    `就高不就低：逐一比较所持身份（${evaluations(a, stepValues(a))}），${a.category(a.v('chosen'))} 与其他身份待遇相同且在身份顺序中居前，按该身份结算，只适用其规则，不重复享受。`,
  'category-choice.priority': (a) =>
    `政策规定了身份优先顺序（${a.categories(a.v('priority').split(','))}）：按所持的第一个身份 ${a.category(a.v('chosen'))} 结算，只适用其规则。`,
  'critical.adjudicated': (a) => `大病保险已在一站式结算中支付 ${a.y('adjudicated')}，按已付金额记录；累计基数 B 仍由 ${a.y('baseBefore')} 增加 ${a.y('increment')} 至 ${a.y('baseAfter')}。`,
  'critical.standard': (a) => `大病保险适用普通标准：${criticalBody(a)}`,
  'critical.tilted': (a) => `大病保险对 ${tiltFor(a)} 实行倾斜支付：${criticalBody(a)}`,
  'critical.tilted-derived': (a) => `大病保险对 ${tiltFor(a)} 实行倾斜支付（由普通标准推算）：${criticalBody(a)}`,
  'assistance.none.no-category': () => '未持有困难群众身份：其他人员不享受医疗救助，本次医疗救助为 0。',
  'assistance.none.pending': (a) => `${a.category(a.v('category'))} 的医疗救助办法尚未出台或尚未生效（另行制定）：本次不支付医疗救助。`,
  'assistance.none.ended': (a) =>
    `${a.category(a.v('category'))} 的医疗救助规定执行至 ${a.v('until')}，基准日期 ${a.v('referenceDate')} 已过有效期：本次不支付医疗救助，也不计入救助累计基数 A。`,
  'assistance.none.no-rule': (a) => `政策未规定 ${a.category(a.v('category'))} 的医疗救助，本次不支付。`,
  'assistance.none.kind': (a) =>
    `${a.category(a.v('category'))} 的医疗救助只适用于${a.v('kinds').split(',').map(a.kind).join('、')}，本次为${a.kind(a.v('kind'))}，不支付。`,
  'assistance.none.referral': (a) =>
    `本次在${a.location(a.v('location'))}就医，既未规范转诊，也未办理异地安置备案：未按规定转诊的医疗费用不纳入医疗救助范围，本次不支付医疗救助和倾斜救助/再救助。`,
  'assistance.none.location': (a) => `医疗救助只支付在${a.v('allowed').split(',').map(a.location).join('、')}就医的费用，本次在${a.location(a.v('location'))}就医，不支付。`,
  'assistance.annual': (a) =>
    `${assistanceHead(a)}：本年度累计救助基数 A 由 ${a.y('baseBefore')} 增加 ${a.y('increment')} 至 ${a.y('baseAfter')}，起付线 ${a.y('threshold')} 年度累计计算（本次消耗 ${a.y('thresholdConsumed')}），` +
    `超过部分按救助比例 ${a.r('ratio')} 支付；${capPhrase(a)}。医疗救助${paid(a, 'assistance')}。`,
  'assistance.episode': (a) =>
    `${assistanceHead(a)}：按次计算，本次救助基数 ${a.y('increment')}，起付线 ${a.y('threshold')}，超过部分按救助比例 ${a.r('ratio')} 支付；${capPhrase(a)}。医疗救助${paid(a, 'assistance')}。`,
  'assistance.bed-days': (a) =>
    `${assistanceHead(a)}：严重精神障碍患者住院按床日定额救助，${a.v('bedDays')} 床日 × ${a.y('amountPerDay')} = ${a.y('byBedDays')}，以救助基数 ${a.y('increment')} 为限；${capPhrase(a)}。医疗救助${paid(a, 'assistance')}。`,
  'reassistance.none.no-category': () => '未持有困难群众身份，不享受倾斜救助/再救助。',
  'reassistance.none.no-rule': (a) => `政策未规定 ${a.category(a.v('category'))} 的倾斜救助/再救助，本次不支付。`,
  'reassistance.none.referral': () => '未按规定转诊（见医疗救助一步），本次不支付倾斜救助/再救助。',
  'reassistance.none.kind': (a) =>
    `${a.category(a.v('category'))} 的倾斜救助/再救助只适用于${a.v('kinds').split(',').map(a.kind).join('、')}，本次为${a.kind(a.v('kind'))}，不支付。`,
  'reassistance.none.ended': (a) =>
    `${a.category(a.v('category'))} 的倾斜救助/再救助规定执行至 ${a.v('until')}，基准日期 ${a.v('referenceDate')} 已过有效期：本次不支付，也不计入累计基数 R。`,
  'reassistance.none.not-referred': () => '倾斜救助/再救助只支付规范转诊的费用，本次未转诊，不支付。',
  'reassistance.none.location': (a) =>
    `倾斜救助/再救助只支付在${a.v('allowed').split(',').map(a.location).join('、')}就医的费用，本次在${a.location(a.v('location'))}就医，不支付。`,
  'reassistance.remainder-annual': (a) =>
    `${reassistanceHead(a)}：对医疗救助后仍需个人负担的部分（本次 ${a.y('increment')}）年度累计计算，累计基数 R 由 ${a.y('baseBefore')} 增至 ${a.y('baseAfter')}，` +
    `起付线 ${a.y('threshold')}（本次消耗 ${a.y('thresholdConsumed')}），超过部分按 ${a.r('ratio')} 支付；${capPhrase(a)}。倾斜救助/再救助${paid(a, 'reassistance')}。`,
  'reassistance.remainder-episode': (a) =>
    `${reassistanceHead(a)}：对医疗救助后仍需个人负担的部分按次计算（本次 ${a.y('increment')}），起付线 ${a.y('threshold')}，超过部分按 ${a.r('ratio')} 支付；${capPhrase(a)}。倾斜救助/再救助${paid(a, 'reassistance')}。`,
  'reassistance.above-cap-annual': (a) =>
    `${reassistanceHead(a)}：对超出医疗救助限额之上的部分支付。医疗救助限额在救助累计基数达到 K = 起付线 ${a.y('assistanceThreshold')} + 年度限额 ${a.y('assistanceCap')} ÷ 救助比例 ${a.r('assistanceRatio')} + 再救助起付线 ${a.y('threshold')} = ≈ ${a.yuan(toFen(a.v('exhaustedAt')))} 时用尽；` +
    `本年度救助累计基数由 ${a.y('assistanceBaseBefore')} 增至 ${a.y('assistanceBaseAfter')}，超过 K 的部分按 ${a.r('ratio')} 支付；${capPhrase(a)}。再救助${paid(a, 'reassistance')}。`,
  'reassistance.above-cap-episode': (a) =>
    `${reassistanceHead(a)}：对本次超出医疗救助限额之上的部分支付（K = ≈ ${a.yuan(toFen(a.v('exhaustedAt')))}），按 ${a.r('ratio')} 支付；${capPhrase(a)}。再救助${paid(a, 'reassistance')}。`,
  'reassistance.above-cap-none': () => '再救助只对超出医疗救助限额之上的部分支付，本次没有设年度限额的医疗救助规则，不支付。',
  'limit.deductible-not-reached': (a) => `基本医保本次未支付：政策范围内费用未超过起付线 ${a.y('deductible')}。`,
  'limit.threshold-not-reached': (a) => `${a.tier(a.v('tier'))}本次未支付：本年度累计 ${a.y('baseAfter')} 尚未超过起付线 ${a.y('threshold')}。`,
  'limit.cap-reached': (a) => `${a.tier(a.v('tier'))}受年度限额 ${a.y('cap')} 约束：本次前仅剩 ${a.y('capRemainingBefore')}，以剩余额度为限支付。`,
  'limit.below-assistance-cap': (a) =>
    `再救助本次未支付：医疗救助累计基数 ${a.y('assistanceBaseAfter')} 尚未超过医疗救助限额用尽点 K = ≈ ${a.yuan(toFen(a.v('exhaustedAt')))}。`,
  'limit.rule-ended': (a) => `${a.category(a.v('category'))} 的${a.tier(a.v('tier'))}倾斜政策只执行到 ${a.v('until')}，基准日期已过：按普通标准支付。`,
  'limit.rule-not-in-force': (a) =>
    `${a.tier(a.v('tier'))}的这项规则在基准日期不在有效期内（${a.has('from') ? a.v('from') : '—'} 至 ${a.has('until') ? a.v('until') : '—'}），本次不适用。`,
  accumulators: (a) =>
    `本年度累计更新：大病保险累计基数 B ${pair(a, 'criticalBase')}，医疗救助累计基数 A ${pair(a, 'assistanceBase')}，倾斜救助/再救助累计基数 R ${pair(a, 'reassistanceBase')}；` +
    `个人负担 ${pair(a, 'burdenTotal')}（政策范围内 ${pair(a, 'burdenPolicyScope')}）；已结算 ${a.source.accumulators.before.claimCount} → ${a.source.accumulators.after.claimCount} 单。` +
    'B 每单都累计；A 和 R 只在本单符合相应救助规则的条件时累计：该身份和费用类别有规则、规则仍在有效期内、符合转诊和就医地条件。',
  'out-of-pocket': (a) => {
    const p = a.source.payouts;
    return `个人自付 = 总费用 ${a.source.claim.costs.total} − 基本医保 ${p.basic} − 大病保险 ${p.critical} − 医疗救助 ${p.assistance} − 倾斜救助/再救助 ${p.reassistance} = ${a.yuan(a.source.outOfPocket)}。`;
  },
};

export const ZH: Catalogue = {
  messages,
  titles: {
    policy: '适用政策版本', 'reference-date': '基准日期与年度', categories: '持有身份', 'policy-scope': '政策范围内费用', amount: '标准推算',
    basic: '基本医保', 'category-choice': '适用身份（就高不就低）', critical: '大病保险', assistance: '医疗救助', reassistance: '倾斜救助/再救助',
    limit: '少付或未付的原因', accumulators: '年度累计更新', 'out-of-pocket': '个人自付', legacy: '记录原文（v1）',
  },
  labels: {
    deductible: '起付线', deductibleApplied: '本次适用起付线', deductibleBorne: '本年度已负担起付线', deductibleConsumedBefore: '此前已消耗起付线', base: '计算基数',
    ratio: '支付比例', cap: '年度限额', capShared: '限额共用', capUsedBefore: '限额此前已用', capRemainingBefore: '本次前剩余额度', capRemainingAfter: '本次后剩余额度',
    exact: '未舍入金额', adjudicated: '一站式结算已付', baseBefore: '累计基数（前）', baseAfter: '累计基数（后）', increment: '本次基数增量', threshold: '起付线',
    thresholdConsumed: '本次消耗起付线', segments: '分段', category: '身份', chosen: '适用身份', priority: '优先顺序', tiltCategory: '倾斜支付身份', tiltUntil: '过渡期至',
    bedDays: '床日', amountPerDay: '床日定额', byBedDays: '按床日计', exhaustedAt: '救助限额用尽点 K', assistanceThreshold: '医疗救助起付线', assistanceCap: '医疗救助年度限额',
    assistanceRatio: '医疗救助比例', assistanceBaseBefore: '救助累计基数（前）', assistanceBaseAfter: '救助累计基数（后）', standardThreshold: '普通标准起付线',
    thresholdFactor: '起付线系数', ratioBonus: '比例提高', statistic: '统计指标', value: '统计值', factor: '系数', amount: '金额', figure: '标准', year: '年度',
    geography: '范围', neededYear: '所需年度', kinds: '适用类别', kind: '本次类别', location: '就医地', allowed: '允许就医地', diseaseCode: '病种编码', disease: '病种', basicCapRemainingBefore: '基本医保剩余限额', referenceDate: '基准日期', tier: '待遇', until: '截止', from: '起始',
    held: '持有身份', as: '按身份', priorityUnmatched: '不在优先顺序中', explanation: '原文', step: '步骤', clause: '依据',
  },
  categories: CATEGORY_NAMES_ZH,
  kinds: { INPATIENT: '住院', OUTPATIENT_CHRONIC: '门诊慢特病', HIGH_VALUE_DRUG: '门诊高值药品' },
  locations: { IN_COUNTY: '县域内', IN_CITY: '市域内（县域外）', IN_PROVINCE: '省域内（市域外）', OUT_OF_PROVINCE: '省域外' },
  tiers: { basic: '基本医保', critical: '大病保险', assistance: '医疗救助', reassistance: '倾斜救助/再救助' },
  figures: {
    'basic annual cap': '基本医保年度限额', 'critical-illness threshold': '大病保险起付线', 'critical-illness annual cap': '大病保险年度限额',
    'standard critical-illness threshold': '大病保险普通标准起付线', 'tilted critical-illness annual cap': '大病保险倾斜支付年度限额',
    'assistance threshold': '医疗救助起付线', 'assistance annual cap': '医疗救助年度限额', 're-assistance threshold': '倾斜救助/再救助起付线',
    're-assistance annual cap': '倾斜救助/再救助年度限额', perCapitaDisposableIncome: '居民人均可支配收入',
  },
  statistics: { perCapitaDisposableIncome: '居民人均可支配收入' },
  unit: (amount) => `${amount} 元`,
  listSeparator: '、',
  none: '无',
  provenance: {
    cited: (doc, clause) => `依据 ${doc} §${clause}`,
    assumed: (note, beside) => `假定值（政策文件未规定${beside ? `，参见 ${beside}` : ''}）：${note}`,
    unsourced: '未注明出处',
    unknown: (rule) => `规则 ${rule}（未取得政策包，无法核对出处）`,
    recorded: (clause) => `记录的依据：${clause}`,
    figures: (labels) => `${labels}：`,
  },
  heading: {
    policy: (a) => `${a.pack?.regionName ?? a.source.policy.region} ${a.source.policy.revision} 版政策（内容哈希 ${a.source.policy.hash}），基准日期 ${a.source.referenceDate}，待遇年度 ${a.source.year}。`,
    categories: (a) =>
      `持有身份：${a.source.heldCategories.length === 0 ? '无' : a.categories(a.source.heldCategories)}；适用身份：${a.source.appliedCategory === null ? '无' : a.category(a.source.appliedCategory)}。`,
    amounts: (a) => {
      const p = a.source.payouts;
      return `政策范围内费用 ${a.source.policyScope}；基本医保 ${p.basic}，大病保险 ${p.critical}，医疗救助 ${p.assistance}，倾斜救助/再救助 ${p.reassistance}；个人自付 ${a.source.outOfPocket}。`;
    },
  },
};

import { CATEGORY_NAMES_EN } from '../vocabulary';
import { evaluationsOf, percent, points, segmentParts, toFen } from './explanation-format';
import type { Catalogue, Message, MessageArgs } from './message.types';

/** The explanation in English, for reviewers and developers; the Chinese terms of the seeds are kept in brackets. */

const capPhrase = (a: MessageArgs): string => {
  if (a.v('cap') === 'none') return 'no annual cap';
  const shared = a.v('capShared') === 'with-assistance' ? ' (shared with assistance)' : a.v('capShared') === 'with-reassistance' ? ' (shared with re-assistance)' : '';
  const used = a.has('capUsedBefore') ? `, ${a.y('capUsedBefore')} used before` : '';
  return `annual cap (年度限额) ${a.y('cap')}${shared}${used}, ${a.y('capRemainingBefore')} left before this claim and ${a.y('capRemainingAfter')} after`;
};

const rounding = (a: MessageArgs): string => (a.has('exact') ? ` (exact ${a.v('exact')}, rounded to 0.01 yuan, ROUND_HALF_UP)` : '');

const paid = (a: MessageArgs, tier: 'basic' | 'critical' | 'assistance' | 'reassistance'): string => `${a.yuan(a.source.payouts[tier])}${rounding(a)}`;

const segments = (a: MessageArgs): string => {
  const parts = segmentParts(a.has('segments') ? a.v('segments') : undefined);
  if (parts.length === 0) return 'the increment reaches no paying segment';
  return parts.map((part) => `${part.lower}–${part.upper ?? '∞'} @ ${percent(part.ratio)}: ${a.yuan(part.portion)}`).join(', ');
};

const criticalBody = (a: MessageArgs): string =>
  `the cumulative base B goes from ${a.y('baseBefore')} by ${a.y('increment')} to ${a.y('baseAfter')}; the threshold (起付线) ${a.y('threshold')} is deducted once a year ` +
  `(${a.y('thresholdConsumed')} of it on this claim), then each segment's ratio on the part of the increment inside it: ${segments(a)}; ${capPhrase(a)}. Critical illness pays ${paid(a, 'critical')}.`;

const tiltFor = (a: MessageArgs): string =>
  `${a.category(a.v('tiltCategory'))}${a.has('tiltUntil') ? `, during its transition until ${a.v('tiltUntil')}` : ''}`;

const assistanceHead = (a: MessageArgs): string => `Medical assistance (医疗救助) for ${a.category(a.v('category'))}`;

const reassistanceHead = (a: MessageArgs): string => `Re-assistance (倾斜救助/再救助) for ${a.category(a.v('category'))}`;

const evaluations = (a: MessageArgs, values: Readonly<Record<string, string>>): string =>
  evaluationsOf(values)
    .map((e) => `${e.category}: critical ${e.critical} + assistance ${e.assistance} + re-assistance ${e.reassistance} = ${a.yuan(e.total)}`)
    .join('; ');

const stepValues = (a: MessageArgs): Readonly<Record<string, string>> => a.source.trace.find((step) => step.key.startsWith('category-choice'))?.values ?? {};

const pair = (a: MessageArgs, field: 'criticalBase' | 'assistanceBase' | 'reassistanceBase' | 'burdenTotal' | 'burdenPolicyScope'): string =>
  `${a.source.accumulators.before[field]} → ${a.source.accumulators.after[field]}`;

const kinds = (a: MessageArgs): string => a.v('kinds').split(',').map(a.kind).join(', ');

const messages: Record<string, Message> = {
  policy: (a) => {
    const { policy } = a.source;
    const pack = a.pack;
    const period = pack ? `, in force ${pack.effectiveFrom} to ${pack.effectiveTo ?? 'further notice'}${pack.corrects ? `, correcting revision ${pack.corrects}` : ''}` : '';
    return `Settled under ${pack?.regionName ?? policy.region} (${policy.region}) revision ${policy.revision}, content hash ${policy.hash}${period}.`;
  },
  'reference-date.discharge': (a) =>
    `The pack takes the discharge date as the reference date, ${a.source.referenceDate}: it decides the benefit year ${a.source.year}, the revision in force and the categories held.`,
  'reference-date.admission': (a) =>
    `The pack takes the admission date as the reference date, ${a.source.referenceDate}: it decides the benefit year ${a.source.year}, the revision in force and the categories held.`,
  'categories.none': () => 'On the reference date the person holds no identity category.',
  'categories.held': (a) => `On the reference date the person holds ${a.categories(a.source.heldCategories)}.`,
  'categories.alias': (a) => `${a.v('held')} is managed as ${a.v('as')} under this pack (categoryAliases).`,
  'policy-scope': (a) => {
    const c = a.source.claim.costs;
    return `Policy scope (政策范围内费用) P = total ${c.total} − out of catalog ${c.outOfCatalog} − 乙类先行自付 ${c.categoryBSelfPay} − over standard ${c.overStandard} − 异地就医个人首先自付 ${c.outOfAreaFirstSelfPay} = ${a.yuan(a.source.policyScope)}.`;
  },
  'policy-scope.waived': (a) => {
    const c = a.source.claim.costs;
    return `异地就医个人首先自付 (${c.outOfAreaFirstSelfPay}) is waived for a helped category at this location and stays inside P: P = total ${c.total} − out of catalog ${c.outOfCatalog} − 乙类先行自付 ${c.categoryBSelfPay} − over standard ${c.overStandard} = ${a.yuan(a.source.policyScope)}.`;
  },
  'amount.statistic': (a) =>
    `The ${a.figure(a.v('figure'))} is ${a.v('factor')} × ${a.figure(a.v('statistic'))} (${a.v('geography')}) for ${a.v('year')} ${a.y('value')} = ${a.y('amount')} (rounded to the fen, half up).`,
  'amount.statistic-fallback': (a) =>
    `${a.figure(a.v('statistic'))} (${a.v('geography')}) for ${a.v('neededYear')} is not published in revision ${a.source.policy.revision}, so the previous year's ${a.figure(a.v('figure'))} applies ` +
    `(statisticFallback: previousYearThreshold): ${a.v('factor')} × ${a.y('value')} (${a.v('year')}) = ${a.y('amount')}.`,
  'amount.derived-tilt': (a) =>
    `The tilt is derived from the standard schedule: threshold ${a.y('standardThreshold')} × ${a.v('thresholdFactor')} = ${a.y('threshold')}, every ratio + ${points(a.v('ratioBonus'))} points, ` +
    `annual cap ${a.v('cap') === 'none' ? 'none' : a.y('cap')}.`,
  'basic.adjudicated': (a) =>
    `Basic insurance was adjudicated elsewhere (one-stop settlement, 一站式结算): ${a.y('adjudicated')} is recorded as paid, not computed, and the deductible accumulators are left unchanged.`,
  'basic.inpatient': (a) =>
    `The inpatient deductible (起付线) ${a.y('deductible')} applies to this stay (per episode). Basic insurance pays ${a.r('ratio')} (支付比例) of the policy scope above it, ${a.y('base')}; ${capPhrase(a)}. Basic insurance pays ${paid(a, 'basic')}.`,
  'basic.inpatient-continuous': (a) =>
    `The deductible is continuous for this referred in-province stay (起付线连续计算): ${a.y('deductible')} less ${a.y('deductibleBorne')} already borne this year leaves ${a.y('deductibleApplied')}. ` +
    `Basic insurance pays ${a.r('ratio')} of the policy scope above it, ${a.y('base')}; ${capPhrase(a)}. Basic insurance pays ${paid(a, 'basic')}.`,
  'basic.outpatient': (a) =>
    `The outpatient deductible ${a.y('deductible')} is paid once a year; ${a.y('deductibleConsumedBefore')} was consumed before, so ${a.y('deductibleApplied')} applies to this claim. ` +
    `Basic insurance pays ${a.r('ratio')} of the policy scope above it, ${a.y('base')}; ${capPhrase(a)}. Basic insurance pays ${paid(a, 'basic')}.`,
  'basic.disease': (a) =>
    `The claim is for ${a.v('disease')} (${a.v('diseaseCode')}), which the pack lists with its own terms (门诊慢特病 by 病种): the disease's yearly deductible ${a.y('deductible')}, ` +
    `${a.y('deductibleConsumedBefore')} consumed before, leaves ${a.y('deductibleApplied')}; basic insurance pays ${a.r('ratio')} of the policy scope above it, ${a.y('base')}; ` +
    `the disease's ${capPhrase(a)}, and within the basic annual cap (${a.v('basicCapRemainingBefore') === 'none' ? 'none' : `${a.y('basicCapRemainingBefore')} left`}). Basic insurance pays ${paid(a, 'basic')}.`,
  'basic.disease-not-listed': (a) => `The disease code ${a.v('diseaseCode')} is not in the pack's disease list, so the general outpatient terms apply.`,
  'basic.disease-kind': (a) =>
    `The pack's disease terms cover ${a.v('kinds').split(',').map(a.kind).join(', ')}, not ${a.kind(a.v('kind'))}: the disease code ${a.v('diseaseCode')} does not change the general terms.`,
  'category-choice.none': () => 'The person holds no identity category on the reference date: the standard schedule applies and no assistance is due.',
  'category-choice.only': (a) => `${a.v('chosen')} is the only category held (${evaluations(a, stepValues(a))}); only its rules apply to this claim.`,
  'category-choice.best': (a) =>
    `就高不就低: ${a.v('chosen')} pays the most of the categories held (${evaluations(a, stepValues(a))}). Only its rules apply to this claim.` +
    (a.has('priorityUnmatched') ? ' No held category is in the pack priority list, so the best-paying one applies.' : ''),
  'category-choice.best-tied': (a) =>
    `就高不就低: ${a.v('chosen')} pays the most (${evaluations(a, stepValues(a))}), tied with another category and first in the order of the categories table. Only its rules apply to this claim.`,
  'category-choice.priority': (a) => `The pack fixes a category priority (${a.v('priority').split(',').join(' > ')}): ${a.v('chosen')} is the first one held. Only its rules apply to this claim.`,
  'critical.adjudicated': (a) =>
    `Critical-illness insurance was adjudicated elsewhere: ${a.y('adjudicated')} is recorded as paid, not computed; the base B still advances from ${a.y('baseBefore')} by ${a.y('increment')} to ${a.y('baseAfter')}.`,
  'critical.standard': (a) => `Critical illness (大病保险) uses the standard schedule: ${criticalBody(a)}`,
  'critical.tilted': (a) => `Critical illness (大病保险) uses the tilted schedule for ${tiltFor(a)}: ${criticalBody(a)}`,
  'critical.tilted-derived': (a) => `Critical illness (大病保险) uses the tilted schedule, derived from the standard one, for ${tiltFor(a)}: ${criticalBody(a)}`,
  'assistance.none.no-category': () => 'The person holds no identity category: 其他人员不享受医疗救助, so no assistance is paid.',
  'assistance.none.pending': (a) => `The pack has no rule in force yet for ${a.category(a.v('category'))} (pending, 另行制定): the claim is settled with no assistance.`,
  'assistance.none.ended': (a) =>
    `The assistance rule of ${a.category(a.v('category'))} held until ${a.v('until')}; the reference date ${a.v('referenceDate')} is after it, so none is paid and the claim adds nothing to A.`,
  'assistance.none.no-rule': (a) => `The pack has no assistance rule for ${a.category(a.v('category'))}, so none is paid.`,
  'assistance.none.kind': (a) => `The assistance rule of ${a.category(a.v('category'))} covers only ${kinds(a)}, not ${a.kind(a.v('kind'))}.`,
  'assistance.none.referral': (a) =>
    `The claim was treated outside the county (${a.location(a.v('location'))}) with neither a referral (规范转诊) nor a filed relocation (异地安置备案), so the referral rule pays no assistance or re-assistance on it.`,
  'assistance.none.location': (a) =>
    `Assistance is paid only on treatment ${a.v('allowed').split(',').map(a.location).join(', ')}; this claim was treated ${a.location(a.v('location'))}, so none is paid.`,
  'assistance.annual': (a) =>
    `${assistanceHead(a)}: the cumulative annual base A goes from ${a.y('baseBefore')} by ${a.y('increment')} to ${a.y('baseAfter')}; it pays ${a.r('ratio')} above the threshold ${a.y('threshold')} ` +
    `(${a.y('thresholdConsumed')} of it on this claim); ${capPhrase(a)}. Assistance pays ${paid(a, 'assistance')}.`,
  'assistance.episode': (a) =>
    `${assistanceHead(a)}: per episode, on this claim's base ${a.y('increment')}, it pays ${a.r('ratio')} above the threshold ${a.y('threshold')}; ${capPhrase(a)}. Assistance pays ${paid(a, 'assistance')}.`,
  'assistance.bed-days': (a) =>
    `${assistanceHead(a)}: the stay is a severe-mental-disorder stay, so assistance is ${a.v('bedDays')} bed days × ${a.y('amountPerDay')} = ${a.y('byBedDays')}, at most the base ${a.y('increment')}; ${capPhrase(a)}. Assistance pays ${paid(a, 'assistance')}.`,
  'reassistance.none.no-category': () => 'The person holds no identity category, so no re-assistance is paid.',
  'reassistance.none.no-rule': (a) => `The pack has no re-assistance rule for ${a.category(a.v('category'))}, so none is paid.`,
  'reassistance.none.referral': () => 'The referral rule refuses this claim (see assistance), so no re-assistance is paid.',
  'reassistance.none.kind': (a) => `The re-assistance rule of ${a.category(a.v('category'))} covers only ${kinds(a)}, not ${a.kind(a.v('kind'))}.`,
  'reassistance.none.ended': (a) =>
    `The re-assistance rule of ${a.category(a.v('category'))} held until ${a.v('until')}; the reference date ${a.v('referenceDate')} is after it, so none is paid and the claim adds nothing to R.`,
  'reassistance.none.not-referred': () => 'Re-assistance is paid only on referred claims (规范转诊), and this claim was not referred.',
  'reassistance.none.location': (a) =>
    `Re-assistance is paid only on treatment ${a.v('allowed').split(',').map(a.location).join(', ')}; this claim was treated ${a.location(a.v('location'))}, so none is paid.`,
  'reassistance.remainder-annual': (a) =>
    `${reassistanceHead(a)}: on what assistance left (${a.y('increment')} on this claim), accumulated over the year, the base R goes from ${a.y('baseBefore')} to ${a.y('baseAfter')}; ` +
    `it pays ${a.r('ratio')} above the threshold ${a.y('threshold')} (${a.y('thresholdConsumed')} of it on this claim); ${capPhrase(a)}. Re-assistance pays ${paid(a, 'reassistance')}.`,
  'reassistance.remainder-episode': (a) =>
    `${reassistanceHead(a)}: on what assistance left of this episode, ${a.y('increment')}, it pays ${a.r('ratio')} above the threshold ${a.y('threshold')}; ${capPhrase(a)}. Re-assistance pays ${paid(a, 'reassistance')}.`,
  'reassistance.above-cap-annual': (a) =>
    `${reassistanceHead(a)}: paid above the assistance cap (超出医疗救助限额之上). The cap is exhausted at K = ${a.y('assistanceThreshold')} + ${a.y('assistanceCap')} / ${a.v('assistanceRatio')} + ${a.y('threshold')} = ≈ ${a.yuan(toFen(a.v('exhaustedAt')))}; ` +
    `the cumulative assistance base goes from ${a.y('assistanceBaseBefore')} to ${a.y('assistanceBaseAfter')}, and ${a.r('ratio')} of the part above K is paid; ${capPhrase(a)}. Re-assistance pays ${paid(a, 'reassistance')}.`,
  'reassistance.above-cap-episode': (a) =>
    `${reassistanceHead(a)}: paid on the part of this episode above the assistance cap (K = ≈ ${a.yuan(toFen(a.v('exhaustedAt')))}), at ${a.r('ratio')}; ${capPhrase(a)}. Re-assistance pays ${paid(a, 'reassistance')}.`,
  'reassistance.above-cap-none': () => 'Re-assistance is paid above the assistance cap, and this claim has no capped assistance rule to be above.',
  'limit.deductible-not-reached': (a) => `Basic insurance paid nothing: the policy scope does not exceed the deductible ${a.y('deductible')}.`,
  'limit.threshold-not-reached': (a) => `${a.tier(a.v('tier'))} paid nothing: the year's cumulative base ${a.y('baseAfter')} has not passed the threshold ${a.y('threshold')}.`,
  'limit.cap-reached': (a) => `${a.tier(a.v('tier'))} is limited by its annual cap ${a.y('cap')}: only ${a.y('capRemainingBefore')} was left before this claim.`,
  'limit.below-assistance-cap': (a) =>
    `Re-assistance paid nothing: the cumulative assistance base ${a.y('assistanceBaseAfter')} has not passed K = ≈ ${a.yuan(toFen(a.v('exhaustedAt')))}, where the assistance cap is exhausted.`,
  'limit.rule-ended': (a) => `The ${a.tier(a.v('tier'))} tilt for ${a.category(a.v('category'))} held only until ${a.v('until')}, before the reference date: the standard schedule applies.`,
  'limit.rule-not-in-force': (a) =>
    `The ${a.tier(a.v('tier'))} rule is not in force on the reference date (${a.has('from') ? a.v('from') : '—'} to ${a.has('until') ? a.v('until') : '—'}), so it does not apply.`,
  accumulators: (a) =>
    `The person-year accumulators advance: B ${pair(a, 'criticalBase')}, A ${pair(a, 'assistanceBase')}, R ${pair(a, 'reassistanceBase')}; burden ${pair(a, 'burdenTotal')} ` +
    `(policy scope ${pair(a, 'burdenPolicyScope')}); claims ${a.source.accumulators.before.claimCount} → ${a.source.accumulators.after.claimCount}. ` +
    'B advances on every claim; A and R only on a claim that meets the conditions of the assistance (resp. re-assistance) rule applied: ' +
    'a rule for the category and the kind, still valid, and the referral and location conditions.',
  'out-of-pocket': (a) => {
    const p = a.source.payouts;
    return `Out of pocket = total ${a.source.claim.costs.total} − basic ${p.basic} − critical ${p.critical} − assistance ${p.assistance} − re-assistance ${p.reassistance} = ${a.yuan(a.source.outOfPocket)}.`;
  },
};

export const EN: Catalogue = {
  messages,
  titles: {
    policy: 'Policy revision', 'reference-date': 'Reference date and year', categories: 'Categories held', 'policy-scope': 'Policy-scope cost', amount: 'Derived figure',
    basic: 'Basic insurance', 'category-choice': 'Category applied (pays most)', critical: 'Critical illness', assistance: 'Medical assistance', reassistance: 'Re-assistance',
    limit: 'Why less was paid', accumulators: 'Accumulators', 'out-of-pocket': 'Out of pocket', legacy: 'As recorded (v1)',
  },
  labels: {
    deductible: 'Deductible', deductibleApplied: 'Deductible on this claim', deductibleBorne: 'Deductible borne this year', deductibleConsumedBefore: 'Deductible consumed before',
    base: 'Base', ratio: 'Ratio', cap: 'Annual cap', capShared: 'Cap shared', capUsedBefore: 'Cap used before', capRemainingBefore: 'Cap left before', capRemainingAfter: 'Cap left after',
    exact: 'Exact amount', adjudicated: 'Adjudicated', baseBefore: 'Base before', baseAfter: 'Base after', increment: 'Increment', threshold: 'Threshold',
    thresholdConsumed: 'Threshold consumed', segments: 'Segments', category: 'Category', chosen: 'Applied', priority: 'Priority', tiltCategory: 'Tilted category', tiltUntil: 'Transition until',
    bedDays: 'Bed days', amountPerDay: 'Per day', byBedDays: 'By bed days', exhaustedAt: 'K (assistance cap exhausted)', assistanceThreshold: 'Assistance threshold',
    assistanceCap: 'Assistance cap', assistanceRatio: 'Assistance ratio', assistanceBaseBefore: 'Assistance base before', assistanceBaseAfter: 'Assistance base after',
    standardThreshold: 'Standard threshold', thresholdFactor: 'Threshold factor', ratioBonus: 'Ratio bonus', statistic: 'Statistic', value: 'Value', factor: 'Factor',
    amount: 'Amount', figure: 'Figure', year: 'Year', geography: 'Geography', neededYear: 'Year needed', kinds: 'Kinds covered', kind: 'Kind', location: 'Location',
    allowed: 'Locations allowed', diseaseCode: 'Disease code', disease: 'Disease', basicCapRemainingBefore: 'Basic cap left before', referenceDate: 'Reference date', tier: 'Tier', until: 'Until', from: 'From', held: 'Held', as: 'Managed as', priorityUnmatched: 'Not in priority list',
    explanation: 'Text', step: 'Step', clause: 'Clause',
  },
  categories: CATEGORY_NAMES_EN,
  kinds: { INPATIENT: 'inpatient', OUTPATIENT_CHRONIC: 'outpatient chronic (门诊慢特病)', HIGH_VALUE_DRUG: 'high-value drug' },
  locations: { IN_COUNTY: 'in the county', IN_CITY: 'in the city', IN_PROVINCE: 'in the province', OUT_OF_PROVINCE: 'outside the province' },
  tiers: { basic: 'Basic insurance', critical: 'Critical illness', assistance: 'Medical assistance', reassistance: 'Re-assistance' },
  figures: {
    'basic annual cap': 'basic annual cap', 'critical-illness threshold': 'critical-illness threshold', 'critical-illness annual cap': 'critical-illness annual cap',
    'standard critical-illness threshold': 'standard critical-illness threshold', 'tilted critical-illness annual cap': 'tilted critical-illness annual cap',
    'assistance threshold': 'assistance threshold', 'assistance annual cap': 'assistance annual cap', 're-assistance threshold': 're-assistance threshold',
    're-assistance annual cap': 're-assistance annual cap', perCapitaDisposableIncome: 'perCapitaDisposableIncome',
  },
  statistics: { perCapitaDisposableIncome: 'per-capita disposable income (居民人均可支配收入)' },
  unit: (amount) => amount,
  listSeparator: ', ',
  none: 'none',
  provenance: {
    cited: (doc, clause) => `clause: ${doc} §${clause}`,
    assumed: (note, beside) => `assumed (the seed does not state it${beside ? `; beside ${beside}` : ''}): ${note}`,
    unsourced: 'unsourced',
    unknown: (rule) => `rule ${rule} (the pack is not available to cite it)`,
    recorded: (clause) => `clause as recorded: ${clause}`,
    figures: (labels) => `${labels}: `,
  },
  heading: {
    policy: (a) =>
      `Settlement under ${a.source.policy.region} revision ${a.source.policy.revision} (content hash ${a.source.policy.hash}), reference date ${a.source.referenceDate}, benefit year ${a.source.year}.`,
    categories: (a) =>
      `Held: ${a.source.heldCategories.length === 0 ? 'none' : a.categories(a.source.heldCategories)}; applied: ${a.source.appliedCategory === null ? 'no category' : a.category(a.source.appliedCategory)}.`,
    amounts: (a) => {
      const p = a.source.payouts;
      return `Policy scope ${a.source.policyScope}; basic ${p.basic}, critical ${p.critical}, assistance ${p.assistance}, re-assistance ${p.reassistance}; out of pocket ${a.source.outOfPocket}.`;
    },
  },
};

import { decideSubsidy } from '../../../src/domain/policy/subsidy';
import type { SubsidyDecision, SubsidyInput } from '../../../src/domain/policy/policy-functions';
import type { Category } from '../../../src/domain/vocabulary';
import { publish } from './fixtures/builders';
import { bozhouPack } from './fixtures/bozhou.pack';
import { fumengPack } from './fixtures/fumeng.pack';
import { shanxiPack } from './fixtures/shanxi.pack';

const bozhou = publish(bozhouPack);
const fumeng = publish(fumengPack);
const shanxi = publish(shanxiPack);

const enrollment = (overrides: Partial<SubsidyInput>): SubsidyInput => ({
  policy: bozhou,
  year: 2022,
  enrolledOn: '2021-11-01',
  scheme: 'RESIDENT',
  heldCategories: [],
  statedContribution: '320.00',
  alreadyGranted: null,
  ...overrides,
});

const grantedAmount = (decision: SubsidyDecision): string | null => (decision.kind === 'granted' ? decision.amount : null);

describe('decideSubsidy (contract §3)', () => {
  it.each<[string, Partial<SubsidyInput>, string | null, Category | null]>([
    ['Bozhou 按困难程度分类资助: 特困 full → 320.00 of the (assumed) 2022 contribution 320', { heldCategories: ['DESTITUTE'] }, '320.00', 'DESTITUTE'],
    ['Bozhou: 低保 90% → 288.00', { heldCategories: ['SUBSISTENCE'] }, '288.00', 'SUBSISTENCE'],
    ['Bozhou: 返贫致贫 75% → 240.00', { heldCategories: ['RETURNED_TO_POVERTY'] }, '240.00', 'RETURNED_TO_POVERTY'],
    ['Bozhou: 监测人口 50% → 160.00', { heldCategories: ['EDGE'] }, '160.00', 'EDGE'],
    ['Bozhou (aliases): an orphan is subsidised as 特困 → 320.00', { heldCategories: ['ORPHAN'] }, '320.00', 'DESTITUTE'],
    ['Bozhou 就高: 低保 and 监测 → the higher 288.00, once', { heldCategories: ['UNSTABLE', 'SUBSISTENCE'] }, '288.00', 'SUBSISTENCE'],
    ['Bozhou: the pack contribution for the year wins over the stated one', { heldCategories: ['SUBSISTENCE'], statedContribution: '999.00' }, '288.00', 'SUBSISTENCE'],
    ['Bozhou: a percentage is rounded once, half up: 90% of 333.33 = 299.997 → 300.00', { year: 2023, enrolledOn: '2022-11-01', heldCategories: ['SUBSISTENCE'], statedContribution: '333.33' }, '300.00', 'SUBSISTENCE'],
    ['Fumeng §二(一)2: 低保边缘 60% of the (assumed) 2023 contribution 380 → 228.00', { policy: fumeng, year: 2023, enrolledOn: '2022-10-01', heldCategories: ['MARGINAL'] }, '228.00', 'MARGINAL'],
    ['Fumeng §二(一)2: 孤儿 full → 380.00', { policy: fumeng, year: 2023, enrolledOn: '2022-10-01', heldCategories: ['ORPHAN'] }, '380.00', 'ORPHAN'],
    ['Shanxi §一: 突发严重困难人口 280 per person-year from 2023-05 → 280.00', { policy: shanxi, year: 2023, enrolledOn: '2023-05-10', heldCategories: ['SUDDEN_HARDSHIP'] }, '280.00', 'SUDDEN_HARDSHIP'],
    ['Shanxi §一: … also for 2025', { policy: shanxi, year: 2025, enrolledOn: '2024-10-10', heldCategories: ['SUDDEN_HARDSHIP'], statedContribution: '400.00' }, '280.00', 'SUDDEN_HARDSHIP'],
    ['Shanxi §一 (contract §3): the May 2023 start limits 2023 enrollments only: a 2024 enrollment of April 2023 → 280.00', { policy: shanxi, year: 2024, enrolledOn: '2023-04-15', heldCategories: ['SUDDEN_HARDSHIP'] }, '280.00', 'SUDDEN_HARDSHIP'],
    ['Shanxi §一: never more than the contribution: 280 against a stated 250.00 → 250.00', { policy: shanxi, year: 2025, enrolledOn: '2024-10-10', heldCategories: ['SUDDEN_HARDSHIP'], statedContribution: '250.00' }, '250.00', 'SUDDEN_HARDSHIP'],
  ])('%s', (_name, overrides, amount, category) => {
    const decision = decideSubsidy(enrollment(overrides));
    expect(grantedAmount(decision)).toBe(amount);
    expect(decision.kind === 'granted' ? decision.category : null).toBe(category);
  });

  it.each<[string, Partial<SubsidyInput>, RegExp]>([
    ['Bozhou: 稳定脱贫人口 get none', { heldCategories: ['STABLE_OUT_OF_POVERTY'] }, /No subsidy rule applies/],
    ['Bozhou: a person with no category gets none', { heldCategories: [] }, /No subsidy rule applies/],
    ['Bozhou 5年过渡期: not for benefit year 2026 (assumed end 2025)', { year: 2026, enrolledOn: '2025-11-01', heldCategories: ['SUBSISTENCE'] }, /No subsidy rule applies/],
    ['Shanxi §一: not for a 2023 enrollment before 2023-05-01', { policy: shanxi, year: 2023, enrolledOn: '2023-04-20', heldCategories: ['SUDDEN_HARDSHIP'] }, /No subsidy rule applies/],
    ['Shanxi §一: not after 2025', { policy: shanxi, year: 2026, enrolledOn: '2025-10-10', heldCategories: ['SUDDEN_HARDSHIP'] }, /No subsidy rule applies/],
    ['the employee scheme', { scheme: 'EMPLOYEE', heldCategories: ['DESTITUTE'] }, /resident scheme/],
    ['no revision in force', { policy: null, heldCategories: ['DESTITUTE'] }, /No policy revision is in force/],
  ])('declines: %s', (_name, overrides, reason) => {
    const decision = decideSubsidy(enrollment(overrides));
    expect(decision.kind).toBe('none');
    expect(decision.kind === 'none' ? decision.reason : '').toMatch(reason);
  });

  it('says why a rule did not apply, in the trace', () => {
    const decision = decideSubsidy(enrollment({ policy: shanxi, year: 2023, enrolledOn: '2023-04-20', heldCategories: ['SUDDEN_HARDSHIP', 'STABLE_OUT_OF_POVERTY'] }));
    const text = decision.trace.map((step) => step.explanation).join('\n');
    expect(text).toContain('applies to 2023 enrollments on or after 2023-05-01 only');
    expect(text).toContain('no longer receive an enrollment subsidy');
  });

  it('records the contribution without a policy as the stated one', () => {
    expect(decideSubsidy(enrollment({ policy: null, statedContribution: '350.00' })).contribution).toBe('350.00');
  });

  it('names the rule, its parameter and clause on a grant', () => {
    const decision = decideSubsidy(enrollment({ heldCategories: ['SUBSISTENCE'] }));
    expect(decision).toMatchObject({ kind: 'granted', contribution: '320.00', previouslyGranted: '0.00', rule: { kind: 'percent', parameter: '0.90', clause: 'bozhou-2021 §按困难程度分类资助' }, policy: bozhou.ref });
  });
});

describe('decideSubsidy: one subsidy per person-year and mid-year top-ups (contract §3)', () => {
  const later = { heldCategories: ['SUBSISTENCE'] as Category[], enrolledOn: '2022-04-01', alreadyGranted: { category: 'EDGE' as Category, amount: '160.00' } };

  it('grants no second subsidy when the pack applies a new status from the next year (default)', () => {
    const decision = decideSubsidy(enrollment(later));
    expect(decision.kind === 'none' ? decision.reason : '').toMatch(/one subsidy per person-year/);
  });

  it('tops up the difference, 288.00 − 160.00 = 128.00, where midYearTopUp is true', () => {
    const topUp = publish({ ...bozhouPack, subsidy: { ...bozhouPack.subsidy, midYearTopUp: true } });
    const decision = decideSubsidy(enrollment({ ...later, policy: topUp }));
    expect(decision).toMatchObject({ kind: 'granted', amount: '128.00', previouslyGranted: '160.00', category: 'SUBSISTENCE' });
  });

  it('tops up nothing when the new category is no better', () => {
    const topUp = publish({ ...bozhouPack, subsidy: { ...bozhouPack.subsidy, midYearTopUp: true } });
    const decision = decideSubsidy(enrollment({ ...later, policy: topUp, heldCategories: ['UNSTABLE'] }));
    expect(decision.kind === 'none' ? decision.reason : '').toMatch(/no more than the 160.00 already granted/);
  });
});

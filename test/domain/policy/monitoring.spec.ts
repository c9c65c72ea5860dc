import { evaluateMonitoring } from '../../../src/domain/policy/monitoring';
import { emptyAccumulators } from '../../../src/domain/policy/settlement';
import type { MonitoringDecision } from '../../../src/domain/policy/policy-functions';
import type { PublishedPack } from '../../../src/domain/policy/policy-pack';
import type { Category, Scheme } from '../../../src/domain/vocabulary';
import { adjudicatedClaim, publish, settleYear } from './fixtures/builders';
import { fumengPack } from './fixtures/fumeng.pack';
import { hezePack } from './fixtures/heze.pack';
import { shanxiPack } from './fixtures/shanxi.pack';

const shanxi = publish(shanxiPack);
const fumeng = publish(fumengPack);

const evaluate = (policy: PublishedPack, held: readonly Category[], burden: string, scheme: Scheme = 'RESIDENT', open: readonly string[] = []): MonitoringDecision =>
  evaluateMonitoring({ policy, scheme, heldCategories: held, accumulators: { ...emptyAccumulators(), burdenTotal: burden }, openAlerts: new Set(open) });

const raised = (decision: MonitoringDecision): string[] => decision.raise.map((change) => change.rule);

describe('evaluateMonitoring (contract §5)', () => {
  it.each<[string, PublishedPack, Category[], string, Scheme, string[]]>([
    ['Shanxi §三: 监测人群 (低保) above 6000 → 因病返贫', shanxi, ['SUBSISTENCE'], '6000.01', 'RESIDENT', ['shanxi-return']],
    ['Shanxi §三: exactly 6000 is not above it', shanxi, ['SUBSISTENCE'], '6000.00', 'RESIDENT', []],
    ['Shanxi §三: 脱贫人口 (稳定脱贫) are in the 监测人群', shanxi, ['STABLE_OUT_OF_POVERTY'], '6500.00', 'RESIDENT', ['shanxi-return']],
    ['Shanxi §三: other residents only above 20000 → 因病致贫', shanxi, [], '19999.99', 'RESIDENT', []],
    ['Shanxi §三: other residents above 20000 → 因病致贫', shanxi, [], '20000.01', 'RESIDENT', ['shanxi-impoverish']],
    ['Shanxi §三: employees are in neither population', shanxi, [], '90000.00', 'EMPLOYEE', []],
    ['Fumeng §二(三)1: 因病返贫 population (孤儿) above 5000', fumeng, ['ORPHAN'], '5000.01', 'RESIDENT', ['fumeng-return']],
    ['Fumeng §二(三)1: 未纳入监测的脱贫人口 are in the 因病返贫 population', fumeng, ['STABLE_OUT_OF_POVERTY'], '5000.01', 'RESIDENT', ['fumeng-return']],
    ['Fumeng §二(三)1: 因病致贫重病患者 are not: as residents they wait for 20000', fumeng, ['ILLNESS_IMPOVERISHED'], '6000.00', 'RESIDENT', []],
    ['Fumeng §二(三)1: resident 因病致贫 above 20000', fumeng, ['ILLNESS_IMPOVERISHED'], '20000.01', 'RESIDENT', ['fumeng-impoverish-resident']],
    ['Fumeng §二(三)1: employee 因病致贫 only above 50000', fumeng, [], '49999.99', 'EMPLOYEE', []],
    ['Fumeng §二(三)1: employee 因病致贫 above 50000', fumeng, [], '50000.01', 'EMPLOYEE', ['fumeng-impoverish-employee']],
  ])('%s', (_name, policy, held, burden, scheme, expected) => {
    expect(raised(evaluate(policy, held, burden, scheme))).toEqual(expected);
  });

  it('names the rule, its threshold and the burden on a raise', () => {
    expect(evaluate(shanxi, ['SUBSISTENCE'], '7000.00').raise).toEqual([{ rule: 'shanxi-return', ruleName: '因病返贫', threshold: '6000.00', burden: '7000.00' }]);
  });

  it('raises once: an open alert is not raised again', () => {
    expect(evaluate(shanxi, ['SUBSISTENCE'], '9000.00', 'RESIDENT', ['shanxi-return'])).toEqual({ raise: [], withdraw: [] });
  });

  it('withdraws an open alert when a reassessment brings the burden to its threshold or below', () => {
    expect(evaluate(shanxi, ['SUBSISTENCE'], '6000.00', 'RESIDENT', ['shanxi-return']).withdraw).toEqual([
      { rule: 'shanxi-return', ruleName: '因病返贫', threshold: '6000.00', burden: '6000.00' },
    ]);
  });

  it('reads the policy-scope burden where the pack says burden: policyScope', () => {
    const policyScope = publish({ ...fumengPack, monitoring: { ...fumengPack.monitoring!, burden: 'policyScope' } });
    const accumulators = { ...emptyAccumulators(), burdenTotal: '9000.00', burdenPolicyScope: '4000.00' };
    const decision = evaluateMonitoring({ policy: policyScope, scheme: 'RESIDENT', heldCategories: ['SUBSISTENCE'], accumulators, openAlerts: new Set() });
    expect(decision.raise).toEqual([]);
  });

  it('does nothing for a pack without monitoring rules (Heze defers to city standards)', () => {
    expect(evaluate(publish(hezePack), ['SUBSISTENCE'], '99999.00')).toEqual({ raise: [], withdraw: [] });
  });

  // Settlement feeds monitoring: the out-of-pocket amounts of the year add up to the burden.
  // Claim 1 (低保边缘): a = 5000 → 60% above 2000 = 1800; out of pocket 10000 − 5000 − 1800 = 3200.
  // Claim 2: a = 18000 → 10800; r: R 3200 → 10400, 60% above 5000 = 3240; out of pocket 30000 − 12000 − 10800 − 3240 = 3960.
  it('crosses the Fumeng 5000 threshold on the claim that takes the year past it', () => {
    const { settlements } = settleYear(fumeng, [
      { claim: adjudicatedClaim('10000.00', '5000.00', '0.00'), held: ['MARGINAL'] },
      { claim: adjudicatedClaim('30000.00', '12000.00', '0.00'), held: ['MARGINAL'] },
    ]);
    const burdens = settlements.map((s) => s.accumulators.after.burdenTotal);
    expect(burdens).toEqual(['3200.00', '7160.00']);
    const after = (index: number) => evaluateMonitoring({ policy: fumeng, scheme: 'RESIDENT', heldCategories: ['MARGINAL'], accumulators: settlements[index]!.accumulators.after, openAlerts: new Set() });
    expect(raised(after(0))).toEqual([]);
    expect(raised(after(1))).toEqual(['fumeng-return']);
  });
});

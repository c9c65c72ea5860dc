import {
  decideBenefitYear,
  evolveBenefitYear,
  initialBenefitYear,
  type BenefitYearEvent,
  type ClaimContext,
  type SubmitClaim,
} from '../../../src/domain/benefit-year/benefit-year.decider';
import type { PublishedPack } from '../../../src/domain/policy/policy-pack';
import type { Claim } from '../../../src/domain/policy/settlement.types';
import type { Category } from '../../../src/domain/vocabulary';
import { loadSeedPacks } from '../../../src/policy-packs/load-pack';
import { specify } from '../../support/decider-specification';
import { benefitYearDecider } from '../../../src/domain/deciders';

const benefitYear = specify(benefitYearDecider);
const packs = loadSeedPacks();
const pack = (region: string, revision?: string): PublishedPack =>
  packs.find((candidate) => candidate.ref.region === region && (revision === undefined || candidate.ref.revision === revision))!;
const heze = pack('heze');
const fumeng2023 = pack('fumeng', '2023-01-01');

/** A correction of Fumeng 2023 that moves only the 因病返贫 (returning-to-poverty) threshold. */
const withThreshold = (revision: string, threshold: string): PublishedPack => {
  const monitoring = fumeng2023.pack.monitoring!;
  const rules = monitoring.rules.map((rule) => (rule.id === 'returning-to-poverty' ? { ...rule, threshold } : rule));
  return { ref: { ...fumeng2023.ref, revision }, pack: { ...fumeng2023.pack, revision, corrects: fumeng2023.ref.revision, monitoring: { ...monitoring, rules } } };
};

/** An in-county inpatient claim whose basic and critical tiers were settled elsewhere (one-stop settlement). */
const claim = (claimId: string, total: string, adjudicated = { basic: '0.00', critical: '0.00' }): Claim => ({
  claimId,
  personId: 'p1',
  scheme: 'RESIDENT',
  kind: 'INPATIENT',
  admissionDate: '2023-03-01',
  dischargeDate: '2023-03-10',
  hospitalLevel: 'SECONDARY',
  location: 'IN_COUNTY',
  referred: false,
  relocationFiled: false,
  costs: { total, outOfCatalog: '0.00', categoryBSelfPay: '0.00', overStandard: '0.00', outOfAreaFirstSelfPay: '0.00' },
  adjudicated,
});

const context = (policy: PublishedPack, ...heldCategories: Category[]): ClaimContext => ({ policy, heldCategories });
const submit = (submitted: Claim, claimContext: ClaimContext, claimHash = `hash-${submitted.claimId}-${submitted.costs.total}`): SubmitClaim => ({
  type: 'SubmitClaim',
  data: { claim: submitted, claimHash, context: claimContext, enrollment: { scheme: 'RESIDENT' } },
});

/** The events an earlier sequence of commands produced: givens are always real decisions, never hand-written amounts. */
const history = (...commands: SubmitClaim[]): BenefitYearEvent[] => {
  let state = initialBenefitYear();
  const events: BenefitYearEvent[] = [];
  for (const command of commands) {
    const produced = decideBenefitYear(command, state);
    state = produced.reduce(evolveBenefitYear, state);
    events.push(...produced);
  }
  return events;
};

const settledPayouts = (events: BenefitYearEvent[]) => events.find((event) => event.type === 'ClaimSettled')!.data;

describe('benefit-year decider', () => {
  // Heze §一(四): 低保对象 不设起付线, 70%, 年度最高支付限额7万元. A scope of 97142.86 pays 68000.00
  // (97142.86 × 0.70 = 68000.002 → 68000.00); a further 30000 of scope would pay 21000, but only 2000 is left.
  it('caps Heze 低保 assistance at 70000 across claims of the year', () =>
    benefitYear
      .given(...history(submit(claim('c1', '97142.86'), context(heze, 'SUBSISTENCE'))))
      .when(submit(claim('c2', '30000.00'), context(heze, 'SUBSISTENCE')))
      .then((events) => {
        expect(settledPayouts(events)).toMatchObject({ sequence: 2, appliedCategory: 'SUBSISTENCE' });
        expect(settledPayouts(events).payouts.assistance).toBe('2000.00');
      }));

  // Domain contract §2 (mid-year change) with Heze §一(四): 12000 of assistance paid as 低保, then 返贫
  // with its 10000 annual cap: the accumulators belong to the year, so nothing more is paid.
  it('applies the new category against the shared accumulators after a mid-year change', () =>
    benefitYear
      .given(...history(submit(claim('c1', '17142.86'), context(heze, 'SUBSISTENCE'))))
      .when(submit(claim('c2', '5000.00'), context(heze, 'RETURNED_TO_POVERTY')))
      .then((events) => {
        const settled = settledPayouts(events);
        expect(settled.appliedCategory).toBe('RETURNED_TO_POVERTY');
        expect(settled.accumulators.before.paid.assistance).toBe('12000.00');
        expect(settled.payouts.assistance).toBe('0.00');
      }));

  it('refuses a claim of a person not enrolled for the year', () =>
    benefitYear
      .given()
      .when({ ...submit(claim('c1', '1000.00'), context(heze, 'SUBSISTENCE')), data: { ...submit(claim('c1', '1000.00'), context(heze)).data, enrollment: null } })
      .thenRefused('NOT_ENROLLED'));

  it('answers a resubmitted claim with nothing and refuses its id with other content', () => {
    const first = submit(claim('c1', '1000.00'), context(heze, 'SUBSISTENCE'));
    benefitYear.given(...history(first)).when(first).thenNothing();
    benefitYear.given(...history(first)).when(submit(claim('c1', '2000.00'), context(heze, 'SUBSISTENCE'))).thenRefused('CLAIM_ID_REUSED');
  });

  // Fumeng §二(三)1: 因病返贫 monitoring of assistance categories warns above 5000 of yearly burden, once.
  // Claim 1: scope 50000, basic 20000 → assistance min(0.70 × 30000, cap 20000) = 20000 (§二(二)2);
  // 倾斜救助 0.70 × (10000 − 3000) = 4900; out of pocket 50000 − 20000 − 20000 − 4900 = 5100 > 5000.
  // Claim 2: scope 10000, basic 5000 → assistance 0 (cap used), 倾斜 0.70 × 5000 = 3500; burden 6600, already raised.
  it('raises a Fumeng high-cost alert once when the burden crosses 5000', () => {
    const big = submit({ ...claim('c1', '50000.00'), adjudicated: { basic: '20000.00', critical: '0.00' } }, context(fumeng2023, 'SUBSISTENCE'));
    benefitYear
      .given()
      .when(big)
      .then((events) => {
        expect(settledPayouts(events).payouts).toEqual({ basic: '20000.00', critical: '0.00', assistance: '20000.00', reassistance: '4900.00' });
        expect(events.filter((event) => event.type === 'HighCostAlertRaised')).toEqual([
          expect.objectContaining({ data: expect.objectContaining({ rule: 'returning-to-poverty', threshold: '5000.00', burden: '5100.00' }) }),
        ]);
      });
    benefitYear
      .given(...history(big))
      .when(submit({ ...claim('c2', '10000.00'), adjudicated: { basic: '5000.00', critical: '0.00' } }, context(fumeng2023, 'SUBSISTENCE')))
      .then((events) => {
        expect(events.map((event) => event.type)).toEqual(['ClaimSettled']);
        expect(settledPayouts(events).payouts).toMatchObject({ assistance: '0.00', reassistance: '3500.00' });
      });
  });

  it('reassesses nothing when nothing known has changed', () => {
    const given = history(submit(claim('c1', '5000.00'), context(heze, 'SUBSISTENCE')), submit(claim('c2', '6000.00'), context(heze, 'SUBSISTENCE')));
    benefitYear
      .given(...given)
      .when({ type: 'Reassess', data: { correctionId: 'k1', reason: 'rerun', contexts: { c1: context(heze, 'SUBSISTENCE'), c2: context(heze, 'SUBSISTENCE') } } })
      .thenNothing();
  });

  // Domain contract §4: a retroactive 低保 recognition turns an unassisted claim into a 70% one; the delta is exact.
  it('records exact deltas when a claim is replayed under a category recognised later', () =>
    benefitYear
      .given(...history(submit(claim('c1', '3000.00'), context(heze))))
      .when({ type: 'Reassess', data: { correctionId: 'identity-1', reason: 'retroactive 低保', contexts: { c1: context(heze, 'SUBSISTENCE') } } })
      .then((events) => {
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
          type: 'ClaimReassessed',
          data: { correctionId: 'identity-1', previous: { payouts: { assistance: '0.00' } }, next: { payouts: { assistance: '2100.00' } }, delta: { assistance: '2100.00', basic: '0.00' } },
        });
      }));

  // Domain contract §5 with Fumeng §二(三)1: settled with no category, the claim leaves 30000 out of
  // pocket (因病致贫 alert, threshold 20000). 低保 is then recognised for the whole year: the burden
  // falls to 5100 (see above), so the 20000 alert is withdrawn and the 因病返贫 5000 alert is raised.
  it('withdraws and raises alerts when a reassessment moves the burden', () => {
    const settledWithout = history(submit({ ...claim('c1', '50000.00'), adjudicated: { basic: '20000.00', critical: '0.00' } }, context(fumeng2023)));
    expect(settledWithout.filter((event) => event.type === 'HighCostAlertRaised').map((event) => event.data.rule)).toEqual(['falling-into-poverty-resident']);
    benefitYear
      .given(...settledWithout)
      .when({ type: 'Reassess', data: { correctionId: 'identity-低保', reason: 'retroactive 低保', contexts: { c1: context(fumeng2023, 'SUBSISTENCE') } } })
      .then((events) => {
        expect(events.map((event) => event.type)).toEqual(['ClaimReassessed', 'HighCostAlertWithdrawn', 'HighCostAlertRaised']);
        expect(events[1].data).toMatchObject({ rule: 'falling-into-poverty-resident', burden: '5100.00' });
        expect(events[2].data).toMatchObject({ rule: 'returning-to-poverty', burden: '5100.00' });
      });
  });

  // Domain contract §5: the burden is compared with the pack's rules after every reassessment, also one
  // that changes no amount. The claim of the alert test above leaves 5100 out of pocket under 低保; a
  // correction that only moves the 因病返贫 threshold (5000 → 6000, then back to 5000) must withdraw and
  // raise the alert, as a fresh settlement under the corrected revision would.
  it('re-evaluates early warning under a corrected threshold when no amount changes', () => {
    const big = submit({ ...claim('c1', '50000.00'), adjudicated: { basic: '20000.00', critical: '0.00' } }, context(fumeng2023, 'SUBSISTENCE'));
    const raised = history(big);
    const reassessUnder = (policy: PublishedPack) => ({ type: 'Reassess' as const, data: { correctionId: policy.ref.revision, reason: 'monitoring threshold corrected', contexts: { c1: context(policy, 'SUBSISTENCE') } } });
    benefitYear
      .given(...raised)
      .when(reassessUnder(withThreshold('c1', '6000.00')))
      .then((events) => {
        expect(events.map((event) => event.type)).toEqual(['HighCostAlertWithdrawn']);
        expect(events[0].data).toMatchObject({ rule: 'returning-to-poverty', threshold: '6000.00', burden: '5100.00', claimId: 'c1' });
      });
    const withdrawn = [...raised, ...decideBenefitYear(reassessUnder(withThreshold('c1', '6000.00')), raised.reduce(evolveBenefitYear, initialBenefitYear()))];
    benefitYear
      .given(...withdrawn)
      .when(reassessUnder(withThreshold('c2', '5000.00')))
      .then((events) => {
        expect(events.map((event) => event.type)).toEqual(['HighCostAlertRaised']);
        expect(events[0].data).toMatchObject({ rule: 'returning-to-poverty', threshold: '5000.00', burden: '5100.00' });
      });
  });

  // Domain contract §5: the population is decided by the categories held on the reference date of the
  // claim being settled. 低保 recognised later for c1 only: c1 now leaves 5100 (> 5000, 因病返贫), and
  // c2, settled with no category, adds 500 (5600 < 20000, 因病致贫). A fresh settlement raises 因病返贫
  // on c1; the reassessment must too, though the last claim's population is another one.
  it('raises the alert an earlier replayed claim crosses under its own population', () => {
    const settledWithout = history(
      submit({ ...claim('c1', '50000.00'), adjudicated: { basic: '20000.00', critical: '0.00' } }, context(fumeng2023)),
      submit({ ...claim('c2', '1000.00'), adjudicated: { basic: '500.00', critical: '0.00' } }, context(fumeng2023)),
    );
    benefitYear
      .given(...settledWithout)
      .when({ type: 'Reassess', data: { correctionId: 'identity-低保', reason: 'retroactive 低保 for c1', contexts: { c1: context(fumeng2023, 'SUBSISTENCE'), c2: context(fumeng2023) } } })
      .then((events) => {
        expect(events.map((event) => event.type)).toEqual(['ClaimReassessed', 'ClaimReassessed', 'HighCostAlertWithdrawn', 'HighCostAlertRaised']);
        expect(events[2].data).toMatchObject({ rule: 'falling-into-poverty-resident', burden: '5600.00', claimId: 'c2' });
        expect(events[3].data).toMatchObject({ rule: 'returning-to-poverty', burden: '5100.00', claimId: 'c1' });
      });
  });

  // Domain contract §4 (idempotent) and §5: a correction shorter than the year puts c1 (March) under a
  // 3000 threshold, and c2 (July) is under another revision at 6000. A fresh settlement raises the
  // alert on c1 (5100 > 3000) and withdraws it on c2 (5100 ≤ 6000), as the recorded history did with
  // 5000 then 6000: nothing is open either way, so a reassessment appends nothing, now or when re-run.
  it('appends nothing when the claims of a year fall under thresholds of two revisions and nothing else changed', () => {
    const july = (submitted: Claim): Claim => ({ ...submitted, admissionDate: '2023-07-01', dischargeDate: '2023-07-10' });
    const given = history(
      submit({ ...claim('c1', '50000.00'), adjudicated: { basic: '20000.00', critical: '0.00' } }, context(fumeng2023, 'SUBSISTENCE')),
      submit(july({ ...claim('c2', '1000.00'), adjudicated: { basic: '1000.00', critical: '0.00' } }), context(withThreshold('c2', '6000.00'), 'SUBSISTENCE')),
    );
    expect(given.map((event) => event.type)).toEqual(['ClaimSettled', 'HighCostAlertRaised', 'ClaimSettled', 'HighCostAlertWithdrawn']);
    const contexts = { c1: context(withThreshold('c1', '3000.00'), 'SUBSISTENCE'), c2: context(withThreshold('c2', '6000.00'), 'SUBSISTENCE') };
    benefitYear.given(...given).when({ type: 'Reassess', data: { correctionId: 'k1', reason: 'short correction', contexts } }).thenNothing();
  });

  // Domain contract §4: a negative delta is an overpayment, recorded and never edited away; it is marked
  // due for recovery only where the pack says recoverOverpayment (default false: waived).
  it('marks a lowered payout as due for recovery only where the pack says so', () => {
    const recovering: PublishedPack = { ref: { ...heze.ref, revision: 'recovering' }, pack: { ...heze.pack, recoverOverpayment: true } };
    const given = history(submit(claim('c1', '3000.00'), context(recovering, 'SUBSISTENCE')));
    const revoked = (policy: PublishedPack) =>
      decideBenefitYear({ type: 'Reassess', data: { correctionId: 'revoked', reason: '低保 revoked', contexts: { c1: context(policy) } } }, given.reduce(evolveBenefitYear, initialBenefitYear()));
    const [recovered] = revoked(recovering);
    expect(recovered).toMatchObject({ type: 'ClaimReassessed', data: { delta: { assistance: '-2100.00' }, recoveryDue: true } });
    const [waived] = revoked(heze);
    expect(waived).toMatchObject({ type: 'ClaimReassessed', data: { delta: { assistance: '-2100.00' }, recoveryDue: false } });
  });
});

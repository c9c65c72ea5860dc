import { renderExplanation } from '../../../src/domain/explanation/render-explanation';
import type { ClaimSettled } from '../../../src/domain/ledger.events';
import type { SentenceStep } from '../../../src/domain/policy/settlement.types';
import { LEDGER_UPCASTERS, UpcasterChain } from '../../../src/event-store/upcasters';
import type { RecordedEvent } from '../../../src/event-store/event-store.port';
import { traceFigures } from '../../../src/projections/person-year-usage.projection';

/**
 * ClaimSettled v1 → v2: a v1 event's sentences are kept as `legacy` steps and rendered verbatim, with
 * their clauses and numbers, so an event recorded before v2 explains itself exactly as it did.
 */

const V1_TRACE: SentenceStep[] = [
  { step: 'policy', explanation: 'Settled under 菏泽市（山东省） (heze) revision 2022-05-01, content hash abc, in force 2022-05-01 to further notice.', clause: 'heze-2022-10: 关于完善医保帮扶政策', values: { region: 'heze', revision: '2022-05-01', hash: 'abc' } },
  { step: 'basic', explanation: 'The inpatient deductible 1000.00 applies to this stay (per episode). Basic insurance pays 0.55 (table row 4) of the policy scope above it, within what is left of the annual cap.', clause: 'assumed: plausible Shandong values', values: { deductible: '1000.00', ratio: '0.55', cap: '200000.00', capRemainingAfter: '119150.00' } },
  { step: 'assistance', explanation: 'Assistance pays 0.70 of the cumulative annual base above the threshold 0.00, within what is left of the cap.', clause: 'heze-2022-10 §一(四)', values: { threshold: '0.00', ratio: '0.70', cap: '70000.00', capRemainingAfter: '51273.25' } },
  { step: 'out-of-pocket', explanation: 'Out of pocket = total − basic − critical − assistance − re-assistance; the payouts and the out-of-pocket amount add up to the total.', values: { total: '160000.00', outOfPocket: '17907.72' } },
];

const costs = { total: '160000.00', outOfCatalog: '8000.00', categoryBSelfPay: '4000.00', overStandard: '0.00', outOfAreaFirstSelfPay: '0.00' };
const accumulators = {
  criticalBase: '0.00', assistanceBase: '0.00', reassistanceBase: '0.00', paid: { basic: '0.00', critical: '0.00', assistance: '0.00', reassistance: '0.00' },
  outpatientDeductibleConsumed: '0.00', inpatientDeductiblePaid: '0.00', burdenTotal: '0.00', burdenPolicyScope: '0.00', claimCount: 0,
};

const v1Data = {
  claimId: 'hz-1', personId: 'p-1', year: 2023, sequence: 1, kind: 'INPATIENT', admissionDate: '2023-03-02', dischargeDate: '2023-03-20', referenceDate: '2023-03-20',
  heldCategories: ['SUBSISTENCE'], appliedCategory: 'SUBSISTENCE', policy: { region: 'heze', revision: '2022-05-01', hash: 'abc' }, costs,
  claim: { claimId: 'hz-1', personId: 'p-1', scheme: 'RESIDENT', kind: 'INPATIENT', admissionDate: '2023-03-02', dischargeDate: '2023-03-20', hospitalLevel: 'TERTIARY', location: 'IN_CITY', referred: false, relocationFiled: false, costs },
  policyScope: '148000.00', payouts: { basic: '80850.00', critical: '40397.50', assistance: '18726.75', reassistance: '2118.03' }, outOfPocket: '17907.72',
  accumulators: { before: accumulators, after: { ...accumulators, claimCount: 1 } }, claimHash: 'f'.repeat(64), trace: V1_TRACE,
};

const recordedV1: RecordedEvent = {
  type: 'ClaimSettled',
  data: v1Data,
  metadata: { eventId: 'e-1', schemaVersion: 1, correlationId: 'c', causationId: 'c', actor: 'test', recordedAt: '2023-03-21T00:00:00.000Z' },
  streamName: 'benefit-year-p-1-2023',
  revision: 0n,
  position: 1n,
} as RecordedEvent;

describe('ClaimSettled v1 → v2 upcaster', () => {
  const upcast = new UpcasterChain(LEDGER_UPCASTERS).upcast(recordedV1);
  const data = upcast.data as ClaimSettled['data'];

  it('delivers version 2: the claim carries kind, dates and costs, and the trace is keyed', () => {
    expect(upcast.metadata.schemaVersion).toBe(2);
    expect(data).not.toHaveProperty('costs');
    expect(data).not.toHaveProperty('kind');
    expect(data.claim.costs).toEqual(costs);
    expect(data.trace.map((step) => step.key)).toEqual(['legacy', 'legacy', 'legacy', 'legacy']);
  });

  it.each(['zh', 'en'] as const)('renders the v1 sentences, clauses and numbers verbatim (%s)', (lang) => {
    const explanation = renderExplanation(data, null, lang);
    expect(explanation.steps.map((step) => step.text)).toEqual(V1_TRACE.map((step) => step.explanation));
    explanation.steps.forEach((step, index) => {
      const clause = V1_TRACE[index]!.clause;
      if (clause === undefined) expect(step.provenance).toBeNull();
      else expect(step.provenance).toMatchObject({ kind: 'recorded', text: expect.stringContaining(clause) });
      expect(Object.fromEntries(step.figures.map((figure) => [figure.name, figure.value]))).toEqual(V1_TRACE[index]!.values);
    });
  });

  it('keeps the figures the usage read model reads from a v1 trace', () => {
    expect(traceFigures(data.trace, 'assistance')).toEqual({ threshold: '0.00', cap: '70000.00', remainingAfter: '51273.25' });
  });
});

import fc from 'fast-check';
import type { ClaimReassessed, ClaimSettled, LedgerEvent } from '../../src/domain/ledger.events';
import { D, formatYuan } from '../../src/domain/money';
import type { PublishedPack } from '../../src/domain/policy/policy-pack';
import type { Payouts } from '../../src/domain/policy/settlement.types';
import { TIERS, type Category } from '../../src/domain/vocabulary';
import { fixedClock } from '../../src/ledger/clock';
import { Ledger } from '../../src/ledger/ledger.service';
import type { CommandMetadata } from '../../src/ledger/ledger.types';
import { loadSeedPacks, validatePackObject } from '../../src/policy-packs/load-pack';
import { applyUsage, emptyUsage } from '../../src/projections/person-year-usage.projection';
import { InMemoryEventStore } from '../support/in-memory-event-store';

/**
 * Domain contract §4 through the ledger itself (store, catalog, identity reactions, region
 * reassessment): a year settled under what was known then, then corrected by retroactive identity
 * changes and by policy corrections (a chain c1, c2, a correction shorter than what it corrects),
 * must end where a ledger that knew everything from the start ends: every claim's first settlement
 * plus its deltas equals the fresh settlement to the fen, each delta is exactly next − previous,
 * the tiers and out of pocket add up to the bill, the accumulators and the usage read model equal
 * the fresh ones, the alerts a fresh ledger raises are raised, a dry run reports what the real run
 * appends, and a second run, or a ledger opened afresh on the store, appends nothing.
 */
const seeds = loadSeedPacks();
const fumeng = seeds.find((pack) => pack.ref.region === 'fumeng' && pack.ref.revision === '2023-01-01')!;
const PERSON = 'p1';
const CATEGORIES: readonly Category[] = ['SUBSISTENCE', 'MARGINAL', 'RETURNED_TO_POVERTY', 'STABLE_OUT_OF_POVERTY'];
const source = { department: 'CIVIL_AFFAIRS' as const, document: 'roster' };
const at = (date: string): CommandMetadata => ({ actor: 'test', recordedAt: `${date}T00:00:00.000Z` });

type EditablePack = Record<string, any>;

interface CorrectionSpec {
  readonly ratio: string;
  readonly cap: string;
  readonly tilt: string;
  readonly threshold: string;
  readonly until: string | null;
}

/** A correction of `corrects`: 低保 and 低保边缘 assistance, the tilted ratio, the 因病返贫 threshold, maybe a shorter period. */
const correction = (revision: string, corrects: string, spec: CorrectionSpec): PublishedPack => {
  const pack = JSON.parse(JSON.stringify(fumeng.pack)) as EditablePack;
  Object.assign(pack, { revision, corrects, effectiveTo: spec.until });
  for (const category of ['SUBSISTENCE', 'MARGINAL']) Object.assign(pack.assistance.categories[category], { ratio: spec.ratio, annualCap: spec.cap });
  pack.critical.tilted.schedule.segments[0].ratio = spec.tilt;
  pack.monitoring.rules[0].threshold = spec.threshold;
  return validatePackObject(pack, `property:${revision}`);
};

const dateIn = fc.integer({ min: 1, max: 12 }).chain((month) => fc.integer({ min: 1, max: 28 }).map((day) => `2023-${pad(month)}-${pad(day)}`));
const pad = (value: number): string => String(value).padStart(2, '0');
const claimArbitrary = fc.record({
  date: dateIn,
  total: fc.integer({ min: 100, max: 8_000_000 }).map((fen) => formatYuan(new D(fen).dividedBy(100))),
  kind: fc.constantFrom('INPATIENT' as const, 'OUTPATIENT_CHRONIC' as const),
  location: fc.constantFrom('IN_COUNTY' as const, 'IN_PROVINCE' as const),
  referred: fc.boolean(),
});
const identityChange = fc.oneof(
  fc.record({ change: fc.constant('revoke' as const), category: fc.constantFrom(...CATEGORIES), date: dateIn }),
  fc.record({ change: fc.constant('recognize' as const), category: fc.constantFrom(...CATEGORIES), date: dateIn, until: fc.option(dateIn, { nil: null }) }),
);
const correctionArbitrary = fc.record({
  ratio: fc.constantFrom('0.50', '0.70', '0.90'),
  cap: fc.constantFrom('3000', '20000'),
  tilt: fc.constantFrom('0.70', '0.75', '0.85'),
  threshold: fc.constantFrom('3000', '5000', '8000'),
  until: fc.constantFrom(null, '2023-06-30'),
});
const historyArbitrary = fc.record({
  initial: fc.subarray([...CATEGORIES], { maxLength: 2 }),
  claims: fc.array(claimArbitrary, { minLength: 1, maxLength: 5 }),
  changes: fc.array(identityChange, { maxLength: 3 }),
  corrections: fc.array(correctionArbitrary, { minLength: 1, maxLength: 2 }),
});
type History = typeof historyArbitrary extends fc.Arbitrary<infer T> ? T : never;

const ignoreRefusal = (error: unknown): void => {
  // A revocation of a category not held, or a recognition ending before it starts, is refused alike in both ledgers.
  if (!(error instanceof Error) || !['IDENTITY_NOT_HELD', 'INVALID_VALIDITY'].includes((error as { code?: string }).code ?? '')) throw error;
};

const changeIdentity = async (ledger: Ledger, change: History['changes'][number], recordedOn: string): Promise<void> => {
  const meta = at(recordedOn);
  const command =
    change.change === 'revoke'
      ? ledger.revokeIdentity({ personId: PERSON, category: change.category, validTo: change.date, reason: 'roster', source }, meta)
      : ledger.recognizeIdentity({ personId: PERSON, category: change.category, validFrom: change.date, validTo: change.until, source: { ...source, document: `roster ${change.date}` } }, meta);
  await command.catch(ignoreRefusal);
};

const submitClaims = async (ledger: Ledger, history: History): Promise<void> => {
  for (const [index, claim] of history.claims.entries()) {
    const { date, total, kind, location, referred } = claim;
    await ledger.submitClaim({ claimId: `c${index}`, personId: PERSON, kind, admissionDate: date, dischargeDate: date, hospitalLevel: 'SECONDARY', location, referred, costs: { total } }, at('2023-12-31'));
  }
};

/** The published corrections, in publication order: c2 corrects c1 corrects the original. */
const correctionsOf = (history: History): PublishedPack[] =>
  history.corrections.map((spec, index) => correction(`2023-01-01-c${index + 1}`, index === 0 ? '2023-01-01' : `2023-01-01-c${index}`, spec));

const opened = async (store: InMemoryEventStore): Promise<Ledger> => Ledger.open(store, { clock: fixedClock('2024-01-15T00:00:00Z') });

const begin = async (ledger: Ledger, history: History): Promise<void> => {
  await ledger.publishPolicy({ policy: fumeng }, at('2022-12-01'));
  await ledger.registerPerson({ personId: PERSON, region: 'fumeng', scheme: 'RESIDENT' }, at('2022-12-01'));
  for (const category of history.initial) await ledger.recognizeIdentity({ personId: PERSON, category, validFrom: '2023-01-01', source }, at('2022-12-01'));
};

/** Live: claims settled first, then the identity changes learnt late, then the corrections and the operator's region reassessment. */
const live = async (store: InMemoryEventStore, history: History) => {
  const ledger = await opened(store);
  await begin(ledger, history);
  await ledger.enrollPerson({ personId: PERSON, year: 2023, contribution: '380', enrolledOn: '2022-12-05' }, at('2022-12-05'));
  await submitClaims(ledger, history);
  for (const change of history.changes) await changeIdentity(ledger, change, '2024-01-05');
  for (const policy of correctionsOf(history)) await ledger.publishPolicy({ policy }, at('2024-01-10'));
  const scope = { region: 'fumeng', from: '2023-01-01', to: '2023-12-31' };
  const head = await store.headPosition();
  const dry = await ledger.reassess({ scope, reason: 'correction', correctionId: 'k1', dryRun: true }, at('2024-01-15'));
  expect(await store.headPosition()).toBe(head);
  const real = await ledger.reassess({ scope, reason: 'correction', correctionId: 'k1' }, at('2024-01-15'));
  const again = await ledger.reassess({ scope, reason: 'again', correctionId: 'k2' }, at('2024-01-16'));
  return { dry, real, again };
};

/** Fresh: every policy and identity known before the first claim, in the same recorded order. */
const fresh = async (store: InMemoryEventStore, history: History): Promise<void> => {
  const ledger = await opened(store);
  await begin(ledger, history);
  for (const change of history.changes) await changeIdentity(ledger, change, '2022-12-01');
  for (const policy of correctionsOf(history)) await ledger.publishPolicy({ policy }, at('2022-12-01'));
  await ledger.enrollPerson({ personId: PERSON, year: 2023, contribution: '380', enrolledOn: '2022-12-05' }, at('2022-12-05'));
  await submitClaims(ledger, history);
};

const yearEvents = async (store: InMemoryEventStore): Promise<LedgerEvent[]> =>
  (await store.readStream(`benefit-year-${PERSON}-2023`, { maxCount: 10_000 })).map((event) => ({ type: event.type, data: event.data }) as LedgerEvent);

const sumPayouts = (payouts: Payouts): InstanceType<typeof D> => TIERS.reduce((sum, tier) => sum.plus(payouts[tier]), new D(0));

/** Each claim's amounts in force after folding its settlement and reassessments, checking every delta on the way. */
const amountsInForce = (events: readonly LedgerEvent[]): Map<string, { payouts: Payouts; outOfPocket: string; total: string }> => {
  const amounts = new Map<string, { payouts: Payouts; outOfPocket: string; total: string }>();
  for (const event of events) {
    if (event.type === 'ClaimSettled') {
      const { claimId, payouts, outOfPocket, claim } = (event as ClaimSettled).data;
      amounts.set(claimId, { payouts, outOfPocket, total: claim.costs.total });
    } else if (event.type === 'ClaimReassessed') {
      const data = (event as ClaimReassessed).data;
      const before = amounts.get(data.claimId)!;
      expect(data.previous).toEqual({ payouts: before.payouts, outOfPocket: before.outOfPocket });
      const added = Object.fromEntries(TIERS.map((tier) => [tier, formatYuan(new D(before.payouts[tier]).plus(data.delta[tier]))])) as unknown as Payouts;
      expect(added).toEqual(data.next.payouts);
      amounts.set(data.claimId, { ...before, payouts: data.next.payouts, outOfPocket: data.next.outOfPocket });
    }
  }
  for (const { payouts, outOfPocket, total } of amounts.values()) expect(formatYuan(sumPayouts(payouts).plus(outOfPocket))).toBe(formatYuan(new D(total)));
  return amounts;
};

const openAlerts = (events: readonly LedgerEvent[]): Map<string, string> => {
  const open = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'HighCostAlertRaised') open.set(event.data.rule, event.data.threshold);
    if (event.type === 'HighCostAlertWithdrawn') open.delete(event.data.rule);
  }
  return open;
};

const usageOf = (events: readonly LedgerEvent[]) => {
  const stamped = events.map((event, index) => ({ ...event, position: BigInt(index + 1), metadata: { recordedAt: '2024-01-01T00:00:00.000Z', eventId: `e${index}` } }));
  const usage = stamped.reduce((row, event) => applyUsage(row, event as never), emptyUsage(PERSON, 2023));
  // Caps and thresholds are read from the last recorded trace, which a correction that moves no amount
  // does not rewrite (no ClaimReassessed): only what the amounts decide is compared.
  const tiers = Object.fromEntries(TIERS.map((tier) => [tier, { base: usage.tiers[tier].base, paid: usage.tiers[tier].paid }]));
  return { tiers, burden: usage.burden, claims: usage.claims.map(({ claimId, payouts, outOfPocket, accumulatorsAfter, appliedCategory }) => ({ claimId, payouts, outOfPocket, accumulatorsAfter, appliedCategory })) };
};

describe('corrections and replay through the ledger (property)', () => {
  it('ends where a ledger that knew everything from the start ends, and appends nothing when run again', async () => {
    await fc.assert(
      fc.asyncProperty(historyArbitrary, async (history) => {
        const liveStore = new InMemoryEventStore();
        const freshStore = new InMemoryEventStore();
        const { dry, real, again } = await live(liveStore, history);
        await fresh(freshStore, history);
        const [liveEvents, freshEvents] = [await yearEvents(liveStore), await yearEvents(freshStore)];

        const liveAmounts = amountsInForce(liveEvents);
        const freshAmounts = amountsInForce(freshEvents);
        expect(liveAmounts).toEqual(freshAmounts);
        expect(usageOf(liveEvents)).toEqual(usageOf(freshEvents));
        // The same rules are open (an alert left open keeps the threshold it was raised at).
        expect([...openAlerts(liveEvents).keys()].sort()).toEqual([...openAlerts(freshEvents).keys()].sort());

        const strip = ({ events, dryRun, ...figures }: typeof dry) => ({ figures, events: events.map(({ type, data }) => ({ type, data })) });
        expect(strip(dry)).toEqual(strip(real));
        expect(again.events).toEqual([]);
        const reopened = await opened(liveStore);
        const head = await liveStore.headPosition();
        const afresh = await reopened.reassess({ scope: { region: 'fumeng', from: '2023-01-01', to: '2023-12-31' }, reason: 'reopened', correctionId: 'k3' }, at('2024-01-17'));
        expect(afresh.events).toEqual([]);
        expect(await liveStore.headPosition()).toBe(head);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) },
    );
  }, 60_000);
});

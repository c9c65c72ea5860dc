import { claimAt, claims, personAt, persons, REGIONS, RECORDED_AT, type PopulationSpec } from '../../bench/population';
import { mulberry32 } from '../../bench/prng';
import { parseYuan } from '../../src/domain/money';
import { fixedClock } from '../../src/ledger/clock';
import { Ledger } from '../../src/ledger/ledger.service';
import { normalizeClaim } from '../../src/ledger/claim-input';
import { loadSeedPacks } from '../../src/policy-packs/load-pack';
import { InMemoryEventStore } from '../support/in-memory-event-store';

const spec: PopulationSpec = { seed: 7, persons: 400, claims: 600 };

// The benchmark population must be the same work on every run: same seed, same persons and claims.
describe('bench population', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect([...persons(spec)]).toEqual([...persons(spec)]);
    expect([...claims(spec)]).toEqual([...claims(spec)]);
    expect(claimAt({ ...spec, seed: 8 }, 0)).not.toEqual(claimAt(spec, 0));
    // Random access gives what the sequence gives: concurrent callers can each build their own items.
    expect(personAt(spec, 123)).toEqual([...persons(spec)][123]);
  });

  // mulberry32(1) starts 0.6270739405881613, 0.002735721180215478, … in the reference implementation.
  it('draws from a PRNG that is stable across platforms', () => {
    const next = mulberry32(1);
    expect([next(), next(), next()].map((value) => value.toFixed(8))).toEqual(['0.62707394', '0.00273572', '0.52744704']);
  });

  it('produces claims the ledger accepts as input: two-decimal amounts, parts within the total, dates in order', () => {
    for (const claim of claims(spec)) {
      const normalized = normalizeClaim(claim, 'RESIDENT');
      const { total, outOfCatalog, categoryBSelfPay, overStandard, outOfAreaFirstSelfPay } = normalized.costs;
      const parts = [outOfCatalog, categoryBSelfPay, overStandard, outOfAreaFirstSelfPay].map((part) => parseYuan(part));
      expect(parts.reduce((sum, part) => sum.plus(part), parseYuan('0')).lessThanOrEqualTo(parseYuan(total))).toBe(true);
      expect(claim.admissionDate <= claim.dischargeDate).toBe(true);
      expect(claim.dischargeDate.startsWith('2023-')).toBe(true);
    }
  });

  it('spreads persons over the five regions and gives most of them no category or 稳定脱贫', () => {
    const population = [...persons({ seed: 7, persons: 4000, claims: 0 })];
    const regions = new Set(population.map((person) => person.register.region));
    expect([...regions].sort()).toEqual([...REGIONS].sort());
    const uncategorised = population.filter((person) => person.identities.length === 0 || person.identities[0]!.category === 'STABLE_OUT_OF_POVERTY').length;
    expect(uncategorised / population.length).toBeGreaterThan(0.6);
    const subsistence = population.filter((person) => person.identities[0]?.category === 'SUBSISTENCE').length;
    expect(subsistence / population.length).toBeGreaterThan(0.05);
    expect(population.some((person) => person.identities.length === 2)).toBe(true);
    expect(population.some((person) => person.retroactive !== null)).toBe(true);
  });

  it('has a heavy tail reaching several hundred thousand yuan', () => {
    const totals = [...claims({ seed: 7, persons: 1000, claims: 20_000 })].map((claim) => parseYuan(claim.costs.total));
    expect(totals.some((total) => total.greaterThanOrEqualTo(200_000))).toBe(true);
    expect(totals.filter((total) => total.lessThan(10_000)).length / totals.length).toBeGreaterThan(0.5);
  });

  it('settles through the ledger without refusals', async () => {
    const small: PopulationSpec = { seed: 7, persons: 60, claims: 120 };
    const ledger = await Ledger.open(new InMemoryEventStore(), { seedPacks: loadSeedPacks(), clock: fixedClock(RECORDED_AT.claims) });
    for (const person of persons(small)) {
      await ledger.registerPerson(person.register, { actor: 'test', recordedAt: RECORDED_AT.identities });
      for (const identity of person.identities) await ledger.recognizeIdentity(identity, { actor: 'test', recordedAt: RECORDED_AT.identities });
      await ledger.enrollPerson(person.enrollment, { actor: 'test', recordedAt: RECORDED_AT.enrollment });
    }
    for (const claim of claims(small)) {
      const result = await ledger.submitClaim(claim, { actor: 'test' });
      expect(result.duplicate).toBe(false);
    }
  });
});

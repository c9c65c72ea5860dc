import { CATALOGUES, formatTrace, renderExplanation } from '../../../src/domain/explanation/render-explanation';
import type { PolicyPack, PublishedPack } from '../../../src/domain/policy/policy-pack';
import { provenanceAt } from '../../../src/domain/policy/provenance';
import { emptyAccumulators, settle } from '../../../src/domain/policy/settlement';
import { SettlementRefused, type Claim, type Settlement } from '../../../src/domain/policy/settlement.types';
import { CATEGORIES, CLAIM_KINDS, HOSPITAL_LEVELS, LOCATIONS, type Category } from '../../../src/domain/vocabulary';
import { loadSeedPacks } from '../../../src/policy-packs/load-pack';

/**
 * Provenance per figure (issue 14, item 2) over every shipped pack: a figure marked `assumed` never
 * reaches an explanation as a plain citation, even where the rule object also names a source (the
 * fault this replaces: such objects were shown as "§clause"). And every key the engine records has a
 * message in both catalogues.
 */

const packs = loadSeedPacks();

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/** Every object of a pack that names a source and is marked assumed, by path. */
const assumedWithSource = (node: unknown, path: string[] = [], found: string[] = []): string[] => {
  if (!isNode(node)) return found;
  if (node.assumed === true && isNode(node.source)) found.push(path.join('.'));
  for (const [key, child] of Object.entries(node)) if (key !== 'source') assumedWithSource(child, [...path, key], found);
  return found;
};

/** Independently of the engine: is the nearest object on the path that states its provenance marked assumed? */
const assumedOnPath = (pack: PolicyPack, path: string): boolean => {
  const chain: unknown[] = [pack];
  let node: unknown = pack;
  for (const segment of path.split('.')) {
    node = isNode(node) ? node[segment] : undefined;
    if (node === undefined) break;
    chain.push(node);
  }
  const nearest = [...chain].reverse().find((candidate) => isNode(candidate) && (candidate.assumed !== undefined || candidate.source !== undefined)) as Node | undefined;
  return nearest?.assumed === true;
};

const dateIn = (pack: PolicyPack): string => {
  const wanted = pack.effectiveFrom > '2023-06-15' ? pack.effectiveFrom : '2023-06-15';
  return pack.effectiveTo !== null && wanted > pack.effectiveTo ? pack.effectiveFrom : wanted;
};

const claimOf = (pack: PolicyPack, index: number, kind: Claim['kind'], location: Claim['location'], level: Claim['hospitalLevel'], total: string): Claim => ({
  claimId: `c-${index}`,
  personId: 'p-1',
  scheme: 'RESIDENT',
  kind,
  admissionDate: dateIn(pack),
  dischargeDate: dateIn(pack),
  hospitalLevel: level,
  location,
  referred: index % 2 === 0,
  relocationFiled: false,
  costs: { total, outOfCatalog: '0.00', categoryBSelfPay: '100.00', overStandard: '0.00', outOfAreaFirstSelfPay: location === 'OUT_OF_PROVINCE' ? '200.00' : '0.00' },
});

const HELD: ReadonlyArray<readonly Category[]> = [[], ...CATEGORIES.map((category) => [category])];
const TOTALS = ['800.00', '30000.00', '400000.00'];

/** A grid of claims per pack: every kind, location, level and category, three sizes, referred or not. */
const settlementsOf = (policy: PublishedPack): Settlement[] => {
  const out: Settlement[] = [];
  let index = 0;
  for (const held of HELD)
    for (const kind of CLAIM_KINDS)
      for (const location of LOCATIONS)
        for (const level of HOSPITAL_LEVELS)
          for (const total of TOTALS) {
            index += 1;
            try {
              out.push(settle({ claim: claimOf(policy.pack, index, kind, location, level, total), policy, heldCategories: held, accumulators: emptyAccumulators() }));
            } catch (error) {
              if (!(error instanceof SettlementRefused)) throw error;
            }
          }
  return out;
};

describe('provenance per figure, over every shipped pack', () => {
  it('finds the rule objects that name a source and are marked assumed, and reads each as assumed', () => {
    const both = packs.flatMap((policy) => assumedWithSource(policy.pack).map((path) => ({ pack: policy.ref.revision, region: policy.ref.region, path })));
    // Count reported in the issue (76 on the packs as they stood); the packs may be corrected, the reading may not regress.
    expect(both.length).toBeGreaterThan(0);
    const misread = both.filter(({ region, pack, path }) => {
      const policy = packs.find((candidate) => candidate.ref.region === region && candidate.ref.revision === pack)!;
      return provenanceAt(policy.pack, path).kind !== 'assumed';
    });
    expect(misread).toEqual([]);
  });

  it.each(packs.map((policy) => [`${policy.ref.region} ${policy.ref.revision}`, policy] as const))(
    '%s: no figure marked assumed reaches an explanation as cited, in either language',
    (_name, policy) => {
      const settlements = settlementsOf(policy);
      expect(settlements.length).toBeGreaterThan(100);
      const problems: string[] = [];
      let assumedFigures = 0;
      for (const settlement of settlements) {
        for (const lang of ['zh', 'en'] as const) {
          for (const step of renderExplanation(settlement, policy.pack, lang).steps) {
            const cited = [step.provenance, ...step.figures.map((figure) => figure.provenance)].filter((provenance) => provenance !== null);
            for (const provenance of cited) {
              if (provenance!.rule === undefined || !assumedOnPath(policy.pack, provenance!.rule)) continue;
              assumedFigures += 1;
              const text = provenance!.text;
              const saysAssumed = lang === 'zh' ? text.startsWith('假定') : text.startsWith('assumed');
              if (provenance!.kind !== 'assumed' || !saysAssumed) problems.push(`${step.key} ${provenance!.rule} (${lang}): ${text}`);
            }
          }
        }
      }
      expect(problems.slice(0, 10)).toEqual([]);
      expect(assumedFigures).toBeGreaterThan(0);
    },
  );

  it('has a message in both languages for every key the engine records on the shipped packs', () => {
    const keys = new Set(packs.flatMap((policy) => settlementsOf(policy).flatMap((settlement) => settlement.trace.map((step) => step.key))));
    const missing = [...keys].filter((key) => CATALOGUES.zh.messages[key] === undefined || CATALOGUES.en.messages[key] === undefined);
    expect(missing).toEqual([]);
    expect(Object.keys(CATALOGUES.zh.messages).sort()).toEqual(Object.keys(CATALOGUES.en.messages).sort());
  });

  it.each(packs.map((policy) => [`${policy.ref.region} ${policy.ref.revision}`, policy] as const))(
    '%s: renders without a placeholder, every figure a message reads was recorded',
    (_name, policy) => {
      const broken = settlementsOf(policy)
        .flatMap((settlement) => (['zh', 'en'] as const).map((lang) => formatTrace(settlement, policy.pack, lang)))
        .flatMap((text) => text.split('\n'))
        .filter((line) => /\?|\[[a-z-]+\.[a-z.-]+\]/.test(line));
      expect(broken.slice(0, 5)).toEqual([]);
    },
  );
});

import { validatePackRules, validateRevisionSet, type PackProblem } from '../../../src/domain/policy/pack-rules';
import type { PolicyPack } from '../../../src/domain/policy/policy-pack';
import type { Category } from '../../../src/domain/vocabulary';
import { minimalPack, packWith, type Draft } from '../../policy-packs/minimal-pack.fixture';

const only = (problems: readonly PackProblem[]): PackProblem => {
  expect(problems).toHaveLength(1);
  return problems[0] as PackProblem;
};

const notACategory = 'SUBSISTANCE' as Category;

describe('validatePackRules', () => {
  // The fixture is the baseline every other case changes in exactly one place.
  it('accepts the minimal valid pack', () => {
    expect(validatePackRules(minimalPack())).toEqual([]);
  });

  describe('ratios', () => {
    // Nobody can be reimbursed more than the bill: a ratio above 1 is a typo (1.5 for 0.15, 70 for 0.70).
    it('refuses a ratio greater than 1 and names its path', () => {
      const found = only(validatePackRules(packWith((d) => void (d.assistance.categories.SUBSISTENCE!.ratio = '1.5'))));
      expect(found).toEqual({ path: 'assistance.categories.SUBSISTENCE.ratio', rule: 'ratio-range', message: 'ratio 1.5 is greater than 1' });
    });

    it('refuses a negative ratio', () => {
      const found = only(validatePackRules(packWith((d) => void (d.basic.ratio.rows![0]!.value = '-0.10'))));
      expect(found.path).toBe('basic.ratio.rows[0].value');
      expect(found.rule).toBe('ratio-range');
      expect(found.message).toContain('non-negative');
    });

    // The derived tilt adds 5 points to every standard ratio; a standard ratio of 0.98 would exceed 100%.
    it('refuses a derived tilt whose bonus pushes a standard ratio above 1', () => {
      const found = only(validatePackRules(packWith((d) => void (d.critical.standard.segments[1]!.ratio = '0.98'))));
      expect(found.rule).toBe('ratio-range');
      expect(found.path).toBe('critical.tilted.derive.ratioBonus');
      expect(found.message).toContain('0.98');
    });

    it('accepts a ratio of exactly 1 (Guizhou 特困 100%)', () => {
      expect(validatePackRules(packWith((d) => void (d.assistance.categories.DESTITUTE!.ratio = '1')))).toEqual([]);
    });
  });

  describe('critical-illness segments', () => {
    it('refuses decreasing segment edges', () => {
      const pack = packWith((d) => {
        d.critical.standard.segments = [
          { upTo: '200000.00', ratio: '0.60' },
          { upTo: '100000.00', ratio: '0.65' },
          { upTo: null, ratio: '0.70' },
        ];
      });
      const found = only(validatePackRules(pack));
      expect(found.path).toBe('critical.standard.segments[1].upTo');
      expect(found.rule).toBe('segment-order');
      expect(found.message).toBe('segment edge 100000.00 is not above the previous edge 200000.00; edges must increase');
    });

    it('refuses an open-ended segment that is not the last', () => {
      const pack = packWith((d) => {
        d.critical.standard.segments = [
          { upTo: null, ratio: '0.60' },
          { upTo: '100000.00', ratio: '0.65' },
        ];
      });
      expect(only(validatePackRules(pack))).toMatchObject({ path: 'critical.standard.segments[0].upTo', rule: 'segment-order' });
    });

    // With absolute boundaries (Heze) the first edge is an amount of the base, so it must lie above the threshold.
    it('refuses an absolute first edge at or below the threshold', () => {
      const pack = packWith((d) => void (d.critical.standard.segments[0]!.upTo = '10000.00'));
      expect(only(validatePackRules(pack))).toMatchObject({ path: 'critical.standard.segments[0].upTo', rule: 'segment-order' });
    });
  });

  describe('caps', () => {
    it('refuses an assistance cap below its threshold', () => {
      const pack = packWith((d) => {
        d.reassistance.categories.SUBSISTENCE!.threshold = '5000.00';
        d.reassistance.categories.SUBSISTENCE!.annualCap = '2000.00';
      });
      expect(only(validatePackRules(pack))).toEqual({
        path: 'reassistance.categories.SUBSISTENCE.annualCap',
        rule: 'cap-below-threshold',
        message: 'annualCap 2000.00 is below the threshold 5000.00',
      });
    });

    it('refuses a critical-illness cap below its threshold', () => {
      const pack = packWith((d) => void (d.critical.standard.annualCap = '8000.00'));
      expect(only(validatePackRules(pack))).toMatchObject({ path: 'critical.standard.annualCap', rule: 'cap-below-threshold' });
    });

    it('compares shares of the same statistic by their factors', () => {
      const pack = packWith((d) => {
        d.assistance.categories.MARGINAL!.annualCap = { statistic: 'perCapitaDisposableIncome', geography: 'province', year: 'previous', factor: '0.05' };
      });
      expect(only(validatePackRules(pack))).toMatchObject({ path: 'assistance.categories.MARGINAL.annualCap', rule: 'cap-below-threshold' });
    });

    // Fumeng's 因病致贫 倾斜救助: threshold 10000 and cap 10000 are equal, which is legitimate.
    it('accepts a cap equal to its threshold', () => {
      const pack = packWith((d) => {
        d.reassistance.categories.SUBSISTENCE!.threshold = '10000.00';
        d.reassistance.categories.SUBSISTENCE!.annualCap = '10000.00';
      });
      expect(validatePackRules(pack)).toEqual([]);
    });
  });

  describe('categories and groups', () => {
    it.each([
      ['a group member', (d: Draft<PolicyPack>) => void (d.groups!.监测![0] = notACategory), 'groups.监测[0]'],
      ['an alias target', (d: Draft<PolicyPack>) => void (d.categoryAliases!.ORPHAN = notACategory), 'categoryAliases.ORPHAN'],
      ['the priority list', (d: Draft<PolicyPack>) => void (d.categoryPriority = ['DESTITUTE', notACategory]), 'categoryPriority[1]'],
      ['a tilt category', (d: Draft<PolicyPack>) => void d.critical.tilted!.categories.push(notACategory), 'critical.tilted.categories[2]'],
      [
        'a monitoring population',
        (d: Draft<PolicyPack>) => void (d.monitoring!.rules[0]!.population.categories = [notACategory]),
        'monitoring.rules[0].population.categories[0]',
      ],
      [
        'an assistance rule key',
        (d: Draft<PolicyPack>) => void (d.assistance.categories[notACategory] = { ...d.assistance.categories.SUBSISTENCE! }),
        'assistance.categories.SUBSISTANCE',
      ],
    ])('refuses an unknown category in %s', (_where, change, path) => {
      const found = validatePackRules(packWith(change)).find((p) => p.rule === 'unknown-category');
      expect(found).toEqual({ path, rule: 'unknown-category', message: expect.stringContaining('unknown category "SUBSISTANCE"') });
    });

    it('refuses a monitoring population naming an undeclared group', () => {
      const found = only(validatePackRules(packWith((d) => void (d.monitoring!.rules[0]!.population.groups = ['监测人口']))));
      expect(found).toEqual({ path: 'monitoring.rules[0].population.groups[0]', rule: 'unknown-group', message: 'unknown group "监测人口"; declare it under groups' });
    });

    // Claims are settled under the category after aliasing, so an ORPHAN rule beside ORPHAN → DESTITUTE is dead.
    it('refuses a rule keyed by an aliased category', () => {
      const pack = packWith((d) => void (d.subsidy.categories.ORPHAN = { source: { doc: 'test-doc', clause: '五' }, kind: 'full' }));
      expect(only(validatePackRules(pack))).toMatchObject({ path: 'subsidy.categories.ORPHAN', rule: 'alias' });
    });

    it('refuses a chain of aliases', () => {
      const pack = packWith((d) => void (d.categoryAliases = { ORPHAN: 'DESTITUTE', DESTITUTE: 'SUBSISTENCE' }));
      expect(validatePackRules(pack).map((p) => p.rule)).toContain('alias');
    });
  });

  describe('provenance', () => {
    it('refuses a rule object with neither source nor assumed', () => {
      const pack = packWith((d) => void delete d.assistance.categories.SUBSISTENCE!.source);
      expect(only(validatePackRules(pack))).toEqual({
        path: 'assistance.categories.SUBSISTENCE',
        rule: 'provenance',
        message: 'missing provenance: give source: { doc, clause } or assumed: true with a note',
      });
    });

    it('refuses assumed: true without a note', () => {
      const pack = packWith((d) => void delete d.assistance.referral.note);
      expect(only(validatePackRules(pack))).toMatchObject({ path: 'assistance.referral.note', rule: 'provenance' });
    });

    it('refuses a source citing a document the pack does not declare', () => {
      const pack = packWith((d) => void (d.critical.standard.source = { doc: 'other-doc', clause: '二' }));
      expect(only(validatePackRules(pack))).toEqual({
        path: 'critical.standard.source.doc',
        rule: 'unknown-document',
        message: 'source.doc "other-doc" is not a key of documents',
      });
    });

    it('checks provenance on nested rule objects such as published statistics', () => {
      const pack = packWith((d) => void (d.statistics![0]!.assumed = undefined));
      expect(only(validatePackRules(pack))).toMatchObject({ path: 'statistics[0]', rule: 'provenance' });
    });

    it('checks provenance a table row carries, though rows may inherit it', () => {
      const pack = packWith((d) => void (d.basic.ratio.rows![0]!.source = { doc: 'nowhere', clause: '一' }));
      expect(only(validatePackRules(pack))).toMatchObject({ path: 'basic.ratio.rows[0].source.doc', rule: 'unknown-document' });
    });
  });

  describe('shape beyond the schema', () => {
    it('refuses effectiveTo before effectiveFrom', () => {
      const found = only(validatePackRules(packWith((d) => void (d.effectiveTo = '2023-12-31'))));
      expect(found).toEqual({ path: 'effectiveTo', rule: 'effective-period', message: 'effectiveTo 2023-12-31 is before effectiveFrom 2024-01-01' });
    });

    it('refuses a tilt with both an explicit schedule and a derivation', () => {
      const pack = packWith((d) => void (d.critical.tilted!.schedule = structuredClone(d.critical.standard)));
      expect(only(validatePackRules(pack))).toMatchObject({ path: 'critical.tilted', rule: 'tilt-shape', message: expect.stringContaining('both') });
    });

    it('refuses a tilt with neither', () => {
      const pack = packWith((d) => void delete d.critical.tilted!.derive);
      expect(only(validatePackRules(pack))).toMatchObject({ path: 'critical.tilted', rule: 'tilt-shape', message: expect.stringContaining('neither') });
    });

    it('refuses a statistic-based amount whose statistic is never published', () => {
      const pack = packWith((d) => void (d.statistics = []));
      expect(only(validatePackRules(pack))).toMatchObject({ path: 'assistance.categories.MARGINAL.threshold', rule: 'unknown-statistic' });
    });

    it('refuses an amount with more than two decimals', () => {
      const pack = packWith((d) => void (d.basic.deductible.default = '500.001'));
      expect(only(validatePackRules(pack))).toMatchObject({ path: 'basic.deductible.default', rule: 'amount-format' });
    });

    it('refuses two monitoring rules with the same id', () => {
      const pack = packWith((d) => void d.monitoring!.rules.push({ ...d.monitoring!.rules[0]!, population: { others: true } }));
      expect(only(validatePackRules(pack))).toMatchObject({ path: 'monitoring.rules[1].id', rule: 'duplicate-id' });
    });
  });
});

describe('validateRevisionSet', () => {
  const revision = (revisionId: string, effectiveFrom: string, effectiveTo: string | null, corrects?: string): PolicyPack =>
    packWith((d) => {
      d.revision = revisionId;
      d.effectiveFrom = effectiveFrom;
      d.effectiveTo = effectiveTo;
      if (corrects !== undefined) d.corrects = corrects;
    });

  // Fumeng: 2022-11-09 … 2022-12-31 then 2023-01-01 onwards, adjacent and not overlapping.
  it('accepts adjacent revisions', () => {
    expect(validateRevisionSet([revision('a', '2022-11-09', '2022-12-31'), revision('b', '2023-01-01', null)])).toEqual([]);
  });

  it('refuses overlapping revisions without corrects, naming both', () => {
    const found = only(validateRevisionSet([revision('2023-01-01', '2023-01-01', null), revision('2023-06-01', '2023-06-01', '2023-12-31')]));
    expect(found.rule).toBe('revision-overlap');
    expect(found.path).toBe('testland/2023-06-01');
    expect(found.message).toContain('2023-01-01 (2023-01-01 … open)');
    expect(found.message).toContain('2023-06-01 (2023-06-01 … 2023-12-31)');
    expect(found.message).toContain('corrects: 2023-01-01');
  });

  it('accepts an overlapping correction that declares corrects', () => {
    expect(validateRevisionSet([revision('r1', '2023-01-01', '2023-12-31'), revision('r1-c1', '2023-01-01', '2023-12-31', 'r1')])).toEqual([]);
  });

  // A second correction corrects the first; it overlaps the original too, through the chain.
  it('accepts a chain of corrections', () => {
    const packs = [revision('r1', '2023-01-01', '2023-12-31'), revision('r1-c1', '2023-01-01', '2023-12-31', 'r1'), revision('r1-c2', '2023-01-01', '2023-12-31', 'r1-c1')];
    expect(validateRevisionSet(packs)).toEqual([]);
  });

  // A correction names the newest revision of its chain: r1-c3 correcting r1 while r1-c2 exists drops r1-c1 and r1-c2.
  it('refuses a side branch of a chain, at the later correction, naming the head to correct', () => {
    const packs = [
      revision('r1', '2023-01-01', '2023-12-31'),
      revision('r1-c1', '2023-01-01', '2023-12-31', 'r1'),
      revision('r1-c2', '2023-01-01', '2023-12-31', 'r1-c1'),
      revision('r1-c3', '2023-01-01', '2023-12-31', 'r1'),
    ];
    const found = validateRevisionSet(packs);
    expect(found).toContainEqual(expect.objectContaining({ path: 'testland/r1-c3.corrects', rule: 'correction-not-head' }));
    expect(found.find((p) => p.rule === 'correction-not-head')?.message).toContain('corrects: r1-c2');
    // It shares its period with r1-c1 and r1-c2 without correcting either, so those overlaps are reported too.
    expect(found.filter((p) => p.rule === 'revision-overlap').map((p) => p.path)).toEqual(['testland/r1-c3', 'testland/r1-c3']);
  });

  // Splitting a period across two corrections of one revision is a fork as well: the second must correct the first.
  it('refuses two corrections of one revision even when their periods do not overlap', () => {
    const packs = [revision('r1', '2023-01-01', null), revision('r1-c1', '2023-01-01', '2023-06-30', 'r1'), revision('r1-c2', '2023-07-01', null, 'r1')];
    expect(validateRevisionSet(packs).map((p) => [p.path, p.rule])).toEqual([['testland/r1-c2.corrects', 'correction-not-head']]);
  });

  it('refuses a correction of a revision that is not in the set', () => {
    const found = only(validateRevisionSet([revision('r1', '2023-01-01', '2023-12-31'), revision('r2', '2024-01-01', null, 'r0')]));
    expect(found).toMatchObject({ path: 'testland/r2.corrects', rule: 'unknown-correction' });
  });

  it('refuses two packs with the same revision id', () => {
    const found = validateRevisionSet([revision('r1', '2023-01-01', '2023-06-30'), revision('r1', '2023-07-01', '2023-12-31')]);
    expect(found.map((p) => p.rule)).toContain('duplicate-revision');
  });

  it('compares revisions only within a region', () => {
    const other = packWith((d) => void (d.region = 'elsewhere'));
    expect(validateRevisionSet([minimalPack(), other])).toEqual([]);
  });
});

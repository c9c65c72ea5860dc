import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { canonicalJson } from '../../src/shared/canonical-json';
import { listRuleObjects } from '../../src/domain/policy/pack-rules';
import {
  loadPackDirectory,
  loadPackFile,
  loadSeedAndOperatorPacks,
  loadSeedPacks,
  parsePack,
  PackValidationError,
  seedPolicyDirectory,
  validatePackObject,
} from '../../src/policy-packs/load-pack';
import { findPackageRoot } from '../../src/policy-packs/package-root.locator';

const hezeFile = join(seedPolicyDirectory(), 'heze', '2022-05-01.yaml');
const hezeText = readFileSync(hezeFile, 'utf8');

/** Runs `load` and returns the PackValidationError it must throw. */
const refusal = (load: () => unknown): PackValidationError => {
  try {
    load();
  } catch (error) {
    if (error instanceof PackValidationError) return error;
    throw error;
  }
  throw new Error('expected a PackValidationError, but the pack loaded');
};

/** Every number left in a pack, with its path; after loading only whole counts and years may remain. */
const numbersIn = (value: unknown, path: string, depth = 0): Array<[string, number]> => {
  if (depth > 32) throw new RangeError('pack nests too deeply');
  if (typeof value === 'number') return [[path, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => numbersIn(child, `${path}.${key}`, depth + 1));
};

describe('the shipped seed packs', () => {
  const packs = loadSeedPacks();

  it('all load and validate: five regions, Fumeng in two revisions', () => {
    expect(packs.map((p) => `${p.ref.region}/${p.ref.revision}`)).toEqual([
      'bozhou/2022-01-01',
      'fumeng/2022-11-09',
      'fumeng/2023-01-01',
      'guizhou/2021-01-01',
      'heze/2022-05-01',
      'shanxi/2023-05-01',
    ]);
  });

  // Domain contract §7: one file per region and revision, under policies/<region>/<revision>.yaml.
  it('are laid out as policies/<region>/<revision>.yaml', () => {
    const root = seedPolicyDirectory();
    const files = readdirSync(root).flatMap((region) => readdirSync(join(root, region)).map((file) => join(region, file)));
    const expected = packs.map((p) => `${p.ref.region}${sep}${p.ref.revision}.yaml`);
    expect(files.sort()).toEqual(expected.sort());
  });

  it('carry a hash that is the SHA-256 of their canonical JSON', () => {
    for (const { ref, pack } of packs) {
      expect(ref.hash).toBe(createHash('sha256').update(canonicalJson(pack)).digest('hex'));
    }
  });

  // Every parameter must cite its clause or say why it is assumed (domain contract §7).
  it('have no rule object lacking both source and assumed, and every assumption has a note', () => {
    for (const { ref, pack } of packs) {
      for (const { path, value } of listRuleObjects(pack)) {
        const label = `${ref.region}/${ref.revision} ${path}`;
        expect([label, value.source !== undefined || value.assumed === true]).toEqual([label, true]);
        if (value.assumed) expect([label, (value.note ?? '').length > 10]).toEqual([label, true]);
        if (value.source) expect([label, Object.keys(pack.documents)]).toEqual([label, expect.arrayContaining([value.source.doc])]);
      }
    }
  });

  it('keep no fractional number: amounts and ratios are decimal strings', () => {
    const allowed = /(\.year|\.lookBackMonths|\.benefitYears\.(from|to))$/;
    for (const { ref, pack } of packs) {
      const stray = numbersIn(pack, ref.region).filter(([path, value]) => !allowed.test(path) || !Number.isInteger(value));
      expect(stray).toEqual([]);
    }
  });

  it('are frozen: a published revision cannot be edited in memory', () => {
    const heze = packs.find((p) => p.ref.region === 'heze')!;
    expect(() => {
      (heze.pack.assistance.categories.SUBSISTENCE as { ratio: string }).ratio = '0.99';
    }).toThrow(TypeError);
  });

  it('cite each seed file from their documents', () => {
    const seeds = packs.flatMap((p) => Object.values(p.pack.documents).map((d) => d.seed));
    expect(new Set(seeds)).toEqual(
      new Set(['000_8671fa8fb985f24a.txt', '001_1e1915f0a19a8352.txt', '002_ba6b2caeb90d5e10.txt', '003_ab5494862aa6798d.txt', '004_db6d6fef4cac1f34.txt']),
    );
  });
});

describe('normalisation', () => {
  it('writes amounts with two decimals and keeps ratios as written', () => {
    const { pack } = parsePack(hezeText, 'heze.yaml');
    expect(pack.critical.tilted?.schedule?.threshold).toBe('5000.00');
    expect(pack.critical.tilted?.schedule?.segments.map((s) => [s.upTo, s.ratio])).toEqual([
      ['100000.00', '0.65'],
      ['200000.00', '0.70'],
      ['300000.00', '0.75'],
      [null, '0.80'],
    ]);
    expect(pack.assistance.categories.SUBSISTENCE?.annualCap).toBe('70000.00');
  });

  it('gives the same pack and hash whether amounts are written as numbers or strings', () => {
    const asNumbers = parsePack(hezeText, 'a.yaml');
    const asStrings = parsePack(hezeText.replace('      threshold: 5000\n', '      threshold: "5000.00"\n').replace('ratio: 0.65', 'ratio: "0.65"'), 'b.yaml');
    expect(asStrings.pack.critical.tilted?.schedule?.threshold).toBe('5000.00');
    expect(asStrings.ref.hash).toBe(asNumbers.ref.hash);
  });

  it('normalises an inline pack given as data, without touching the caller’s object', () => {
    const data = JSON.parse(JSON.stringify(parsePack(hezeText, 'heze.yaml').pack)) as Record<string, unknown>;
    (data.basic as { annualCap: unknown }).annualCap = 200000;
    const published = validatePackObject(data, 'scenario.json#/policies/0');
    expect(published.pack.basic.annualCap).toBe('200000.00');
    expect((data.basic as { annualCap: unknown }).annualCap).toBe(200000);
  });
});

describe('content hash', () => {
  it('is stable across parses and key order', () => {
    const first = parsePack(hezeText, 'heze.yaml').ref.hash;
    const lines = hezeText.split('\n');
    const swapped = [...lines];
    const regionIndex = lines.findIndex((l) => l.startsWith('region:'));
    const nameIndex = lines.findIndex((l) => l.startsWith('regionName:'));
    [swapped[regionIndex], swapped[nameIndex]] = [lines[nameIndex]!, lines[regionIndex]!];
    expect(parsePack(hezeText, 'again.yaml').ref.hash).toBe(first);
    expect(parsePack(swapped.join('\n'), 'reordered.yaml').ref.hash).toBe(first);
  });

  it('changes when a number changes', () => {
    const first = parsePack(hezeText, 'heze.yaml').ref.hash;
    const changed = parsePack(hezeText.replace('ratio: 0.65', 'ratio: 0.66'), 'heze.yaml').ref.hash;
    expect(changed).not.toBe(first);
  });

  it('ignores YAML comments, which are not part of the pack', () => {
    const first = parsePack(hezeText, 'heze.yaml').ref.hash;
    expect(parsePack(`# a comment\n${hezeText}`, 'heze.yaml').ref.hash).toBe(first);
  });
});

describe('refusals name the file, the path and the rule', () => {
  it('reports a missing key', () => {
    const error = refusal(() => parsePack(hezeText.replace('  boundaries: absolute\n', ''), 'policies/heze/broken.yaml'));
    expect(error.problems).toEqual([{ file: 'policies/heze/broken.yaml', path: 'critical.boundaries', rule: 'schema:required', message: 'is required' }]);
    expect(error.message).toContain('policies/heze/broken.yaml: critical.boundaries: schema:required: is required');
  });

  it('reports a misspelt key', () => {
    const error = refusal(() => parsePack(hezeText.replace('  boundaries: absolute', '  boundary: absolute'), 'x.yaml'));
    expect(error.problems.map((p) => `${p.path} ${p.rule}`)).toEqual(['critical.boundaries schema:required', 'critical.boundary schema:unevaluatedProperties']);
  });

  it('reports an amount with three decimals at its path', () => {
    const error = refusal(() => parsePack(hezeText.replace('annualCap: 70000', 'annualCap: 70000.125'), 'x.yaml'));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ file: 'x.yaml', path: 'assistance.categories.SUBSISTENCE.annualCap', rule: 'schema:anyOf' });
    expect(error.problems[0]?.message).toContain('at most two decimals');
  });

  it('reports an unknown category code', () => {
    const error = refusal(() => parsePack(hezeText.replace('易返贫致贫: [MARGINAL, UNSTABLE, EDGE]', '易返贫致贫: [MARGINAL, UNSTABLE, EDGES]'), 'x.yaml'));
    expect(error.problems).toEqual([{ file: 'x.yaml', path: 'groups.易返贫致贫[2]', rule: 'schema:enum', message: expect.stringContaining('"EDGES" must be one of DESTITUTE') }]);
  });

  it('reports semantic problems after the schema passes, e.g. a ratio above 1', () => {
    const error = refusal(() => parsePack(hezeText.replace('ratio: 0.80', 'ratio: 1.80'), 'x.yaml'));
    expect(error.message).toContain('x.yaml: critical.tilted.schedule.segments[3].ratio: ratio-range: ratio 1.80 is greater than 1');
  });

  it('reports YAML syntax errors with their line', () => {
    const error = refusal(() => parsePack('region: heze\n  bad: [\n', 'x.yaml'));
    expect(error.problems[0]).toMatchObject({ file: 'x.yaml', rule: 'yaml', path: expect.stringMatching(/^line \d+, column \d+$/) });
  });

  it('refuses a document whose aliases expand without bound (an alias bomb) as a YAML problem, not a crash', () => {
    // Nine levels of nine aliases: 9^9 nodes, were the aliases expanded.
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) levels.push(`a${level}: &a${level} [${Array.from({ length: 9 }, () => `*a${level - 1}`).join(', ')}]`);
    const error = refusal(() => parsePack(levels.join('\n'), 'x.yaml'));
    expect(error.problems).toEqual([{ file: 'x.yaml', path: '(document)', rule: 'yaml', message: expect.stringContaining('aliases') }]);
  });

  it('refuses duplicate keys rather than letting the last one win', () => {
    const error = refusal(() => parsePack(hezeText.replace('regionName:', 'region: other\nregionName:'), 'x.yaml'));
    expect(error.problems[0]).toMatchObject({ rule: 'yaml', message: expect.stringContaining('unique') });
  });

  it('names the line of a repeated key, and tells a quoted year from a number as YAML does', () => {
    const error = refusal(() => parsePack('region: heze\ncontribution:\n  "2022": 350\n  2022: 350\n  "2022": 360\n', 'x.yaml'));
    expect(error.problems).toEqual([{ file: 'x.yaml', path: 'line 5, column 3', rule: 'yaml', message: 'Map keys must be unique' }]);
  });

  it('refuses a document title holding a right-to-left override, and an inline pack key holding a zero-width space', () => {
    const title = refusal(() => parsePack(hezeText.replace('    title: 关于', '    title: 名册\u202egpj.exe 关于'), 'x.yaml'));
    expect(title.problems).toEqual([{ file: 'x.yaml', path: 'documents.heze-2022-10.title', rule: 'text', message: expect.stringContaining('bidirectional controls') }]);
    const inline = { ...(parsePack(hezeText, 'heze.yaml').pack as object), ['note\u200b']: 'x' };
    const key = refusal(() => validatePackObject(inline, 'scenario.json: policies[0]'));
    expect(key.problems[0]).toMatchObject({ file: 'scenario.json: policies[0]', path: '(root)', rule: 'text', message: expect.stringContaining('a key must not contain invisible format characters') });
  });

  it('labels problems with the path of a file it loads', () => {
    const directory = mkdtempSync(join(tmpdir(), 'packs-'));
    try {
      const file = join(directory, '2022-05-01.yaml');
      writeFileSync(file, hezeText.replace('identityDate: discharge', 'identityDate: admision'));
      const error = refusal(() => loadPackFile(file));
      expect(error.problems).toEqual([{ file, path: 'identityDate', rule: 'schema:enum', message: '"admision" must be one of admission, discharge' }]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('loadPackDirectory', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'packs-'));
    mkdirSync(join(directory, 'heze'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    const file = join(directory, 'heze', name);
    writeFileSync(file, text);
    return file;
  };
  const revisionOf = (revision: string, from: string, extra = ''): string =>
    hezeText.replace('revision: 2022-05-01\neffectiveFrom: 2022-05-01', `revision: ${revision}\neffectiveFrom: ${from}${extra}`);

  it('refuses overlapping revisions of a region without corrects, naming both and the file', () => {
    write('2022-05-01.yaml', hezeText);
    const later = write('2023-01-01.yaml', revisionOf('2023-01-01', '2023-01-01'));
    const error = refusal(() => loadPackDirectory(directory));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ file: later, path: 'heze/2023-01-01', rule: 'revision-overlap' });
    expect(error.message).toContain('revisions 2022-05-01 (2022-05-01 … open) and 2023-01-01 (2023-01-01 … open) of heze overlap');
  });

  it('accepts an overlapping correction that declares what it corrects', () => {
    write('2022-05-01.yaml', hezeText);
    write('2022-05-01-c1.yaml', revisionOf('2022-05-01-c1', '2022-05-01', '\ncorrects: 2022-05-01').replace('ratio: 0.65', 'ratio: 0.66'));
    const loaded = loadPackDirectory(directory);
    expect(loaded.map((p) => p.ref.revision)).toEqual(['2022-05-01', '2022-05-01-c1']);
    expect(loaded[1]?.pack.corrects).toBe('2022-05-01');
  });

  // The same rule as the registry's: a second correction of the original while c1 exists forks the chain.
  it('refuses a correction that branches off the original instead of the newest correction, naming the file and the head', () => {
    write('2022-05-01.yaml', hezeText);
    write('2022-05-01-c1.yaml', revisionOf('2022-05-01-c1', '2022-05-01', '\ncorrects: 2022-05-01'));
    const branch = write('2022-05-01-c2.yaml', revisionOf('2022-05-01-c2', '2022-05-01', '\ncorrects: 2022-05-01'));
    const error = refusal(() => loadPackDirectory(directory));
    expect(error.problems).toContainEqual(expect.objectContaining({ file: branch, path: 'heze/2022-05-01-c2.corrects', rule: 'correction-not-head' }));
    expect(error.message).toContain('corrects: 2022-05-01-c1');
  });

  // POLICY_DIR is checked together with the shipped packs, so the service refuses at start what POST /policies would refuse.
  it('checks an operator directory together with the shipped packs', () => {
    const overlapping = write('2022-05-01-c9.yaml', revisionOf('2022-05-01-c9', '2022-05-01'));
    expect(loadPackDirectory(directory).map((p) => p.ref.revision)).toEqual(['2022-05-01-c9']);
    const error = refusal(() => loadSeedAndOperatorPacks(directory));
    expect(error.problems).toEqual([expect.objectContaining({ file: overlapping, path: 'heze/2022-05-01-c9', rule: 'revision-overlap' })]);

    rmSync(overlapping);
    write('2022-05-01-c1.yaml', revisionOf('2022-05-01-c1', '2022-05-01', '\ncorrects: 2022-05-01'));
    expect(loadSeedAndOperatorPacks(directory).filter((p) => p.ref.region === 'heze').map((p) => p.ref.revision)).toEqual(['2022-05-01', '2022-05-01-c1']);
  });

  it('lists the problems of every file in one error', () => {
    write('a.yaml', hezeText.replace('  boundaries: absolute\n', ''));
    write('b.yaml', revisionOf('b', '2024-01-01').replace('ratio: 0.80', 'ratio: 1.80'));
    const error = refusal(() => loadPackDirectory(directory));
    expect(error.problems.map((p) => `${relative(directory, p.file)} ${p.rule}`)).toEqual([`heze${sep}a.yaml schema:required`, `heze${sep}b.yaml ratio-range`]);
  });
});

describe('docs/policy-packs.md', () => {
  // The documentation's full example is the shipped Heze pack; editing one without the other fails here.
  it('inlines the shipped Heze pack verbatim as its full example', () => {
    const docs = readFileSync(join(findPackageRoot(), 'docs', 'policy-packs.md'), 'utf8');
    const section = docs.slice(docs.indexOf('## Full example'));
    const example = section.slice(section.indexOf('```yaml\n') + '```yaml\n'.length, section.indexOf('\n```\n'));
    expect(`${example}\n`).toBe(hezeText);
  });
});

describe('findPackageRoot', () => {
  // After a build the loader runs from dist/policy-packs; the walk up finds the same root.
  it('finds the package root from a compiled location', () => {
    const root = findPackageRoot();
    expect(findPackageRoot(join(root, 'dist', 'policy-packs'))).toBe(root);
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name).toBe('benefits-ledger');
  });

  it('fails clearly outside the package', () => {
    expect(() => findPackageRoot(tmpdir())).toThrow('No package.json named benefits-ledger');
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assumedFiguresMarkdown, listAssumedFigures } from '../../src/domain/policy/assumed-figures';
import { loadSeedPacks } from '../../src/policy-packs/load-pack';

/**
 * docs/policy-packs.md lists every assumed figure of every shipped pack with its note (issue 14). The
 * list is generated from the packs; this test fails when the document and the packs part, and prints the
 * section the document should hold.
 */
const DOC = join(__dirname, '..', '..', 'docs', 'policy-packs.md');

const packs = loadSeedPacks()
  .map((published) => published.pack)
  .sort((a, b) => `${a.region}/${a.revision}`.localeCompare(`${b.region}/${b.revision}`));

describe('assumed figures in docs/policy-packs.md', () => {
  it('lists every assumed figure of every shipped revision, with its note, as the packs say', () => {
    const text = readFileSync(DOC, 'utf8');
    const section = /<!-- assumed-figures:start -->\n([\s\S]*?)\n<!-- assumed-figures:end -->/.exec(text)?.[1];
    expect(section).toBe(packs.map(assumedFiguresMarkdown).join('\n\n'));
  });

  it('has a note on every assumed figure', () => {
    for (const pack of packs) for (const figure of listAssumedFigures(pack)) expect(figure.note.length).toBeGreaterThan(10);
  });

  // The corrected findings of issue 14 appear in the list.
  it.each([
    ['bozhou', 'basic'],
    ['bozhou', 'basic.ratio.rows[0]'],
    ['guizhou', 'basic.ratio.rows[0]'],
    ['guizhou', 'assistance'],
    ['guizhou', 'reassistance'],
    ['guizhou', 'assistance.categories.RETURNED_TO_POVERTY'],
    ['heze', 'assistance.categories.EDGE'],
    ['bozhou', 'subsidy.categories.MARGINAL'],
    ['guizhou', 'basic.diseases'],
  ])('%s lists %s', (region, path) => {
    const paths = packs.filter((pack) => pack.region === region).flatMap((pack) => listAssumedFigures(pack).flatMap((figure) => figure.paths));
    expect(paths).toContain(path);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTrace } from '../../../src/domain/explanation/render-explanation';
import type { Lang } from '../../../src/domain/explanation/explanation.types';
import { emptyAccumulators, settle } from '../../../src/domain/policy/settlement';
import { loadSeedPacks } from '../../../src/policy-packs/load-pack';

/**
 * docs/settlement.md shows the explanation of one Heze claim in Chinese and in English. This test
 * renders the same claim with the engine and the shipped pack and compares, so the page cannot drift
 * from what the ledger says. After a deliberate change, refresh the page with
 * `UPDATE_SETTLEMENT_DOC=1 npx jest test/domain/explanation/settlement-doc.spec.ts`.
 */

const DOC = join(__dirname, '..', '..', '..', 'docs', 'settlement.md');

const heze = loadSeedPacks().find((policy) => policy.ref.region === 'heze')!;

export const exampleSettlement = () =>
  settle({
    claim: {
      claimId: 'hz-2023-0320',
      personId: 'p-hz-1',
      scheme: 'RESIDENT',
      kind: 'INPATIENT',
      admissionDate: '2023-03-02',
      dischargeDate: '2023-03-20',
      hospitalLevel: 'TERTIARY',
      location: 'IN_CITY',
      referred: false,
      relocationFiled: false,
      costs: { total: '160000.00', outOfCatalog: '8000.00', categoryBSelfPay: '4000.00', overStandard: '0.00', outOfAreaFirstSelfPay: '0.00' },
    },
    policy: heze,
    heldCategories: ['SUBSISTENCE', 'MARGINAL'],
    accumulators: emptyAccumulators(),
  });

const block = (lang: Lang): RegExp => new RegExp(`(<!-- explanation:${lang} -->\\n\`\`\`text\\n)([\\s\\S]*?)(\\n\`\`\`)`);

describe('docs/settlement.md', () => {
  it.each(['zh', 'en'] as const)('shows the engine’s own explanation of the Heze example (%s)', (lang) => {
    const rendered = formatTrace(exampleSettlement(), heze.pack, lang);
    const page = readFileSync(DOC, 'utf8');
    if (process.env.UPDATE_SETTLEMENT_DOC === '1') writeFileSync(DOC, page.replace(block(lang), (_whole, open: string, _old: string, close: string) => `${open}${rendered}${close}`));
    const shown = block(lang).exec(readFileSync(DOC, 'utf8'));
    expect(shown?.[2]).toBe(rendered);
  });
});

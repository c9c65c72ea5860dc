import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runScenarioFile, type ScenarioRun } from '../../src/scenario/scenario-runner';
import { readScenarioFile } from '../../src/scenario/scenario-file';

/**
 * Every shipped example runs as written and its `expect` blocks hold. The amounts in those blocks are
 * computed by hand from policies/<region>/*.yaml (each step's comment shows the arithmetic), not
 * copied from the engine's output.
 */
const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');
const REGIONS = ['bozhou', 'fumeng', 'guizhou', 'heze', 'shanxi'];
/** Examples beyond one per region, each about one rule: file name (without .json) → its region. */
const TOPICAL: Readonly<Record<string, string>> = {
  'guizhou-chronic-disease': 'guizhou',
  'shanxi-out-of-province-referral': 'shanxi',
};
const EXAMPLES: ReadonlyArray<readonly [string, string]> = [...REGIONS.map((region) => [region, region] as const), ...Object.entries(TOPICAL)];

describe('examples/', () => {
  it('ships one scenario per seed region, and the topical ones listed here', () => {
    const files = readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.json')).sort();
    expect(files).toEqual(EXAMPLES.map(([name]) => `${name}.json`).sort());
  });

  describe.each(EXAMPLES)('%s.json', (name, region) => {
    const file = join(EXAMPLES_DIR, `${name}.json`);
    let run: ScenarioRun;

    beforeAll(async () => {
      run = await runScenarioFile(file);
    });

    it('runs every step as written, with every expectation met', () => {
      expect(run.problems).toEqual([]);
      expect(run.exitCode).toBe(0);
    });

    it('documents itself and checks amounts: a description, a comment and an expect block on every claim', () => {
      const scenario = readScenarioFile(file);
      expect(scenario.description?.length ?? 0).toBeGreaterThan(100);
      const claims = scenario.steps.filter((step) => step.command === 'SubmitClaim');
      expect(claims.length).toBeGreaterThan(0);
      for (const step of claims) {
        expect(typeof step.fields.comment).toBe('string');
        expect(step.fields.expect).toBeDefined();
      }
    });

    it('settles every claim to the hand-computed amounts (basic/critical/assistance/reassistance → out of pocket)', () => {
      const settled = run.output.steps.flatMap((step) => (step.ok ? step.events : [])).filter((event) => event.type === 'ClaimSettled');
      const amounts = Object.fromEntries(settled.map((event) => [claimIdOf(event.data), amountsOf(event.data)]));
      expect(amounts).toEqual(HAND_COMPUTED[name]);
    });

    it('publishes only its own region', () => {
      expect(new Set(run.output.policies.map((policy) => policy.region))).toEqual(new Set([region]));
    });
  });
});

/**
 * The same amounts as the examples' expect blocks, checked here without the runner's matcher so that
 * a fault in the matcher cannot hide a wrong amount. Arithmetic: each step's comment in the example.
 */
const HAND_COMPUTED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  heze: {
    'hz-dibao-1': '112125.00/21368.75/11554.38/0.00 → 4951.87',
    'hz-dibao-2': '87875.00/225381.25/58445.62/19775.00 → 8523.13',
    'hz-dibao-3': '0.00/16000.00/0.00/225.00 → 3775.00',
    'hz-other-1': '112125.00/13725.00/0.00/0.00 → 24150.00',
  },
  fumeng: {
    'fm-dibao-1': '22200.00/1260.00/0.00/0.00 → 6540.00',
    'fm-dibao-2': '22200.00/1350.00/4515.00/0.00 → 1935.00',
    'fm-dibao-3': '22200.00/5850.00/0.00/0.00 → 1950.00',
    'fm-dibao-4': '22200.00/5850.00/1365.00/0.00 → 585.00',
    'fm-bianyuan-1': '22200.00/0.00/3480.00/0.00 → 4320.00',
    'fm-bianyuan-2': '22200.00/2160.00/3384.00/945.60 → 1310.40',
    'fm-yinbing-1': '18450.00/0.00/0.00/0.00 → 6550.00',
  },
  bozhou: {
    'bz-dibao-1': '34650.00/6077.50/6954.38/0.00 → 2318.12',
    'bz-dibao-2': '104650.00/29712.50/11728.13/0.00 → 3909.37',
    'bz-other-1': '34650.00/2010.00/0.00/0.00 → 13340.00',
  },
  shanxi: {
    'sx-tufa-1': '44625.00/3225.00/5539.32/0.00 → 6610.68',
    'sx-tufa-2': '600.00/540.00/216.00/0.00 → 144.00',
    'sx-other-1': '59400.00/18360.00/0.00/0.00 → 22240.00',
  },
  // Shanxi 四: the referred in-province stay is re-assisted, the referred out-of-province one is not.
  'shanxi-out-of-province-referral': {
    'sx-ref-1': '179400.00/79700.00/28630.00/1135.00 → 11135.00',
    'sx-ref-2': '19500.00/15375.00/3587.50/0.00 → 1537.50',
  },
  // Guizhou 二(二)2, example disease table (assumed): 糖尿病 own deductible and limit, then an unlisted disease.
  'guizhou-chronic-disease': {
    'gz-chronic-1': '1620.00/0.00/966.00/0.00 → 414.00',
    'gz-chronic-2': '380.00/0.00/1134.00/0.00 → 486.00',
    'gz-chronic-3': '600.00/0.00/630.00/0.00 → 270.00',
  },
  guizhou: {
    'gz-dibao-1': '11700.00/1249.95/4935.04/0.00 → 2115.01',
    'gz-dibao-2': '200000.00/40000.00/42000.00/0.00 → 18000.00',
    'gz-dibao-3': '4000.00/0.00/3064.96/0.00 → 2935.04',
    'gz-dibao-4': '20000.00/0.00/0.00/10000.00 → 10000.00',
    'gz-tekun-1': '6930.00/0.00/3070.00/0.00 → 0.00',
  },
};

interface SettledData {
  readonly claimId: string;
  readonly payouts: { readonly basic: string; readonly critical: string; readonly assistance: string; readonly reassistance: string };
  readonly outOfPocket: string;
}

const claimIdOf = (data: unknown): string => (data as SettledData).claimId;

const amountsOf = (data: unknown): string => {
  const { payouts, outOfPocket } = data as SettledData;
  return `${payouts.basic}/${payouts.critical}/${payouts.assistance}/${payouts.reassistance} → ${outOfPocket}`;
};

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const REPO = resolve(__dirname, '..', '..');
const CRUISER = join(REPO, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = join(REPO, '.dependency-cruiser.cjs');
/** One run of the cruiser; generous because the machine running the suite may be busy. */
const CRUISE_TIMEOUT_MS = 180_000;

/** A small tree with one allowed import and one deliberately wrong import per rule. */
const FIXTURE: Record<string, string> = {
  'src/shared/leaf.ts': 'export const leaf = 1;\n',
  'src/shared/reaches-domain.ts': "import { pure } from '../domain/pure';\nexport const shared = pure;\n",
  'src/domain/pure.ts': "import Decimal from 'decimal.js';\nimport { leaf } from '../shared/leaf';\nexport const pure = new Decimal(leaf);\n",
  'src/domain/reaches-up.ts': "import { edge } from '../api/edge';\nexport const up = edge;\n",
  'src/domain/reads-files.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
  'src/api/edge.ts': "import { Controller } from '@nestjs/common';\nexport const edge = Controller;\n",
  'src/api/runs-cli.ts': "import { call } from '../cli/calls-api';\nexport const run = call;\n",
  'src/projections/reaches-api.ts': "import { edge } from '../api/edge';\nexport const reached = edge;\n",
  'src/event-store/knows-domain.ts': "import { pure } from '../domain/pure';\nexport const known = pure;\n",
  'src/projections/uses-nest.ts': "import { Injectable } from '@nestjs/common';\nexport const injectable = Injectable;\n",
  'src/cli/calls-api.ts': "import { edge } from '../api/edge';\nexport const call = edge;\n",
  'src/ledger/reads-projections.ts': "import { injectable } from '../projections/uses-nest';\nexport const read = injectable;\n",
};

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

const cruise = (root: string): Violation[] => {
  const output = (() => {
    try {
      return execFileSync(process.execPath, [CRUISER, '--config', CONFIG, '--output-type', 'json', 'src'], { cwd: root, encoding: 'utf8', timeout: CRUISE_TIMEOUT_MS });
    } catch (error) {
      // The cruiser exits non-zero when it finds violations; its JSON report is still on stdout.
      return (error as { stdout: string }).stdout;
    }
  })();
  return (JSON.parse(output) as { summary: { violations: Violation[] } }).summary.violations;
};

// Issue 16: the layer check must fail on a deliberately wrong import; each rule is shown failing here.
describe('layer rules (.dependency-cruiser.cjs)', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'layer-rules-'));
    for (const [path, text] of Object.entries(FIXTURE)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it(
    'reports every wrong import by its rule and nothing for the allowed ones',
    () => {
      const found = cruise(root)
        .map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`)
        .sort();
      expect(found).toEqual(
        [
          'api-not-cli: src/api/runs-cli.ts → src/cli/calls-api.ts',
          'application-below-edges: src/projections/reaches-api.ts → src/api/edge.ts',
          'cli-not-api: src/cli/calls-api.ts → src/api/edge.ts',
          'domain-is-pure: src/domain/reaches-up.ts → src/api/edge.ts',
          'domain-no-node-builtins: src/domain/reads-files.ts → fs',
          'ledger-not-projections: src/ledger/reads-projections.ts → src/projections/uses-nest.ts',
          'no-nest-below-api: src/projections/uses-nest.ts → @nestjs/common',
          'shared-is-a-leaf: src/shared/reaches-domain.ts → src/domain/pure.ts',
          'store-below-domain: src/event-store/knows-domain.ts → src/domain/pure.ts',
        ].sort(),
      );
    },
    CRUISE_TIMEOUT_MS,
  );
});

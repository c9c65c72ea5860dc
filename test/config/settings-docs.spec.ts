import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { validateEnvironment } from '../../src/config/app.config';

/**
 * docs/running.md's settings table is where an operator looks a variable up, and docker-compose.yml
 * is the environment most people start from. Until round 22 the rate limits and OIDC variables stood
 * in one row as "see security.md", without their bounds, and nothing noticed a variable the code read
 * that the table did not name. The variables are the ones `validateEnvironment` asks for, recorded
 * through a proxy, so a new setting fails here until it is documented.
 */
const ROOT = join(__dirname, '..', '..');
/** Jest's own variable, read only to quieten the logs under tests: not an operator's setting. */
const NOT_SETTINGS = new Set(['JEST_WORKER_ID']);

/** Records every name asked for; the second pass turns OIDC on, whose other variables are read only then. */
const variablesRead = (): string[] => {
  const seen = new Set<string>();
  for (const given of [{}, { OIDC_ISSUER: 'https://id.example.gov.cn/realms/ybj' }] as Array<Record<string, string>>) {
    const env = new Proxy(given, {
      get: (target, name) => {
        if (typeof name !== 'string') return undefined;
        seen.add(name);
        return target[name];
      },
    });
    try {
      validateEnvironment(env);
    } catch {
      // OIDC without an audience or key is refused; the names it asked for are what counts here.
    }
  }
  return [...seen].filter((name) => !NOT_SETTINGS.has(name)).sort();
};

/** The variables named in the first cell of each row of running.md's tables under "## Settings". */
const documentedVariables = (): Set<string> => {
  const text = readFileSync(join(ROOT, 'docs', 'running.md'), 'utf8');
  const start = text.indexOf('\n## Settings');
  const section = text.slice(start, text.indexOf('\n## ', start + 1));
  const firstCells = section.split('\n').filter((line) => line.startsWith('| `')).map((line) => line.split('|')[1]!);
  return new Set(firstCells.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]!)));
};

describe('the settings documentation', () => {
  it('gives every variable the service reads a row of its own in docs/running.md', () => {
    const documented = documentedVariables();
    const read = variablesRead();
    expect(read.length).toBeGreaterThan(20);
    expect(read.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('sets in docker-compose.yml only variables the service reads', () => {
    const compose = parseYaml(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { image?: string; environment?: Record<string, string> }>;
    };
    const read = new Set(variablesRead());
    const ledgers = Object.values(compose.services).filter((service) => service.image === 'benefits-ledger:local');
    expect(ledgers.length).toBeGreaterThan(0);
    const unknown = ledgers.flatMap((service) => Object.keys(service.environment ?? {})).filter((name) => !read.has(name));
    expect(unknown).toEqual([]);
  });
});

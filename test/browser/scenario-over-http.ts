import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * Replays a scenario file (examples/<region>.json, domain contract §9) against a running service
 * through its public HTTP API only, the way an operator's integration would: every command becomes
 * the request the API documents. Fields that only the in-process runner honours (`recordedAt`,
 * `comment`, `expect`) are dropped: over HTTP the server clock records everything. A step the
 * scenario expects to be refused must be refused (4xx), any other must succeed.
 */

export interface ScenarioStep {
  readonly command: string;
  readonly [field: string]: unknown;
}

export interface ScenarioFile {
  readonly policies?: ReadonlyArray<string | Record<string, unknown>>;
  readonly steps: readonly ScenarioStep[];
}

export interface ReplayedStep {
  readonly index: number;
  readonly step: ScenarioStep;
  readonly status: number;
  readonly body: unknown;
}

export interface ReplayHooks {
  /** Called before a step is sent: the test uses it to note the moment before a retroactive change. */
  readonly before?: (step: ScenarioStep, index: number) => Promise<void> | void;
}

/** Upper bound on steps, so a malformed file cannot keep a test busy for ever. */
const MAX_STEPS = 500;
const RUNNER_ONLY = new Set(['command', 'comment', 'expect', 'recordedAt']);

const fieldsOf = (step: ScenarioStep): Record<string, unknown> =>
  Object.fromEntries(Object.entries(step).filter(([key]) => !RUNNER_ONLY.has(key)));

const without = (fields: Record<string, unknown>, ...keys: string[]): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).filter(([key]) => !keys.includes(key)));

const segment = (value: unknown): string => encodeURIComponent(String(value));

/** The request a scenario command maps to. */
export const requestOf = (step: ScenarioStep): { readonly path: string; readonly body: Record<string, unknown> } => {
  const fields = fieldsOf(step);
  switch (step.command) {
    case 'RegisterPerson':
      return { path: '/persons', body: fields };
    case 'RecognizeIdentity':
      return { path: `/persons/${segment(fields.personId)}/identities`, body: without(fields, 'personId') };
    case 'RevokeIdentity':
      return { path: `/persons/${segment(fields.personId)}/identities/revocations`, body: without(fields, 'personId') };
    case 'EnrollPerson':
      return { path: `/persons/${segment(fields.personId)}/enrollments`, body: without(fields, 'personId') };
    case 'ApplyForOneTimeAssistance':
      return { path: `/persons/${segment(fields.personId)}/one-time-assistance`, body: without(fields, 'personId') };
    case 'SubmitClaim':
      return { path: '/claims', body: fields };
    case 'PublishPolicy':
      return { path: '/policies', body: fields };
    case 'Reassess': {
      const { personId, year, region, from, to, ...rest } = fields;
      const scope = personId !== undefined ? { personId, year } : { region, from, to };
      return { path: '/reassessments', body: { ...rest, scope, reason: rest.reason ?? 'scenario' } };
    }
    default:
      throw new Error(`scenario command ${step.command} has no HTTP mapping`);
  }
};

const expectsRefusal = (step: ScenarioStep): boolean => (step.expect as { ok?: unknown } | undefined)?.ok === false;

const send = async (baseUrl: string, path: string, body: unknown, token: string): Promise<{ status: number; body: unknown }> => {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
};

/**
 * A shipped pack (policies/<region>/<revision>.yaml) is published by reference: the service already
 * knows it, and its own loader decides its content and hash. Any other pack goes as an object.
 */
export const policyBody = (file: string, policy: string | Record<string, unknown>): Record<string, unknown> => {
  if (typeof policy !== 'string') return { pack: policy };
  const path = resolve(dirname(file), policy);
  const shipped = /[\\/]policies[\\/]([a-z][a-z0-9-]*)[\\/]([^\\/]+)\.ya?ml$/.exec(path);
  if (shipped) return { seed: shipped[1], revision: shipped[2] };
  return { pack: parseYaml(readFileSync(path, 'utf8')) as Record<string, unknown> };
};

export const readScenario = (file: string): ScenarioFile => JSON.parse(readFileSync(file, 'utf8')) as ScenarioFile;

/**
 * Publishes the scenario's policies, then sends every step in order with the given bearer token (it
 * needs the roles of every step: policy-admin, registrar, claims-feeder, operator); throws on the
 * first surprise.
 */
export const replayOverHttp = async (baseUrl: string, file: string, token: string, hooks: ReplayHooks = {}): Promise<ReplayedStep[]> => {
  const scenario = readScenario(file);
  if (scenario.steps.length > MAX_STEPS) throw new Error(`${file}: more than ${MAX_STEPS} steps`);
  for (const policy of scenario.policies ?? []) {
    const published = await send(baseUrl, '/policies', { ...policyBody(file, policy), reason: `scenario ${file}` }, token);
    if (published.status >= 300) throw new Error(`publishing ${typeof policy === 'string' ? policy : 'an inline pack'} answered ${published.status}: ${JSON.stringify(published.body)}`);
  }
  const replayed: ReplayedStep[] = [];
  for (const [index, step] of scenario.steps.entries()) {
    await hooks.before?.(step, index);
    const { path, body } = requestOf(step);
    const answer = await send(baseUrl, path, body, token);
    const refused = answer.status >= 400 && answer.status < 500;
    if (expectsRefusal(step) ? !refused : answer.status >= 300) {
      throw new Error(`step ${index} ${step.command} answered ${answer.status} (expected ${expectsRefusal(step) ? 'a refusal' : 'success'}): ${JSON.stringify(answer.body)}`);
    }
    replayed.push({ index, step, status: answer.status, body: answer.body });
  }
  return replayed;
};

/** The highest global position any write answered with: reads wait for the projections to reach it. */
export const lastPosition = (steps: readonly ReplayedStep[]): string =>
  steps.reduce((highest, { body }) => {
    const position = (body as { position?: unknown } | null)?.position;
    return typeof position === 'string' && /^\d+$/.test(position) && BigInt(position) > BigInt(highest) ? position : highest;
  }, '0');

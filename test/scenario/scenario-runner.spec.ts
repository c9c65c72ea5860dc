import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenarioCommand, EXIT_BAD_FILE } from '../../src/cli/commands/scenario.command';
import { PackValidationError } from '../../src/policy-packs/load-pack';
import { parseScenario, readScenarioFile, ScenarioFileError } from '../../src/scenario/scenario-file';
import { runScenario, runScenarioFile, type PrintedStep } from '../../src/scenario/scenario-runner';

const ROOT = join(__dirname, '..', '..');
/** A scenario "file" placed in examples/, so "../policies/…" resolves as it does for the shipped examples. */
const AT = join(ROOT, 'examples', 'test-scenario.json');
const HEZE = '../policies/heze/2022-05-01.yaml';
const source = { department: 'CIVIL_AFFAIRS', document: 'roster' };

const register = { command: 'RegisterPerson', personId: 'p1', region: 'heze', scheme: 'RESIDENT' };
const subsistence = { command: 'RecognizeIdentity', personId: 'p1', category: 'SUBSISTENCE', validFrom: '2022-01-01', source };
const enroll = { command: 'EnrollPerson', personId: 'p1', year: 2023, contribution: '380', enrolledOn: '2022-11-20' };
const claim = (claimId: string, total: string, date = '2023-03-15') => ({
  command: 'SubmitClaim',
  claimId,
  personId: 'p1',
  kind: 'INPATIENT',
  admissionDate: date,
  dischargeDate: date,
  hospitalLevel: 'SECONDARY',
  location: 'IN_COUNTY',
  costs: { total },
  adjudicated: { basic: '0.00', critical: '0.00' },
});

const run = (steps: object[], policies: unknown[] = [HEZE]) => runScenario(parseScenario(JSON.stringify({ policies, steps }), AT));
const okEvents = (step: PrintedStep | undefined) => (step?.ok ? step.events : []);

describe('scenario runner', () => {
  it('prints each step with its events, and a refusal as ok: false with the code (exit 0)', async () => {
    const result = await run([register, claim('c0', '100.00'), subsistence, enroll, claim('c1', '1000.00')]);

    expect(result.exitCode).toBe(0);
    expect(result.output.steps.map((step) => [step.index, step.command, step.ok])).toEqual([
      [0, 'RegisterPerson', true],
      [1, 'SubmitClaim', false],
      [2, 'RecognizeIdentity', true],
      [3, 'EnrollPerson', true],
      [4, 'SubmitClaim', true],
    ]);
    expect(result.output.steps[1]).toEqual({
      index: 1,
      command: 'SubmitClaim',
      ok: false,
      error: { code: 'NOT_ENROLLED', message: expect.stringContaining('not enrolled') },
    });
    // 0.70 × 1000 (basic and critical adjudicated at 0) = 700.00; amounts normalised from "380" and "1000.00".
    expect(okEvents(result.output.steps[4])[0]).toMatchObject({ type: 'ClaimSettled', data: { payouts: { assistance: '700.00' } } });
    expect(okEvents(result.output.steps[3])[0]).toMatchObject({ data: { contribution: '380.00' } });
  });

  it('prints the same document on every run (no random ids or wall-clock times in event data)', async () => {
    const first = await runScenarioFile(join(ROOT, 'examples', 'heze.json'));
    const second = await runScenarioFile(join(ROOT, 'examples', 'heze.json'));
    expect(JSON.stringify(second.output)).toBe(JSON.stringify(first.output));
  });

  it('runs on a temporary store that is deleted afterwards', async () => {
    const privateTmp = mkdtempSync(join(tmpdir(), 'scenario-tmp-'));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    try {
      await run([register]);
      expect(readdirSync(privateTmp)).toEqual([]);
    } finally {
      process.env.TMPDIR = previous;
      rmSync(privateTmp, { recursive: true, force: true });
    }
  });

  // Domain contract §6, Fumeng §二(三)2: claims covered by one-time assistance are then excluded from
  // later retroactive reassessment for its category; without that, the remainder was assisted twice.
  it('does not assist a claim covered by one-time assistance again when its category is recognised back over it', async () => {
    const medicalSecurity = { department: 'MEDICAL_SECURITY', document: '因病致贫认定' };
    const illness = (validFrom: string, validTo?: string) => ({ command: 'RecognizeIdentity', personId: 'p1', category: 'ILLNESS_IMPOVERISHED', validFrom, ...(validTo ? { validTo } : {}), source: medicalSecurity });
    const stay = (claimId: string, date: string) => ({ ...claim(claimId, '100000.00', date), adjudicated: undefined });
    // Given a stay in February without a category, 因病致贫 from August, and one-time assistance over February's remainder
    const result = await run(
      [
        { ...register, region: 'fumeng' },
        { ...enroll, enrolledOn: '2022-12-05' },
        stay('c-feb', '2023-02-01'),
        illness('2023-08-01'),
        { command: 'ApplyForOneTimeAssistance', personId: 'p1', applicationDate: '2023-08-01' },
        stay('c-sep', '2023-09-01'),
        // When 因病致贫 is recognised back to January
        illness('2023-01-01', '2023-07-31'),
      ],
      [{ seed: 'fumeng' }],
    );
    expect(okEvents(result.output.steps[4])).toEqual([expect.objectContaining({ type: 'OneTimeAssistanceGranted', data: expect.objectContaining({ claimsCovered: ['c-feb'], amount: '6160.00' }) })]);
    // Then February's claim is not reassessed (the grant assisted its remainder), and nothing else changes with it
    const reassessed = okEvents(result.output.steps[6]).filter((event) => event.type === 'ClaimReassessed');
    expect(reassessed).toEqual([]);
  });

  describe('expect blocks', () => {
    it('pass silently when they hold', async () => {
      const result = await run([
        register,
        { ...claim('c0', '100.00'), expect: { ok: false, code: 'NOT_ENROLLED' } },
        subsistence,
        { ...enroll, expect: { eventTypes: ['EnrollmentRegistered', 'EnrollmentSubsidyGranted'], events: [{ type: 'EnrollmentSubsidyGranted', data: { amount: '266.00' } }] } },
        { ...claim('c1', '1000.00'), expect: { ok: true, events: [{ type: 'ClaimSettled', data: { payouts: { assistance: '700.00' } } }] } },
      ]);
      expect(result.problems).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.output.steps.some((step) => step.unmet !== undefined)).toBe(false);
    });

    it('make the exit code 1 and name the path on a mismatch', async () => {
      const result = await run([
        register,
        subsistence,
        enroll,
        { ...claim('c1', '1000.00'), expect: { events: [{ type: 'ClaimSettled', data: { payouts: { assistance: '701.00' } } }] } },
        { ...claim('c2', '1000.00'), expect: { ok: false } },
        { ...claim('c3', '1000.00'), expect: { eventTypes: ['ClaimSettled', 'HighCostAlertRaised'] } },
      ]);
      expect(result.exitCode).toBe(1);
      expect(result.output.steps[3]?.unmet).toEqual(['events[0] (ClaimSettled).data.payouts.assistance: expected "701.00", got "700.00"']);
      expect(result.output.steps[4]?.unmet).toEqual(['ok: expected false, got true']);
      expect(result.output.steps[5]?.unmet).toEqual(['eventTypes: expected 2 items, got 1']);
      expect(result.problems).toHaveLength(3);
      expect(result.problems[0]).toMatch(/^step 3 \(SubmitClaim\): events\[0\]/);
    });

    it('refuse unknown expectation keys', async () => {
      const result = await run([{ ...register, expect: { payout: '1.00' } }]);
      expect(result.exitCode).toBe(1);
      expect(result.output.steps[0]?.unmet?.[0]).toMatch(/^expect\.payout: not an expectation/);
    });
  });

  describe('malformed steps', () => {
    it.each([
      ['an unknown command', { command: 'PayEverything' }, /command: "PayEverything" is not a scenario command/],
      ['a misspelt field', { ...register, shceme: 'RESIDENT' }, /shceme: is not a field here/],
      ['an amount with three decimals', { ...claim('c1', '1.005') }, /costs\.total: must be a yuan amount/],
      ['an amount as a number', { ...enroll, contribution: 380 }, /contribution: must be a yuan amount/],
      ['an impossible date', { ...subsistence, validFrom: '2023-02-30' }, /validFrom: must be a calendar date/],
      ['an unknown category', { ...subsistence, category: 'RICH' }, /category: must be one of DESTITUTE/],
      ['a Reassess with both scopes', { command: 'Reassess', personId: 'p1', year: 2023, region: 'heze', from: '2023-01-01', to: '2023-12-31' }, /scope: give personId\+year or region\+from\+to/],
      ['a bad recordedAt', { ...register, recordedAt: 'yesterday' }, /recordedAt: must be an ISO instant/],
      ['a 身份证号 as personId', { ...register, personId: '11010519491231002X' }, /personId: must not contain a 身份证号 .*PUT \/persons\/\{personId\}\/personal-data/],
      ['a phone number in a comment', { ...register, comment: '张三 13800138000' }, /comment: must not contain a mobile phone number/],
      ['a 身份证号 in source.document', { ...subsistence, source: { ...source, document: '名册 11010519491231002X' } }, /source\.document: must not contain a 身份证号/],
      ['a right-to-left override in source.document', { ...subsistence, source: { ...source, document: '名册\u202Egpj.exe' } }, /source\.document: must not contain bidirectional controls/],
      ['a zero-width space in source.document', { ...subsistence, source: { ...source, document: '名册\u200B2023' } }, /source\.document: must not contain invisible format characters/],
    ])('report %s as INVALID_STEP and exit 1', async (_name, step, message) => {
      const result = await run([step]);
      expect(result.output.steps[0]).toMatchObject({ ok: false, error: { code: 'INVALID_STEP', message: expect.stringMatching(message) } });
      expect(result.exitCode).toBe(1);
    });

    it('exit 0 when the expect block documents that very refusal', async () => {
      const result = await run([{ command: 'PayEverything', expect: { ok: false, code: 'INVALID_STEP' } }]);
      expect(result.exitCode).toBe(0);
    });
  });

  describe('policies and time', () => {
    it('accepts shipped seeds by name ({ "seed": "fumeng" } publishes both revisions) and inline pack objects', async () => {
      const inline = readScenarioFile(join(ROOT, 'examples', 'heze.json')).policies[0]?.pack;
      const result = await run([register], [{ seed: 'fumeng' }, inline]);
      expect(result.output.policies.map((policy) => `${policy.region}/${policy.revision}`)).toEqual(['fumeng/2022-11-09', 'fumeng/2023-01-01', 'heze/2022-05-01']);
    });

    it('publishes a policy in a step, and reports a bad one as INVALID_STEP', async () => {
      const result = await run(
        [
          { command: 'PublishPolicy', policy: { seed: 'bozhou' }, reason: 'added mid-scenario' },
          { command: 'PublishPolicy', policy: '../policies/nowhere.yaml' },
        ],
        [],
      );
      expect(okEvents(result.output.steps[0])).toEqual([expect.objectContaining({ type: 'PolicyPublished', data: expect.objectContaining({ region: 'bozhou', reason: 'added mid-scenario' }) })]);
      expect(result.output.steps[1]).toMatchObject({ ok: false, error: { code: 'INVALID_STEP', message: expect.stringMatching(/no pack file .*nowhere\.yaml/) } });
    });

    it('records a step at its recordedAt, else at the later of the previous instant and its own date', async () => {
      const result = await run([
        register,
        enroll,
        claim('c1', '1000.00', '2023-05-10'),
        // Placed after a May claim: recorded on 2023-05-10 although valid from 2023-01-01, so it is retroactive.
        { ...subsistence, validFrom: '2023-01-01' },
        { command: 'RecognizeIdentity', personId: 'p1', category: 'EDGE', validFrom: '2023-01-01', source, recordedAt: '2023-09-01T08:00:00Z' },
      ]);
      expect(okEvents(result.output.steps[3]).map((event) => event.type)).toEqual(['IdentityRecognized', 'ClaimReassessed']);
      expect(okEvents(result.output.steps[3])[0]).toMatchObject({ data: { recordedOn: '2023-05-10' } });
      expect(okEvents(result.output.steps[4])[0]).toMatchObject({ data: { recordedOn: '2023-09-01' } });
    });

    it('runs a dry-run reassessment: the report, and no events', async () => {
      const result = await run([register, subsistence, enroll, claim('c1', '1000.00'), { command: 'Reassess', personId: 'p1', year: 2023, dryRun: true }]);
      expect(result.output.steps[4]).toMatchObject({ ok: true, events: [], report: { dryRun: true, claims: 1, claimsAffected: 0 } });
    });
  });

  describe('files', () => {
    it.each([
      ['not JSON', '{ "steps": [', /not valid JSON/],
      ['without steps', '{ "policies": [] }', /"steps" must be an array/],
      ['with an unknown top-level field', '{ "steps": [], "setup": 1 }', /unknown top-level field "setup"/],
      ['with a step without a command', '{ "steps": [ { "personId": "p1" } ] }', /steps\[0\] must be an object with a "command" string/],
      ['with an unknown seed', '{ "policies": [ { "seed": "atlantis" } ], "steps": [] }', /no shipped pack atlantis/],
      ['with a missing pack file', '{ "policies": [ "../policies/nowhere.yaml" ], "steps": [] }', /policies\[0\]: no pack file/],
    ])('refuses a scenario %s', (_name, text, message) => {
      expect(() => parseScenario(text, AT)).toThrow(ScenarioFileError);
      expect(() => parseScenario(text, AT)).toThrow(message);
    });

    it('refuses an invalid pack with the loader\'s problems', () => {
      const pack = { region: 'heze' };
      expect(() => parseScenario(JSON.stringify({ policies: [pack], steps: [] }), AT)).toThrow(PackValidationError);
    });
  });
});

describe('benefits-ledger scenario <file>', () => {
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, output: { stdout: (text: string) => out.push(text), stderr: (text: string) => err.push(text) } };
  };
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'scenario-cli-'));
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('prints one JSON document on stdout and returns 0', async () => {
    const { out, err, output } = capture();
    const code = await scenarioCommand(join(ROOT, 'examples', 'bozhou.json'), {}, output);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out).toHaveLength(1);
    const document = JSON.parse(out[0] ?? '') as { steps: unknown[] };
    expect(document.steps.length).toBeGreaterThan(5);
    expect(out[0]?.split('\n')).toHaveLength(2);
  });

  it.each([
    ['zh', '大病保险', '政策范围内费用'],
    ['en', 'Critical illness', 'Policy scope'],
  ])('adds each claim event\'s explanation with --lang %s', async (lang, tierWord, scopeWord) => {
    const { out, err, output } = capture();
    expect(await scenarioCommand(join(ROOT, 'examples', 'bozhou.json'), { lang }, output)).toBe(0);
    expect(err).toEqual([]);
    const document = JSON.parse(out[0] ?? '') as { steps: Array<{ events?: Array<{ type: string; explanation?: string[] }> }> };
    const claims = document.steps.flatMap((step) => step.events ?? []).filter((event) => event.type === 'ClaimSettled');
    expect(claims.length).toBeGreaterThan(0);
    for (const claim of claims) {
      const text = (claim.explanation ?? []).join('\n');
      expect(text).toContain(tierWord);
      expect(text).toContain(scopeWord);
    }
  });

  it('refuses a --lang it cannot render', async () => {
    const { err, output } = capture();
    expect(await scenarioCommand(join(ROOT, 'examples', 'bozhou.json'), { lang: 'fr' }, output)).toBe(EXIT_BAD_FILE);
    expect(err.join('')).toContain('--lang must be zh or en');
  });

  it('indents with --pretty', async () => {
    const { out, output } = capture();
    await scenarioCommand(join(ROOT, 'examples', 'bozhou.json'), { pretty: true }, output);
    expect(out[0]).toMatch(/^\{\n {2}"policies": \[/);
  });

  it('returns 1 and explains on stderr when an expectation fails', async () => {
    const file = join(directory, 'failing.json');
    // No policy is published, so the region is unknown and registration is refused (UNKNOWN_REGION).
    writeFileSync(file, JSON.stringify({ policies: [], steps: [{ command: 'RegisterPerson', personId: 'p1', region: 'heze', scheme: 'RESIDENT', expect: { ok: true } }] }));
    const { out, err, output } = capture();
    expect(await scenarioCommand(file, {}, output)).toBe(1);
    expect(out).toHaveLength(1);
    expect(err.join('')).toMatch(/step 0 \(RegisterPerson\): ok: expected true, got false/);
  });

  it('returns 2 without output when the file cannot be used', async () => {
    const { out, err, output } = capture();
    expect(await scenarioCommand(join(directory, 'missing.json'), {}, output)).toBe(EXIT_BAD_FILE);
    expect(out).toEqual([]);
    expect(err.join('')).toMatch(/no such file/);
  });

  it('returns 2 with a sentence, not a stack, when the path is a directory', async () => {
    const { out, err, output } = capture();
    expect(await scenarioCommand(directory, {}, output)).toBe(EXIT_BAD_FILE);
    expect(out).toEqual([]);
    expect(err.join('')).toMatch(/not a file \(a scenario is one JSON file\)/);
  });
});

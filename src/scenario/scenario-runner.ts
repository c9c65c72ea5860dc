import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DomainError } from '../domain/domain-error';
import type { Lang, PackLookup } from '../domain/explanation/explanation.types';
import type { PolicyRef } from '../domain/policy/policy-pack';
import { createEventStore } from '../event-store/create-event-store';
import type { EventStore } from '../event-store/event-store.port';
import type { Clock } from '../ledger/clock';
import { Ledger } from '../ledger/ledger.service';
import { ReassessmentProcessManager } from '../ledger/reassessment.process-manager';
import { openReadDatabase, type ReadDatabase } from '../projections/read-database';
import { readDatabaseCheckpoints } from '../projections/process-checkpoints';
import type { CommandMetadata } from '../ledger/ledger.types';
import { checkExpectation } from './scenario-expect';
import { Fields, InvalidStep, isObject, type Json } from './scenario-fields';
import { readScenarioFile, ScenarioFileError, type Scenario, type ScenarioStep } from './scenario-file';
import { withExplanations } from './scenario-explanations';
import { runStep, type StepOutcome } from './scenario-steps';

/**
 * The scenario runner (domain contract §9): publishes a scenario's policies and runs its steps against
 * a fresh temporary embedded store, which it deletes afterwards. Framework-free: the CLI and the tests
 * call it directly.
 *
 * Time is part of the input, never the machine's: each step is recorded at its `recordedAt` when
 * given, else at the later of the previous step's instant and the step's own date (validFrom,
 * enrolledOn, dischargeDate, applicationDate), so a recognition placed after claims it covers is
 * recorded retroactively, as it would be in life, and two runs print the same events.
 */

export type PrintedStep =
  | {
      readonly index: number;
      readonly command: string;
      readonly ok: true;
      /** `explanation`: the claim events' traces rendered as lines, with `--lang`. */
      readonly events: ReadonlyArray<{ type: string; data: unknown; explanation?: readonly string[] }>;
      readonly report?: unknown;
      readonly unmet?: string[];
    }
  | { readonly index: number; readonly command: string; readonly ok: false; readonly error: { code: string; message: string }; readonly unmet?: string[] };

export interface ScenarioOutput {
  readonly policies: readonly PolicyRef[];
  readonly steps: readonly PrintedStep[];
}

export interface ScenarioRun {
  readonly output: ScenarioOutput;
  /** 0: every step ran as written; 1: an expectation failed or a step was malformed or crashed. */
  readonly exitCode: 0 | 1;
  /** One line per reason for exit code 1. */
  readonly problems: readonly string[];
}

/** Codes that mean the step itself is wrong (or the runner is), not that the ledger refused it. */
const BROKEN_STEP_CODES = ['INVALID_STEP', 'INTERNAL_ERROR'];
const FIRST_INSTANT = '2000-01-01T00:00:00.000Z';
const ACTOR = 'scenario';

export interface ScenarioOptions {
  /** Render the claim events' traces in this language beside their data. */
  readonly lang?: Lang;
}

export const runScenarioFile = async (file: string, options: ScenarioOptions = {}): Promise<ScenarioRun> => runScenario(readScenarioFile(file), options);

export const runScenario = async (scenario: Scenario, options: ScenarioOptions = {}): Promise<ScenarioRun> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'benefits-ledger-scenario-'));
  let store: EventStore | undefined;
  let ledger: Ledger | undefined;
  let readDb: ReadDatabase | undefined;
  try {
    const clock = new ScenarioClock(firstInstant(scenario.steps));
    store = createEventStore({ dataDir });
    ledger = await Ledger.open(store, { clock });
    readDb = openReadDatabase(dataDir);
    // Automatic reassessment runs after every step, as the service's process manager would, so a
    // correction published by a step shows its deltas in that step's events.
    const reactions = new ReassessmentProcessManager(store, ledger, readDatabaseCheckpoints(readDb));
    await publishPolicies(ledger, scenario, clock.instant);
    await reactions.catchUp();
    const steps: PrintedStep[] = [];
    const problems: string[] = [];
    for (const step of scenario.steps) {
      const ran = await runOneStep(ledger, reactions, step, clock, dirname(scenario.file));
      steps.push(ran.printed);
      problems.push(...ran.problems.map((line) => `step ${step.index} (${step.command}): ${line}`));
    }
    const printed = options.lang === undefined ? steps : withExplanations(steps, packLookupOf(ledger), options.lang);
    return { output: { policies: scenario.policies.map((policy) => policy.ref), steps: printed }, exitCode: problems.length === 0 ? 0 : 1, problems };
  } finally {
    await ledger?.close();
    readDb?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const packLookupOf = (ledger: Ledger): PackLookup => {
  const published = ledger.policies();
  return (ref) => published.find((policy) => policy.ref.region === ref.region && policy.ref.revision === ref.revision && policy.ref.hash === ref.hash)?.pack ?? null;
};

const publishPolicies = async (ledger: Ledger, scenario: Scenario, recordedAt: string): Promise<void> => {
  for (const policy of scenario.policies) {
    const meta: CommandMetadata = { actor: ACTOR, correlationId: 'scenario-policies', recordedAt };
    try {
      await ledger.publishPolicy({ policy, reason: 'scenario policy', document: null }, meta);
    } catch (error) {
      // Two packs claiming one revision with different content, or revisions sharing days outside a chain of corrections: the file is inconsistent.
      if (error instanceof DomainError) throw new ScenarioFileError(`${scenario.file}: policy ${policy.ref.region}/${policy.ref.revision}: ${error.code}: ${error.message}`);
      throw error;
    }
  }
};

const runOneStep = async (
  ledger: Ledger,
  reactions: ReassessmentProcessManager,
  step: ScenarioStep,
  clock: ScenarioClock,
  baseDirectory: string,
): Promise<{ printed: PrintedStep; problems: string[] }> => {
  const head = { index: step.index, command: step.command };
  let printed: PrintedStep;
  try {
    const recordedAt = clock.advance(step);
    const meta: CommandMetadata = { actor: ACTOR, correlationId: `scenario-step-${step.index}`, recordedAt };
    const outcome = await runStep(step, { ledger, meta, baseDirectory });
    const followUps = await reactions.catchUp();
    printed = { ...head, ok: true, ...printedOutcome({ ...outcome, events: [...outcome.events, ...followUps] }) };
  } catch (error) {
    printed = { ...head, ok: false, error: refusal(error) };
  }
  const expect = step.fields.expect;
  const unmet = expect === undefined ? [] : checkExpectation(expect, printed);
  const problems = [...unmet, ...brokenStep(printed, expect)];
  return { printed: unmet.length > 0 ? { ...printed, unmet } : printed, problems };
};

/** A malformed or crashed step fails the run, unless its expect block names that very code (a scenario may document it). */
const brokenStep = (printed: PrintedStep, expect: Json | undefined): string[] => {
  if (printed.ok || !BROKEN_STEP_CODES.includes(printed.error.code)) return [];
  if (isObject(expect) && expect.code === printed.error.code) return [];
  return [`did not run: ${printed.error.code}: ${printed.error.message}`];
};

const printedOutcome = (outcome: StepOutcome): { events: Array<{ type: string; data: unknown }>; report?: unknown } => ({
  events: outcome.events.map((event) => ({ type: event.type, data: event.data })),
  ...(outcome.report === undefined ? {} : { report: outcome.report }),
});

const refusal = (error: unknown): { code: string; message: string } => {
  if (error instanceof DomainError || error instanceof InvalidStep) return { code: error.code, message: error.message };
  return { code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) };
};

// ---------------------------------------------------------------------------------------------
// Recorded time

/** The date a step is "about", which it is recorded on at the earliest. */
const STEP_DATE_FIELD: Readonly<Record<string, string>> = {
  RecognizeIdentity: 'validFrom',
  RevokeIdentity: 'validTo',
  EnrollPerson: 'enrolledOn',
  SubmitClaim: 'dischargeDate',
  ApplyForOneTimeAssistance: 'applicationDate',
};

const stepDate = (step: ScenarioStep): string | undefined => {
  const field = STEP_DATE_FIELD[step.command];
  const value: Json | undefined = field === undefined ? undefined : step.fields[field];
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : undefined;
};

const firstInstant = (steps: readonly ScenarioStep[]): string => {
  const dates = steps.map(stepDate).filter((date): date is string => date !== undefined).sort();
  return dates[0] ?? FIRST_INSTANT;
};

/** The ledger's clock during a run: it only moves when a step says so, and never backwards unless a step's recordedAt sets it. */
class ScenarioClock implements Clock {
  constructor(private current: string) {}

  get instant(): string {
    return this.current;
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(step: ScenarioStep): string {
    const explicit = new Fields(step.fields).optional('recordedAt', Fields.prototype.instant);
    const own = stepDate(step);
    this.current = explicit ?? (own !== undefined && own > this.current ? own : this.current);
    return this.current;
  }
}

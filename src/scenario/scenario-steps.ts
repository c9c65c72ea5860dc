import { MAX_BENEFIT_YEAR, MIN_BENEFIT_YEAR } from '../domain/vocabulary';
import type { Ledger } from '../ledger/ledger.service';
import type { AppendedEvent, CommandMetadata, ReassessmentReport, SubmitClaimInput } from '../ledger/ledger.types';
import { describeViolation, personalIdentifiersIn } from '../personal-data/personal-identifier';
import { PackValidationError } from '../policy-packs/load-pack';
import { Fields, InvalidStep, type Json } from './scenario-fields';
import { resolvePolicy, ScenarioFileError, type ScenarioStep } from './scenario-file';

/** What a step produced: the events it appended and, for Reassess, the report (a dry run appends nothing). */
export interface StepOutcome {
  readonly events: readonly AppendedEvent[];
  readonly report?: Omit<ReassessmentReport, 'events'>;
}

/** Keys every step may carry besides its command's fields. */
export const STEP_KEYS = ['command', 'comment', 'expect', 'recordedAt'] as const;

export const COMMANDS = [
  'RegisterPerson',
  'RecognizeIdentity',
  'RevokeIdentity',
  'EnrollPerson',
  'SubmitClaim',
  'ApplyForOneTimeAssistance',
  'PublishPolicy',
  'Reassess',
] as const;
export type ScenarioCommand = (typeof COMMANDS)[number];

export interface StepContext {
  readonly ledger: Ledger;
  readonly meta: CommandMetadata;
  /** Directory of the scenario file: PublishPolicy resolves pack paths against it. */
  readonly baseDirectory: string;
}

/** Runs one step against the ledger; field problems throw `InvalidStep`, refusals the ledger's errors. */
export const runStep = async (step: ScenarioStep, context: StepContext): Promise<StepOutcome> => {
  // The same refusal as the HTTP edge: a 身份证号 or phone number in an id, a comment or a reason
  // would be recorded in an event; personal data has its own store.
  const personal = personalIdentifiersIn(step.fields);
  if (personal.length > 0) throw new InvalidStep(personal.map(describeViolation).join('; '));
  const fields = new Fields(step.fields);
  const { ledger, meta } = context;
  switch (step.command as ScenarioCommand) {
    case 'RegisterPerson':
      fields.only([...STEP_KEYS, 'personId', 'region', 'scheme']);
      return ledger.registerPerson({ personId: fields.id('personId'), region: fields.text('region'), scheme: fields.scheme('scheme') }, meta);
    case 'RecognizeIdentity':
      return ledger.recognizeIdentity(recognition(fields), meta);
    case 'RevokeIdentity':
      return ledger.revokeIdentity(revocation(fields), meta);
    case 'EnrollPerson':
      return ledger.enrollPerson(enrollment(fields), meta);
    case 'SubmitClaim':
      return ledger.submitClaim(claim(fields), meta);
    case 'ApplyForOneTimeAssistance':
      fields.only([...STEP_KEYS, 'personId', 'applicationDate']);
      return ledger.applyForOneTimeAssistance({ personId: fields.id('personId'), applicationDate: fields.date('applicationDate') }, meta);
    case 'PublishPolicy':
      return publishPolicy(fields, context);
    case 'Reassess':
      return reassess(fields, step.index, context);
    default:
      throw new InvalidStep(`command: "${step.command}" is not a scenario command (${COMMANDS.join(', ')})`);
  }
};

const source = (fields: Fields) => {
  const given = fields.object('source').only(['department', 'document']);
  return { department: given.department('department'), document: given.text('document') };
};

const recognition = (fields: Fields) => {
  fields.only([...STEP_KEYS, 'personId', 'category', 'validFrom', 'validTo', 'source']);
  return {
    personId: fields.id('personId'),
    category: fields.category('category'),
    validFrom: fields.date('validFrom'),
    validTo: fields.optional('validTo', fields.date) ?? null,
    source: source(fields),
  };
};

const revocation = (fields: Fields) => {
  fields.only([...STEP_KEYS, 'personId', 'category', 'validTo', 'reason', 'source']);
  return {
    personId: fields.id('personId'),
    category: fields.category('category'),
    validTo: fields.date('validTo'),
    reason: fields.text('reason'),
    source: source(fields),
  };
};

const enrollment = (fields: Fields) => {
  fields.only([...STEP_KEYS, 'personId', 'year', 'scheme', 'contribution', 'enrolledOn']);
  const scheme = fields.optional('scheme', fields.scheme);
  return {
    personId: fields.id('personId'),
    year: fields.integer('year', MIN_BENEFIT_YEAR, MAX_BENEFIT_YEAR),
    contribution: fields.amount('contribution'),
    enrolledOn: fields.date('enrolledOn'),
    ...(scheme === undefined ? {} : { scheme }),
  };
};

const COST_FIELDS = ['total', 'outOfCatalog', 'categoryBSelfPay', 'overStandard', 'outOfAreaFirstSelfPay'] as const;

const claim = (fields: Fields): SubmitClaimInput => {
  fields.only([...STEP_KEYS, 'claimId', 'personId', 'kind', 'admissionDate', 'dischargeDate', 'hospitalLevel', 'location', 'referred', 'relocationFiled', 'severeMentalDisorder', 'diseaseCode', 'costs', 'adjudicated']);
  const costs = fields.object('costs').only(COST_FIELDS);
  const referred = fields.optional('referred', fields.boolean);
  const relocationFiled = fields.optional('relocationFiled', fields.boolean);
  return {
    claimId: fields.id('claimId'),
    personId: fields.id('personId'),
    kind: fields.kind('kind'),
    admissionDate: fields.date('admissionDate'),
    dischargeDate: fields.date('dischargeDate'),
    hospitalLevel: fields.hospitalLevel('hospitalLevel'),
    location: fields.location('location'),
    ...(referred === undefined ? {} : { referred }),
    ...(relocationFiled === undefined ? {} : { relocationFiled }),
    ...(fields.has('severeMentalDisorder') ? { severeMentalDisorder: { bedDays: fields.object('severeMentalDisorder').only(['bedDays']).integer('bedDays', 0, 366) } } : {}),
    ...(fields.has('diseaseCode') ? { diseaseCode: fields.diseaseCode('diseaseCode') } : {}),
    costs: { total: costs.amount('total'), ...Object.fromEntries(COST_FIELDS.filter((key) => key !== 'total' && costs.has(key)).map((key) => [key, costs.amount(key)])) },
    ...(fields.has('adjudicated') ? { adjudicated: adjudicated(fields.object('adjudicated').only(['basic', 'critical'])) } : {}),
  };
};

const adjudicated = (given: Fields) => ({
  ...(given.has('basic') ? { basic: given.amount('basic') } : {}),
  ...(given.has('critical') ? { critical: given.amount('critical') } : {}),
});

const publishPolicy = async (fields: Fields, context: StepContext): Promise<StepOutcome> => {
  fields.only([...STEP_KEYS, 'policy', 'reason', 'document']);
  const reason = fields.optional('reason', fields.text) ?? null;
  const document = fields.optional('document', fields.text) ?? null;
  const events: AppendedEvent[] = [];
  for (const policy of policiesOf(fields.raw('policy'), context.baseDirectory)) {
    events.push(...(await context.ledger.publishPolicy({ policy, reason, document }, context.meta)).events);
  }
  return { events };
};

/** A bad pack in a step is the step's problem (INVALID_STEP), not the whole file's. */
const policiesOf = (entry: Json | undefined, baseDirectory: string) => {
  if (entry === undefined) throw new InvalidStep('policy: is required (a pack file path, an inline pack or { "seed": "<region>" })');
  try {
    return resolvePolicy(entry, baseDirectory, 'policy');
  } catch (error) {
    if (error instanceof PackValidationError || error instanceof ScenarioFileError) throw new InvalidStep(error.message);
    throw error;
  }
};

const reassess = async (fields: Fields, index: number, context: StepContext): Promise<StepOutcome> => {
  fields.only([...STEP_KEYS, 'personId', 'year', 'region', 'from', 'to', 'dryRun', 'reason', 'correctionId']);
  if (fields.has('personId') === fields.has('region')) throw new InvalidStep('scope: give personId+year or region+from+to');
  const scope = fields.has('personId')
    ? { personId: fields.id('personId'), year: fields.integer('year', MIN_BENEFIT_YEAR, MAX_BENEFIT_YEAR) }
    : { region: fields.text('region'), from: fields.date('from'), to: fields.date('to') };
  const correctionId = fields.optional('correctionId', fields.id);
  const input = {
    scope,
    reason: fields.optional('reason', fields.text) ?? `scenario step ${index}`,
    dryRun: fields.optional('dryRun', fields.boolean) ?? false,
    ...(correctionId === undefined ? {} : { correctionId }),
  };
  const { events, ...report } = await context.ledger.reassess(input, context.meta);
  // A dry run's events were computed, never appended: the report carries the impact instead.
  return { events: input.dryRun ? [] : events, report };
};

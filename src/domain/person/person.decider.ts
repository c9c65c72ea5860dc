import { assert, assertNever, conflict, notFound, unprocessable } from '../domain-error';
import type {
  EnrollmentRegistered,
  EnrollmentSubsidyDeclined,
  EnrollmentSubsidyGranted,
  IdentityRecognized,
  IdentityRevoked,
  IdentitySource,
  OneTimeAssistanceGranted,
  PersonalDataErased,
  PersonRegistered,
} from '../ledger.events';
import { formatYuan, parseYuan } from '../money';
import type { PolicyRef, PublishedPack } from '../policy/policy-pack';
import type { OneTimeAssistanceInput } from '../policy/policy-functions';
import { decideOneTimeAssistance } from '../policy/one-time-assistance';
import { decideSubsidy } from '../policy/subsidy';
import type { Category, ErasureReason, IsoDate, Scheme } from '../vocabulary';
import { categoriesOn, intervalsOf, type IdentityChange } from './identity-timeline';
import type { ApplyForOneTimeAssistance, EnrollPerson, PersonCommand, RecognizeIdentity, RecordPersonalDataErasure, RegisterPerson, RevokeIdentity, TopUpSubsidy } from './person.commands';

/**
 * The person decider (stream `person-<personId>`): registration, identity categories over time,
 * enrollments with their subsidy, and Fumeng's one-time look-back assistance. Everything that varies
 * with time or policy (the day of recording, the pack in force) arrives inside the command.
 */

export type PersonEvent =
  | PersonRegistered
  | IdentityRecognized
  | IdentityRevoked
  | EnrollmentRegistered
  | EnrollmentSubsidyGranted
  | EnrollmentSubsidyDeclined
  | OneTimeAssistanceGranted
  | PersonalDataErased;

export interface Enrollment {
  readonly year: number;
  readonly scheme: Scheme;
  readonly contribution: string;
  readonly enrolledOn: IsoDate;
  /** Total subsidy granted for the year (top-ups included) and the category of the last grant. */
  readonly subsidy: { readonly category: Category; readonly amount: string } | null;
}

/** A one-time assistance grant as the person's state keeps it: what `categoriesForRecordedClaim` needs to exclude its claims. */
export interface OneTimeGrant {
  readonly applicationDate: IsoDate;
  readonly claimsCovered: readonly string[];
  /** The revision it was decided under, whose `oneTimeAssistance.categories` say which category it was granted for. */
  readonly policy: PolicyRef;
  /** How many of `identityChanges` were recorded when it was granted. */
  readonly identityChangesKnown: number;
}

export interface Person {
  readonly registration: { readonly personId: string; readonly region: string; readonly scheme: Scheme } | null;
  readonly identityChanges: readonly IdentityChange[];
  readonly enrollments: ReadonlyMap<number, Enrollment>;
  readonly oneTimeAssistance: readonly OneTimeGrant[];
  /** Set once the person's personal data has been crypto-shredded; erasure is final. */
  readonly personalDataErased: { readonly erasedAt: string; readonly reason: ErasureReason } | null;
}

export const initialPerson = (): Person => ({ registration: null, identityChanges: [], enrollments: new Map(), oneTimeAssistance: [], personalDataErased: null });

export const decidePerson = (command: PersonCommand, person: Person): PersonEvent[] => {
  switch (command.type) {
    case 'RegisterPerson':
      return registerPerson(command, person);
    case 'RecognizeIdentity':
      return recognizeIdentity(command, registered(person, command.data.personId));
    case 'RevokeIdentity':
      return revokeIdentity(command, registered(person, command.data.personId));
    case 'EnrollPerson':
      return enrollPerson(command, registered(person, command.data.personId));
    case 'TopUpSubsidy':
      return topUpSubsidy(command, registered(person, command.data.personId));
    case 'ApplyForOneTimeAssistance':
      return applyForOneTimeAssistance(command, registered(person, command.data.personId));
    case 'RecordPersonalDataErasure':
      return recordPersonalDataErasure(command, registered(person, command.data.personId));
    default:
      return assertNever(command);
  }
};

const registered = (person: Person, personId: string): Person =>
  person.registration ? person : notFound('PERSON_NOT_FOUND', `person ${personId} is not registered`);

const registerPerson = ({ data }: RegisterPerson, person: Person): PersonEvent[] => {
  const existing = person.registration;
  if (!existing) return [{ type: 'PersonRegistered', data: { personId: data.personId, region: data.region, scheme: data.scheme } }];
  if (existing.region === data.region && existing.scheme === data.scheme) return [];
  return conflict('PERSON_ALREADY_REGISTERED', `person ${data.personId} is already registered in ${existing.region} (${existing.scheme})`);
};

const recognizeIdentity = ({ data }: RecognizeIdentity, person: Person): PersonEvent[] => {
  if (data.validTo !== null && data.validTo < data.validFrom) {
    return unprocessable('INVALID_VALIDITY', `validTo ${data.validTo} is before validFrom ${data.validFrom}`);
  }
  // Recording the very same recognition twice (a retried roster import) adds nothing.
  const repeated = person.identityChanges.some(
    (change) =>
      change.change === 'recognized' &&
      change.category === data.category &&
      change.validFrom === data.validFrom &&
      change.validTo === data.validTo &&
      change.source.document === data.source.document,
  );
  if (repeated) return [];
  return [{ type: 'IdentityRecognized', data: { ...data } }];
};

const revokeIdentity = ({ data }: RevokeIdentity, person: Person): PersonEvent[] => {
  const affected = intervalsOf(person.identityChanges).filter(
    (interval) => interval.category === data.category && (interval.validTo === null || interval.validTo > data.validTo),
  );
  if (affected.length === 0) {
    return unprocessable('IDENTITY_NOT_HELD', `person ${data.personId} holds no ${data.category} interval extending past ${data.validTo}`);
  }
  return [{ type: 'IdentityRevoked', data: { ...data } }];
};

const enrollPerson = ({ data }: EnrollPerson, person: Person): PersonEvent[] => {
  const existing = person.enrollments.get(data.year);
  if (existing) {
    const same = existing.scheme === data.scheme && existing.enrolledOn === data.enrolledOn && parseYuan(existing.contribution).equals(parseYuan(data.contribution));
    if (same) return [];
    return conflict('ALREADY_ENROLLED', `person ${data.personId} is already enrolled for ${data.year}`);
  }
  const decision = decideSubsidy({
    policy: data.policy,
    year: data.year,
    enrolledOn: data.enrolledOn,
    scheme: data.scheme,
    heldCategories: categoriesOn(person.identityChanges, data.enrolledOn),
    statedContribution: data.contribution,
    alreadyGranted: null,
  });
  const enrollment: EnrollmentRegistered = {
    type: 'EnrollmentRegistered',
    data: {
      personId: data.personId,
      year: data.year,
      scheme: data.scheme,
      contribution: decision.contribution,
      enrolledOn: data.enrolledOn,
      policy: data.policy?.ref ?? null,
    },
  };
  if (decision.kind === 'none') {
    return [enrollment, { type: 'EnrollmentSubsidyDeclined', data: { personId: data.personId, year: data.year, reason: decision.reason, policy: decision.policy } }];
  }
  return [enrollment, subsidyGranted(data.personId, data.year, decision)];
};

const topUpSubsidy = ({ data }: TopUpSubsidy, person: Person): PersonEvent[] => {
  const enrollment = person.enrollments.get(data.year);
  if (!enrollment || !data.policy?.pack.subsidy.midYearTopUp) return [];
  const decision = decideSubsidy({
    policy: data.policy,
    year: data.year,
    enrolledOn: data.asOf,
    scheme: enrollment.scheme,
    heldCategories: categoriesOn(person.identityChanges, data.asOf),
    statedContribution: enrollment.contribution,
    alreadyGranted: enrollment.subsidy,
  });
  if (decision.kind === 'none' || parseYuan(decision.amount).isZero()) return [];
  return [subsidyGranted(data.personId, data.year, decision)];
};

const subsidyGranted = (
  personId: string,
  year: number,
  decision: Extract<ReturnType<typeof decideSubsidy>, { kind: 'granted' }>,
): EnrollmentSubsidyGranted => ({
  type: 'EnrollmentSubsidyGranted',
  data: {
    personId,
    year,
    category: decision.category,
    rule: { ...decision.rule },
    amount: decision.amount,
    previouslyGranted: decision.previouslyGranted,
    policy: decision.policy,
  },
});

const applyForOneTimeAssistance = ({ data }: ApplyForOneTimeAssistance, person: Person): PersonEvent[] => {
  const category = data.policy.pack.oneTimeAssistance?.categories.find((candidate) =>
    categoriesOn(person.identityChanges, data.applicationDate).includes(candidate),
  );
  if (!category) {
    return unprocessable('NOT_ELIGIBLE', `person ${data.personId} holds no category eligible for one-time assistance on ${data.applicationDate}`);
  }
  // Fumeng §二(三)2 grants it once: 给予一次性医疗救助.
  if (person.oneTimeAssistance.length > 0) {
    return conflict('ONE_TIME_ASSISTANCE_GRANTED', `person ${data.personId} already received one-time assistance (${person.oneTimeAssistance[0].applicationDate})`);
  }
  const decision = decideOneTimeAssistance({ policy: data.policy, applicationDate: data.applicationDate, category, claims: data.claims });
  return [
    {
      type: 'OneTimeAssistanceGranted',
      data: {
        personId: data.personId,
        applicationDate: data.applicationDate,
        claimsCovered: [...decision.claimsCovered],
        amount: decision.amount,
        policy: data.policy.ref,
        trace: [...decision.trace],
      },
    },
  ];
};

/** Erasure happens once: a repeated request (a retry, a second operator) records nothing new. */
const recordPersonalDataErasure = ({ data }: RecordPersonalDataErasure, person: Person): PersonEvent[] => {
  if (person.personalDataErased) return [];
  return [{ type: 'PersonalDataErased', data: { personId: data.personId, erasedAt: data.erasedAt, reason: data.reason } }];
};

export const evolvePerson = (person: Person, event: PersonEvent): Person => {
  switch (event.type) {
    case 'PersonRegistered':
      return { ...person, registration: { ...event.data } };
    case 'IdentityRecognized':
      return { ...person, identityChanges: [...person.identityChanges, { ...event.data, change: 'recognized' }] };
    case 'IdentityRevoked':
      return { ...person, identityChanges: [...person.identityChanges, { ...event.data, change: 'revoked' }] };
    case 'EnrollmentRegistered':
      return withEnrollment(person, { year: event.data.year, scheme: event.data.scheme, contribution: event.data.contribution, enrolledOn: event.data.enrolledOn, subsidy: null });
    case 'EnrollmentSubsidyGranted':
      return withSubsidy(person, event);
    case 'EnrollmentSubsidyDeclined':
      return person;
    case 'OneTimeAssistanceGranted':
      return { ...person, oneTimeAssistance: [...person.oneTimeAssistance, oneTimeGrantOf(event, person)] };
    case 'PersonalDataErased':
      return { ...person, personalDataErased: { erasedAt: event.data.erasedAt, reason: event.data.reason } };
    default:
      return assertNever(event);
  }
};

const withEnrollment = (person: Person, enrollment: Enrollment): Person => {
  const enrollments = new Map(person.enrollments);
  enrollments.set(enrollment.year, enrollment);
  return { ...person, enrollments };
};

const withSubsidy = (person: Person, event: EnrollmentSubsidyGranted): Person => {
  const enrollment = person.enrollments.get(event.data.year);
  assert(enrollment !== undefined, `EnrollmentSubsidyGranted for ${event.data.year} without an enrollment`);
  const total = parseYuan(enrollment.subsidy?.amount ?? '0.00').plus(parseYuan(event.data.amount));
  return withEnrollment(person, { ...enrollment, subsidy: { category: event.data.category, amount: formatYuan(total) } });
};

const oneTimeGrantOf = (event: OneTimeAssistanceGranted, person: Person): OneTimeGrant => ({
  applicationDate: event.data.applicationDate,
  claimsCovered: event.data.claimsCovered,
  policy: event.data.policy,
  identityChangesKnown: person.identityChanges.length,
});

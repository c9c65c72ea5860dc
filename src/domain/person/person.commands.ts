import type { IdentitySource } from '../ledger.events';
import type { OneTimeAssistanceInput } from '../policy/policy-functions';
import type { PublishedPack } from '../policy/policy-pack';
import type { Category, ErasureReason, IsoDate, Scheme } from '../vocabulary';

/** The commands of a person's stream (`person-<personId>`), decided by `decidePerson`. */

export type RegisterPerson = Readonly<{ type: 'RegisterPerson'; data: { personId: string; region: string; scheme: Scheme } }>;
export type RecognizeIdentity = Readonly<{
  type: 'RecognizeIdentity';
  data: { personId: string; category: Category; validFrom: IsoDate; validTo: IsoDate | null; source: IdentitySource; recordedOn: IsoDate };
}>;
export type RevokeIdentity = Readonly<{
  type: 'RevokeIdentity';
  data: { personId: string; category: Category; validTo: IsoDate; reason: string; source: IdentitySource; recordedOn: IsoDate };
}>;
export type EnrollPerson = Readonly<{
  type: 'EnrollPerson';
  data: {
    personId: string;
    year: number;
    scheme: Scheme;
    contribution: string;
    enrolledOn: IsoDate;
    /** The revision in force on max(enrolledOn, 1 January of year), or null when none is. */
    policy: PublishedPack | null;
  };
}>;
export type TopUpSubsidy = Readonly<{
  type: 'TopUpSubsidy';
  data: { personId: string; year: number; asOf: IsoDate; policy: PublishedPack | null };
}>;
export type ApplyForOneTimeAssistance = Readonly<{
  type: 'ApplyForOneTimeAssistance';
  data: { personId: string; applicationDate: IsoDate; policy: PublishedPack; claims: OneTimeAssistanceInput['claims'] };
}>;

/** Records that the personal-data store destroyed the person's data key (`erasedAt` is the server's instant). */
export type RecordPersonalDataErasure = Readonly<{
  type: 'RecordPersonalDataErasure';
  data: { personId: string; erasedAt: string; reason: ErasureReason };
}>;

export type PersonCommand =
  | RegisterPerson
  | RecognizeIdentity
  | RevokeIdentity
  | EnrollPerson
  | TopUpSubsidy
  | ApplyForOneTimeAssistance
  | RecordPersonalDataErasure;


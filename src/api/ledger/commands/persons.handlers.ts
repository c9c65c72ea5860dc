import type {
  ApplyForOneTimeAssistanceInput,
  EnrollPersonInput,
  RecognizeIdentityInput,
  RegisterPersonInput,
  RevokeIdentityInput,
} from '../../../ledger/ledger.types';
import { ledgerCommand } from './ledger-command';

/** The commands PersonsController dispatches. */
const registerPerson = ledgerCommand('RegisterPerson', (ledger, input: RegisterPersonInput, meta) => ledger.registerPerson(input, meta));
const recognizeIdentity = ledgerCommand('RecognizeIdentity', (ledger, input: RecognizeIdentityInput, meta) => ledger.recognizeIdentity(input, meta));
const revokeIdentity = ledgerCommand('RevokeIdentity', (ledger, input: RevokeIdentityInput, meta) => ledger.revokeIdentity(input, meta));
const enrollPerson = ledgerCommand('EnrollPerson', (ledger, input: EnrollPersonInput, meta) => ledger.enrollPerson(input, meta));
const applyForOneTimeAssistance = ledgerCommand('ApplyForOneTimeAssistance', (ledger, input: ApplyForOneTimeAssistanceInput, meta) =>
  ledger.applyForOneTimeAssistance(input, meta),
);

export const RegisterPersonCommand = registerPerson.command;
export const RecognizeIdentityCommand = recognizeIdentity.command;
export const RevokeIdentityCommand = revokeIdentity.command;
export const EnrollPersonCommand = enrollPerson.command;
export const ApplyForOneTimeAssistanceCommand = applyForOneTimeAssistance.command;

export const PERSONS_COMMAND_HANDLERS = [registerPerson, recognizeIdentity, revokeIdentity, enrollPerson, applyForOneTimeAssistance].map((declared) => declared.handler);

import type { SubmitClaimInput } from '../../../ledger/ledger.types';
import { ledgerCommand } from './ledger-command';

/** The command ClaimsController dispatches. */
const submitClaim = ledgerCommand('SubmitClaim', (ledger, input: SubmitClaimInput, meta) => ledger.submitClaim(input, meta));

export const SubmitClaimCommand = submitClaim.command;

export const CLAIMS_COMMAND_HANDLERS = [submitClaim.handler];

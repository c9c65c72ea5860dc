import type { PublishPolicyInput } from '../../../ledger/ledger.types';
import { ledgerCommand } from './ledger-command';

/** The command PoliciesController dispatches. */
const publishPolicy = ledgerCommand('PublishPolicy', (ledger, input: PublishPolicyInput, meta) => ledger.publishPolicy(input, meta));

export const PublishPolicyCommand = publishPolicy.command;

export const POLICIES_COMMAND_HANDLERS = [publishPolicy.handler];

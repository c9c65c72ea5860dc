import type { ReassessInput, ReassessmentReport } from '../../../ledger/ledger.types';
import { ledgerCommand } from './ledger-command';

/** The report plus the position a client can wait for before reading reassessed amounts. */
export type ReassessResult = ReassessmentReport & { readonly position: string };

/** The command ReassessmentsController dispatches. */
const reassess = ledgerCommand('Reassess', async (ledger, input: ReassessInput, meta): Promise<ReassessResult> => {
  const computed = await ledger.reassess(input, meta);
  // A dry run's events were computed, never appended: the response lists appended events only,
  // and the impact is in the report's deltas and largest changes.
  const report = computed.dryRun ? { ...computed, events: [] } : computed;
  const last = report.events[report.events.length - 1];
  return { ...report, position: last?.position ?? '' };
});

export const ReassessCommand = reassess.command;

export const REASSESSMENTS_COMMAND_HANDLERS = [reassess.handler];

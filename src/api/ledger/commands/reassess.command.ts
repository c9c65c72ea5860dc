import { Command } from '@nestjs/cqrs';
import type { CommandMetadata, ReassessInput, ReassessmentReport } from '../../../ledger/ledger.types';

/** The report plus the position a client can wait for before reading reassessed amounts. */
export type ReassessResult = ReassessmentReport & { readonly position: string };

export class ReassessCommand extends Command<ReassessResult> {
  constructor(
    readonly input: ReassessInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

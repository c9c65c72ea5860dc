import { Command } from '@nestjs/cqrs';
import type { CommandMetadata, SubmitClaimInput, SubmitClaimResult } from '../../../ledger/ledger.types';

export class SubmitClaimCommand extends Command<SubmitClaimResult> {
  constructor(
    readonly input: SubmitClaimInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { CommandMetadata, RecognizeIdentityInput, CommandResult } from '../../../ledger/ledger.types';

export class RecognizeIdentityCommand extends Command<CommandResult> {
  constructor(
    readonly input: RecognizeIdentityInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

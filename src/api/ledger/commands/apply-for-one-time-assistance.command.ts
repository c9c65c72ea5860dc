import { Command } from '@nestjs/cqrs';
import type { CommandMetadata, ApplyForOneTimeAssistanceInput, CommandResult } from '../../../ledger/ledger.types';

export class ApplyForOneTimeAssistanceCommand extends Command<CommandResult> {
  constructor(
    readonly input: ApplyForOneTimeAssistanceInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

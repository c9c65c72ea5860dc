import { Command } from '@nestjs/cqrs';
import type { CommandMetadata, RegisterPersonInput, CommandResult } from '../../../ledger/ledger.types';

export class RegisterPersonCommand extends Command<CommandResult> {
  constructor(
    readonly input: RegisterPersonInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

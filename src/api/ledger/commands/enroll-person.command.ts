import { Command } from '@nestjs/cqrs';
import type { CommandMetadata, EnrollPersonInput, CommandResult } from '../../../ledger/ledger.types';

export class EnrollPersonCommand extends Command<CommandResult> {
  constructor(
    readonly input: EnrollPersonInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

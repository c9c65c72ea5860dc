import { Command } from '@nestjs/cqrs';
import type { CommandMetadata, RevokeIdentityInput, CommandResult } from '../../../ledger/ledger.types';

export class RevokeIdentityCommand extends Command<CommandResult> {
  constructor(
    readonly input: RevokeIdentityInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

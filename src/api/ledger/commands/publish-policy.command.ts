import { Command } from '@nestjs/cqrs';
import type { CommandMetadata, PublishPolicyInput, CommandResult } from '../../../ledger/ledger.types';

export class PublishPolicyCommand extends Command<CommandResult> {
  constructor(
    readonly input: PublishPolicyInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

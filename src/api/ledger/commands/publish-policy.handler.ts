import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Ledger } from '../../../ledger/ledger.service';
import type { CommandResult } from '../../../ledger/ledger.types';
import { LEDGER } from '../ledger.token';
import { withReadPosition } from './command-position';
import { PublishPolicyCommand } from './publish-policy.command';

@CommandHandler(PublishPolicyCommand)
export class PublishPolicyHandler implements ICommandHandler<PublishPolicyCommand, CommandResult> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ input, meta }: PublishPolicyCommand): Promise<CommandResult> {
    return withReadPosition(this.ledger, await this.ledger.publishPolicy(input, meta));
  }
}

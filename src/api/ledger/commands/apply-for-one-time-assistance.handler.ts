import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Ledger } from '../../../ledger/ledger.service';
import type { CommandResult } from '../../../ledger/ledger.types';
import { LEDGER } from '../ledger.token';
import { withReadPosition } from './command-position';
import { ApplyForOneTimeAssistanceCommand } from './apply-for-one-time-assistance.command';

@CommandHandler(ApplyForOneTimeAssistanceCommand)
export class ApplyForOneTimeAssistanceHandler implements ICommandHandler<ApplyForOneTimeAssistanceCommand, CommandResult> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ input, meta }: ApplyForOneTimeAssistanceCommand): Promise<CommandResult> {
    return withReadPosition(this.ledger, await this.ledger.applyForOneTimeAssistance(input, meta));
  }
}

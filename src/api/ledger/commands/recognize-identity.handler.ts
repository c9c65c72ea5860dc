import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Ledger } from '../../../ledger/ledger.service';
import type { CommandResult } from '../../../ledger/ledger.types';
import { LEDGER } from '../ledger.token';
import { withReadPosition } from './command-position';
import { RecognizeIdentityCommand } from './recognize-identity.command';

@CommandHandler(RecognizeIdentityCommand)
export class RecognizeIdentityHandler implements ICommandHandler<RecognizeIdentityCommand, CommandResult> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ input, meta }: RecognizeIdentityCommand): Promise<CommandResult> {
    return withReadPosition(this.ledger, await this.ledger.recognizeIdentity(input, meta));
  }
}

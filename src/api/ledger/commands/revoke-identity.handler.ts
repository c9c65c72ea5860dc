import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Ledger } from '../../../ledger/ledger.service';
import type { CommandResult } from '../../../ledger/ledger.types';
import { LEDGER } from '../ledger.token';
import { withReadPosition } from './command-position';
import { RevokeIdentityCommand } from './revoke-identity.command';

@CommandHandler(RevokeIdentityCommand)
export class RevokeIdentityHandler implements ICommandHandler<RevokeIdentityCommand, CommandResult> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ input, meta }: RevokeIdentityCommand): Promise<CommandResult> {
    return withReadPosition(this.ledger, await this.ledger.revokeIdentity(input, meta));
  }
}

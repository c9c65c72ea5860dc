import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Ledger } from '../../../ledger/ledger.service';
import type { SubmitClaimResult } from '../../../ledger/ledger.types';
import { LEDGER } from '../ledger.token';
import { withReadPosition } from './command-position';
import { SubmitClaimCommand } from './submit-claim.command';

@CommandHandler(SubmitClaimCommand)
export class SubmitClaimHandler implements ICommandHandler<SubmitClaimCommand, SubmitClaimResult> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ input, meta }: SubmitClaimCommand): Promise<SubmitClaimResult> {
    return withReadPosition(this.ledger, await this.ledger.submitClaim(input, meta));
  }
}

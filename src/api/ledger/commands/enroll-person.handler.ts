import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Ledger } from '../../../ledger/ledger.service';
import type { CommandResult } from '../../../ledger/ledger.types';
import { LEDGER } from '../ledger.token';
import { withReadPosition } from './command-position';
import { EnrollPersonCommand } from './enroll-person.command';

@CommandHandler(EnrollPersonCommand)
export class EnrollPersonHandler implements ICommandHandler<EnrollPersonCommand, CommandResult> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ input, meta }: EnrollPersonCommand): Promise<CommandResult> {
    return withReadPosition(this.ledger, await this.ledger.enrollPerson(input, meta));
  }
}

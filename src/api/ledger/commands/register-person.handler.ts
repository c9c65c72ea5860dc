import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Ledger } from '../../../ledger/ledger.service';
import type { CommandResult } from '../../../ledger/ledger.types';
import { LEDGER } from '../ledger.token';
import { withReadPosition } from './command-position';
import { RegisterPersonCommand } from './register-person.command';

@CommandHandler(RegisterPersonCommand)
export class RegisterPersonHandler implements ICommandHandler<RegisterPersonCommand, CommandResult> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ input, meta }: RegisterPersonCommand): Promise<CommandResult> {
    return withReadPosition(this.ledger, await this.ledger.registerPerson(input, meta));
  }
}

import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ErasureReason } from '../../domain/vocabulary';
import type { EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE } from '../infrastructure/tokens';
import type { Ledger } from '../../ledger/ledger.service';
import type { CommandMetadata, CommandResult } from '../../ledger/ledger.types';
import { PERSONAL_DATA_STORE, type PersonalDataStore } from '../../personal-data/personal-data.port';
import { withReadPosition } from '../ledger/commands/ledger-command';
import { LEDGER } from '../ledger/ledger.token';
import { readPerson } from '../ledger/person-view';

export class ErasePersonalDataCommand extends Command<CommandResult> {
  constructor(
    readonly input: { readonly personId: string; readonly reason: ErasureReason },
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}

/**
 * Erasure: the person must be known to the ledger (404 otherwise); the store destroys the key
 * first, then the ledger records `PersonalDataErased`. In that order a failure in between leaves
 * the data erased and the record missing, which a retry completes (both steps are idempotent);
 * the other order could record an erasure that did not happen.
 */
@CommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand, CommandResult> {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA_STORE) private readonly personalData: PersonalDataStore,
  ) {}

  async execute({ input, meta }: ErasePersonalDataCommand): Promise<CommandResult> {
    await readPerson(this.store, input.personId);
    await this.personalData.erase(input.personId);
    return withReadPosition(this.ledger, await this.ledger.recordPersonalDataErasure(input, meta));
  }
}

export const PERSONAL_DATA_HANDLERS = [ErasePersonalDataHandler];

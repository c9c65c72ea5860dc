import { Inject, type Type } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Ledger } from '../../../ledger/ledger.service';
import type { CommandMetadata, CommandResult } from '../../../ledger/ledger.types';
import { LEDGER } from '../ledger.token';

/** A command as the CommandBus carries it: the ledger's input and the request's metadata, plain data. */
export interface LedgerCommand<I, R> extends Command<R> {
  readonly input: I;
  readonly meta: CommandMetadata;
}

export type LedgerCommandClass<I, R> = new (input: I, meta: CommandMetadata) => LedgerCommand<I, R>;

/**
 * A command class and its CommandBus handler, declared together. Every ledger command is handled the
 * same way (call one `Ledger` method, then make sure the answer carries a position to wait for), so
 * each controller lists its commands in one handler module instead of a command file and a handler
 * file per command that only forward.
 */
export const ledgerCommand = <I, R extends CommandResult>(
  name: string,
  call: (ledger: Ledger, input: I, meta: CommandMetadata) => Promise<R>,
): { readonly command: LedgerCommandClass<I, R>; readonly handler: Type<ICommandHandler<LedgerCommand<I, R>, R>> } => {
  class DeclaredCommand extends Command<R> {
    constructor(
      readonly input: I,
      readonly meta: CommandMetadata,
    ) {
      super();
    }
  }
  @CommandHandler(DeclaredCommand)
  class DeclaredHandler implements ICommandHandler<DeclaredCommand, R> {
    constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

    async execute({ input, meta }: DeclaredCommand): Promise<R> {
      return withReadPosition(this.ledger, await call(this.ledger, input, meta));
    }
  }
  // Named after the command, so the bus's log lines and errors say which one.
  Object.defineProperty(DeclaredCommand, 'name', { value: `${name}Command` });
  Object.defineProperty(DeclaredHandler, 'name', { value: `${name}Handler` });
  return { command: DeclaredCommand, handler: DeclaredHandler };
};

/**
 * A command that appended nothing (a repeat) still answers with a position a client can wait for:
 * the store's head, which is at or past the events the first attempt appended.
 */
export const withReadPosition = async <R extends CommandResult>(ledger: Ledger, result: R): Promise<R> =>
  result.position !== '' ? result : { ...result, position: (await ledger.eventStore.headPosition()).toString() };

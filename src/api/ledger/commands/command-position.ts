import type { Ledger } from '../../../ledger/ledger.service';
import type { CommandResult } from '../../../ledger/ledger.types';

/**
 * A command that appended nothing (a repeat) still answers with a position a client can wait for:
 * the store's head, which is at or past the events the first attempt appended.
 */
export const withReadPosition = async <R extends CommandResult>(ledger: Ledger, result: R): Promise<R> =>
  result.position !== '' ? result : { ...result, position: (await ledger.eventStore.headPosition()).toString() };

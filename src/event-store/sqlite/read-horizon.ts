import { MAX_INT64 } from '../read-options';

/**
 * How far the embedded store's readers may read. The writer commits with `synchronous = NORMAL` and
 * syncs the write-ahead log afterwards, off the event loop (`SqliteDurability`); a commit is visible
 * to every connection as soon as it is made, but until its sync has ended a power cut could still
 * take it back. Nothing above the horizon is shown: a projection, a subscriber or an integrity
 * checkpoint that acted on such an event would keep it, or keep a position the store then gives to
 * another event.
 *
 * The writer lowers the horizon to what is already durable before each commit and lifts it once the
 * commit's sync has ended, so it is `MAX_INT64` whenever no commit is on its way to the disk. A
 * reader runs its query first and reads the horizon after (`visibleRows`): a row it saw was either
 * durable by then or committed after the horizon was lowered, and so lies above it. The horizon is
 * one 64-bit cell of shared memory, so the projection thread's own connection obeys the writer's
 * horizon without a message.
 */
export class ReadHorizon {
  /** The cell's memory, to hand to a reader on another thread. */
  readonly buffer: SharedArrayBuffer;
  private readonly cell: BigInt64Array;

  /** A new horizon (open: nothing waits for the disk), or the view of a writer's `buffer` from another thread. */
  constructor(writerBuffer: SharedArrayBuffer | null = null) {
    this.buffer = writerBuffer ?? new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT);
    this.cell = new BigInt64Array(this.buffer);
    if (writerBuffer === null) this.cell[0] = MAX_INT64;
  }

  /** The highest position a reader may be shown now. */
  current(): bigint {
    return Atomics.load(this.cell, 0);
  }

  /**
   * Before a commit: everything up to `durable` is on disk, and nothing above it may be shown until
   * `lift()`. It never rises here: on close, groups are committed while an earlier one is still syncing.
   */
  lower(durable: bigint): void {
    if (durable < this.current()) Atomics.store(this.cell, 0, durable);
  }

  /** After a commit's sync: everything committed is on disk. */
  lift(): void {
    Atomics.store(this.cell, 0, MAX_INT64);
  }

  /**
   * The rows of a query already run, without those above the horizon as it stands now. `positionOf`
   * reads a row's position; rows may come in any order (a stream read backwards).
   */
  visibleRows<Row>(rows: Row[], positionOf: (row: Row) => bigint): Row[] {
    const horizon = this.current();
    if (horizon === MAX_INT64) return rows;
    return rows.filter((row) => positionOf(row) <= horizon);
  }
}

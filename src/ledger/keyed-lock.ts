/**
 * Serialises work per key inside this process. Commands on one stream then never race each other
 * here, so optimistic concurrency only has to resolve races with other processes, and 50 concurrent
 * claims for one person settle one after another instead of retrying against each other.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      // Only the last waiter may remove the entry, or a later one would lose its place in line.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

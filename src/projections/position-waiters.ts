/** Waiters for read-your-writes are bounded so that a flood of requests cannot grow memory without limit. */
export const MAX_WAITERS = 10_000;

interface Waiter {
  readonly position: bigint;
  readonly resolve: (reached: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Requests waiting until the projections have reached a store position (read-your-writes for an
 * HTTP write). The runner releases them after each committed batch and when it stops.
 */
export class PositionWaiters {
  private waiters: Waiter[] = [];

  get size(): number {
    return this.waiters.length;
  }

  /** Resolves true once `release` reports `position` reached, false after `timeoutMs` or at once when full. */
  wait(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.waiters.length >= MAX_WAITERS) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.timer !== timer);
        resolve(false);
      }, timeoutMs);
      this.waiters.push({ position, resolve, timer });
    });
  }

  /** Resolves every waiter at or below `reached`; the others keep waiting. */
  release(reached: bigint): void {
    const done = this.waiters.filter((waiter) => waiter.position <= reached);
    this.waiters = this.waiters.filter((waiter) => waiter.position > reached);
    for (const waiter of done) {
      clearTimeout(waiter.timer);
      waiter.resolve(true);
    }
  }

  /** On stop: every waiter is answered now, true only where `reached` covers it. */
  releaseAll(reached: bigint): void {
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve(reached >= waiter.position);
    }
  }
}

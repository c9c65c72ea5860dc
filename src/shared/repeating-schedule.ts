/**
 * A job the service runs on its own: first after a delay, then at an interval, one run at a time
 * (the next is timed from the end of the last, so a run longer than the interval never overlaps
 * the next). The job says whether to go on; `stop` ends the schedule for good, so a run that ends
 * after the shutdown began schedules nothing more.
 */
export class RepeatingSchedule {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    /** Runs once; resolves whether the schedule goes on. It must not reject. */
    private readonly job: () => Promise<boolean>,
    private readonly everyMs: number,
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  start(firstAfterMs: number): void {
    this.next(firstAfterMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private next(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    // A schedule never keeps a process alive that has nothing else to do.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (await this.job()) this.next(this.everyMs);
  }
}

import { Injectable } from '@nestjs/common';

export type IntegrityStatus = 'verifying' | 'verified' | 'broken';

/**
 * Whether the store passed verification. Until it has, and for ever after a break is found, the
 * service refuses writes (503 with the reason) and marks reads with a warning header.
 */
@Injectable()
export class IntegrityState {
  private current: IntegrityStatus = 'verifying';
  private why = 'the event store has not been verified yet';

  get status(): IntegrityStatus {
    return this.current;
  }

  get reason(): string {
    return this.why;
  }

  get writable(): boolean {
    return this.current === 'verified';
  }

  verified(summary: string): void {
    if (this.current === 'broken') return;
    this.current = 'verified';
    this.why = summary;
  }

  /** A break is final for this process: only an operator restoring the store (and a restart) clears it. */
  broken(reason: string): void {
    this.current = 'broken';
    this.why = reason;
  }
}

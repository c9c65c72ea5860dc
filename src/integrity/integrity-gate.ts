import type { IntegrityReport } from './integrity-verifier';
import type { SigningKey } from './signing-key';

export type IntegrityStatus = 'verifying' | 'verified' | 'broken';

/**
 * Whether the store passed verification. Until it has, and for ever after a break is found, every
 * write is refused (the guarded store throws, the HTTP edge answers 503 with the reason) and reads
 * carry a warning. It also holds the signing key and the verified head the checkpoint signer starts from.
 */
export class IntegrityGate {
  private current: IntegrityStatus = 'verifying';
  private why = 'the event store has not been verified yet';
  private verifiedReport: IntegrityReport | null = null;

  constructor(readonly key: SigningKey) {}

  get status(): IntegrityStatus {
    return this.current;
  }

  get reason(): string {
    return this.why;
  }

  get writable(): boolean {
    return this.current === 'verified';
  }

  /** The passing start-up report (its head is where the signer starts); null until then. */
  get report(): IntegrityReport | null {
    return this.verifiedReport;
  }

  verified(report: IntegrityReport): void {
    if (this.current === 'broken') return;
    this.current = 'verified';
    this.verifiedReport = report;
    this.why = `verified up to position ${report.headPosition}`;
  }

  /** A break is final for this process: only an operator restoring the store (and a restart) clears it. */
  broken(reason: string): void {
    this.current = 'broken';
    this.why = reason;
  }
}

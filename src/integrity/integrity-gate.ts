import type { IntegrityReport } from './integrity-verifier';
import type { SigningKey } from './signing-key';

export type IntegrityStatus = 'verifying' | 'verified' | 'broken';

/**
 * What a credential limited to regions is told of a store that refuses writes: the gate's reason
 * names the streams verification found changed, and a stream's name holds its person's id, which
 * such a credential must not learn for another region. Operators without region limits read the
 * findings in the reason itself and at `GET /health`.
 */
export const reasonWithoutLocations = (status: IntegrityStatus): string =>
  status === 'broken'
    ? 'the event store failed verification (an operator without region limits sees where, at GET /health)'
    : 'the event store has not been verified yet';

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

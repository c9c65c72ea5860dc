import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SCALES } from './bench-scale';
import type { PopulationSpec } from './population';
import { loadPersons, openLedgerFixture, submitClaimAt } from './support/ledger-fixture';
import { nowMs, quantile, runConcurrently } from './support/measure';

/**
 * `ts-node --transpile-only bench/settle-loop-delay.ts`: what the requests beside a burst of writes
 * wait for the event loop. Claims are settled from 64 callers (after a warm-up) while a timer asks
 * for the loop every 2 ms and reads a stream, as a read request would; it prints the claims' rate,
 * the loop's delay and the timer's lateness. This machine's disk syncs in about 0.08 ms, so run it
 * under `bench/support/slow-sync.c` (see its header) to see what a slower disk's syncs cost them.
 */

const PERSONS = 5_000;
const WARM_UP_CLAIMS = 1_000;
const CLAIMS = 4_000;
const CALLERS = 64;
const TICK_MS = 2;

const main = async (): Promise<void> => {
  const spec: PopulationSpec = { seed: SCALES.small.seed + 1, persons: PERSONS, claims: WARM_UP_CLAIMS + CLAIMS };
  const fixture = await openLedgerFixture('loop-delay');
  try {
    await loadPersons(fixture.ledger, spec, 0, PERSONS, CALLERS);
    await runConcurrently(WARM_UP_CLAIMS, CALLERS, (index) => submitClaimAt(fixture.ledger, spec, index));
    const lateness: number[] = [];
    let ticking = true;
    const tick = (due: number): void => {
      if (!ticking) return;
      const now = nowMs();
      lateness.push(now - due);
      void fixture.store.readStream(`person-${lateness.length % PERSONS}`);
      setTimeout(() => tick(now + TICK_MS), TICK_MS);
    };
    setTimeout(() => tick(nowMs() + TICK_MS), TICK_MS);
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const started = nowMs();
    await runConcurrently(CLAIMS, CALLERS, (index) => submitClaimAt(fixture.ledger, spec, WARM_UP_CLAIMS + index));
    const elapsedMs = nowMs() - started;
    ticking = false;
    delay.disable();
    const sorted = [...lateness].sort((a, b) => a - b);
    const ms = (nanoseconds: number): string => (nanoseconds / 1e6).toFixed(1);
    process.stdout.write(
      `${Math.round((CLAIMS * 1000) / elapsedMs)} claims/s; event-loop delay p50 ${ms(delay.percentile(50))} p99 ${ms(delay.percentile(99))} max ${ms(delay.max)} ms; ` +
        `timer lateness p50 ${quantile(sorted, 0.5).toFixed(1)} p99 ${quantile(sorted, 0.99).toFixed(1)} ms over ${sorted.length} ticks\n`,
    );
  } finally {
    await fixture.close();
  }
};

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

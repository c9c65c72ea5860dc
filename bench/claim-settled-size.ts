import { loadPersons, openLedgerFixture, submitClaimAt } from './support/ledger-fixture';
import { quantile, runConcurrently } from './support/measure';

/**
 * The byte size of `ClaimSettled` events on the bench population (the small scale's corpus: 300
 * persons, 1,000 claims, seed 20230101): UTF-8 bytes of `data`, and of `data` + `metadata` without
 * the chain fields (`prevHash`, `hash`), as the event corpus counts them. Run with
 * `npx ts-node --transpile-only bench/claim-settled-size.ts [persons] [claims]`.
 */

const SEED = 20_230_101;
const READ_PAGE = 4096;
const MAX_PAGES = 1_000;

const main = async (): Promise<void> => {
  const persons = Number(process.argv[2] ?? 300);
  const claims = Number(process.argv[3] ?? 1_000);
  const spec = { seed: SEED, persons, claims };
  const fixture = await openLedgerFixture('claim-settled-size');
  try {
    await loadPersons(fixture.ledger, spec, 0, persons, 16);
    await runConcurrently(claims, 16, (index) => submitClaimAt(fixture.ledger, spec, index));
    const dataBytes: number[] = [];
    const withMetadata: number[] = [];
    const parts: Record<'trace' | 'accumulators' | 'claim' | 'rest', number[]> = { trace: [], accumulators: [], claim: [], rest: [] };
    let after = 0n;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const events = await fixture.store.readAll({ afterPosition: after, maxCount: READ_PAGE });
      for (const event of events) {
        if (event.type !== 'ClaimSettled') continue;
        const { prevHash: _prev, hash: _hash, ...metadata } = event.metadata;
        const data = Buffer.byteLength(JSON.stringify(event.data));
        const { trace, accumulators, claim, ...rest } = event.data as Record<string, unknown>;
        parts.trace.push(Buffer.byteLength(JSON.stringify(trace)));
        parts.accumulators.push(Buffer.byteLength(JSON.stringify(accumulators)));
        parts.claim.push(Buffer.byteLength(JSON.stringify(claim)));
        parts.rest.push(Buffer.byteLength(JSON.stringify(rest)));
        dataBytes.push(data);
        withMetadata.push(data + Buffer.byteLength(JSON.stringify(metadata)));
      }
      if (events.length < READ_PAGE) break;
      after = events[events.length - 1]!.position;
    }
    const summary = (values: number[]): string => {
      const sorted = [...values].sort((a, b) => a - b);
      return `median ${quantile(sorted, 0.5)}, p90 ${quantile(sorted, 0.9)}, max ${sorted[sorted.length - 1]}`;
    };
    console.log(`ClaimSettled events: ${dataBytes.length}`);
    console.log(`data bytes: ${summary(dataBytes)}`);
    console.log(`data + metadata bytes (no chain fields): ${summary(withMetadata)}`);
    for (const [name, values] of Object.entries(parts)) console.log(`  ${name}: ${summary(values)}`);
  } finally {
    await fixture.close();
  }
};

void main();

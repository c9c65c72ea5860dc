import { appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Checks } from './checks';
import { Client, seededRandom } from './client';
import { correctionIdOf, Load, type Operation } from './operations';
import { Service, sleep } from './service';

/**
 * `npm run build && npx ts-node --transpile-only bench/crash-kill/main.ts`: crash safety under load.
 * It starts the built service on a fresh data directory, drives it over HTTP (claims from 48
 * callers; registrations with identities, enrollments and personal data beside a roster import;
 * an import of 3,000 claims; a region-wide reassessment after a policy correction; and reads of
 * persons' data throughout), kills it with SIGKILL at a random moment of each round, starts it
 * again and checks what `checks.ts` lists. An import or reassessment is killed among its appends:
 * the round waits for its first event in the store, then a random delay. It prints one line per
 * round, every finding, and the kills per operation; exit 1 on any finding.
 *
 * A round takes about a minute on two busy cores (the checks rebuild the read models), so it is no
 * test of the suite. Settings: CRASH_KILL_ROUNDS (24), CRASH_KILL_PERSONS (150), CRASH_KILL_SEED (1),
 * CRASH_KILL_DATA_DIR (a directory under the system's temporary one, removed first), CRASH_KILL_PORT
 * (38123), CRASH_KILL_OPERATIONS (claims,identities,import,reassess, taken in turn).
 */

const env = process.env;
const ROUNDS = Number(env.CRASH_KILL_ROUNDS ?? 24);
const PERSONS = Number(env.CRASH_KILL_PERSONS ?? 150);
const DATA_DIR = env.CRASH_KILL_DATA_DIR ?? join(tmpdir(), 'benefits-ledger-crash-kill');
const OPERATIONS = (env.CRASH_KILL_OPERATIONS ?? 'claims,identities,import,reassess').split(',') as Operation[];
/** How long an operation of the load may take to append its first event before the round kills anyway. */
const FIRST_APPEND_MS = 120_000;
const FIRST_APPEND_POLL_MS = 25;

const say = (line: string): void => {
  const stamped = `[${new Date().toISOString().slice(11, 23)}] ${line}`;
  console.log(stamped);
  if (env.CRASH_KILL_LOG) appendFileSync(env.CRASH_KILL_LOG, `${stamped}\n`);
};

const main = async (): Promise<number> => {
  const random = seededRandom(Number(env.CRASH_KILL_SEED ?? 1));
  rmSync(DATA_DIR, { recursive: true, force: true });
  const service = new Service({ dataDir: DATA_DIR, port: Number(env.CRASH_KILL_PORT ?? 38123) });
  const client = new Client(service.base);
  const load = new Load(client, random);
  const checks = new Checks(service, DATA_DIR, client, load, say);
  await service.start();
  try {
    const created = service.cli('tokens', 'create', '--name', 'crash-kill', ...['registrar', 'claims-feeder', 'inspector', 'operator', 'policy-admin'].flatMap((role) => ['--role', role]));
    client.token = /blt_[A-Za-z0-9_.-]+/.exec(created.out)?.[0] ?? '';
    if (client.token === '') throw new Error(`no token: ${created.out}`);
    await load.setUp(PERSONS);
    say(`set up ${load.persons.length} persons in ${DATA_DIR}; ${client.acknowledged.length} events acknowledged`);

    const kills = Object.fromEntries(OPERATIONS.map((operation) => [operation, 0])) as Record<Operation, number>;
    for (let round = 1; round <= ROUNDS; round += 1) {
      const operation = OPERATIONS[(round - 1) % OPERATIONS.length]!;
      let stop = false;
      const stopped = (): boolean => stop;
      const acknowledgedBefore = client.acknowledged.length;
      const work = load.run(operation, round, stopped);
      const reads = load.reads(stopped);
      const started = Date.now();
      await Promise.race([killMoment(checks, operation, round, random), work]);
      await service.kill();
      stop = true;
      await Promise.all([work.catch(() => null), reads]);
      kills[operation] += 1;
      say(`round ${round}: killed during ${operation} after ${Date.now() - started} ms; ${client.acknowledged.length - acknowledgedBefore} events acknowledged this round`);
      await service.start();
      await checks.afterRestart(round, operation);
      await checks.rerun(round, operation);
      await checks.verify(round, operation);
    }
    say(`kills per operation: ${JSON.stringify(kills)}; acknowledged events held to: ${client.acknowledged.length}; personal-data records: ${client.personalData.size}; logged reads: ${[...client.loggedReads.values()].reduce((sum, n) => sum + n, 0)}`);
    say(`answers of 500 and above: ${client.serverErrors.length}`);
    for (const error of client.serverErrors.slice(0, 20)) say(`  ${error}`);
    say(`findings: ${checks.findings.length}`);
    for (const finding of checks.findings) say(`  ${finding}`);
    return checks.findings.length === 0 ? 0 : 1;
  } finally {
    await service.kill();
  }
};

/**
 * When the round kills: claims and registrations at a random moment of their first three seconds; an
 * import or a reassessment once its first event is in the store (deciding comes first, then the
 * appends), after a random delay, so that the kill falls among its appends or just after its answer.
 */
const killMoment = async (checks: Checks, operation: Operation, round: number, random: () => number): Promise<void> => {
  if (operation === 'claims' || operation === 'identities') return sleep(200 + random() * 3000);
  const first = operation === 'import'
    ? `type = 'ClaimSettled' AND json_extract(data, '$.claimId') LIKE 'IMP-${round}-%'`
    : `type = 'ClaimReassessed' AND json_extract(data, '$.correctionId') = '${correctionIdOf(round)}'`;
  const from = checks.withEvents((db) => (db.prepare('SELECT coalesce(max(position), 0) AS head FROM events').get() as { head: number }).head);
  const appended = (): boolean => checks.withEvents((db) => db.prepare(`SELECT 1 FROM events WHERE position > ? AND ${first} LIMIT 1`).get(from) !== undefined);
  const deadline = Date.now() + FIRST_APPEND_MS;
  // Bounded by the deadline.
  while (Date.now() < deadline && !appended()) await sleep(FIRST_APPEND_POLL_MS);
  await sleep(random() * (operation === 'import' ? 4000 : 1500));
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`the run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);

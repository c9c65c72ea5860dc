import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from './client';
import { correctionIdOf, IMPORT_ROWS, type Load, type Operation } from './operations';
import { sleep, type Service } from './service';

/**
 * What must hold after every kill and restart: the service starts and passes its own verification;
 * every event a 2xx answer listed is stored at the position it was given; every answered read of a
 * person's data has its access-log entry; every acknowledged personal-data PUT reads back; the data
 * directory holds its documented files only; an interrupted import or reassessment re-run appends
 * what was missing and a third run nothing; a dry-run reassessment of the region changes no claim;
 * projections catch up and equal their rebuild; the store's and the access log's chains verify.
 */

const DOCUMENTED_FILES = new RegExp(
  [
    '^(events|read-models|operations|access-log|personal-data)\\.sqlite(-wal|-shm)?$',
    // The personal-data store keeps a rollback journal (not WAL). One left by a kill is either
    // hot (rolled back by the next opening) or was never completed (header zero, ignored); the
    // next write reuses it.
    '^personal-data\\.sqlite-journal$',
    '^(checkpoint-signing-key\\.pem|checkpoints\\.witness\\.jsonl|tokens\\.json|operator-token|personal-data\\.key)$',
  ].join('|'),
);
const PROJECTIONS_CATCH_UP_MS = 120_000;
/** At most this many findings of one kind are written out per round. */
const SHOWN = 5;

export class Checks {
  readonly findings: string[] = [];

  constructor(
    private readonly service: Service,
    private readonly dataDir: string,
    private readonly client: Client,
    private readonly load: Load,
    private readonly say: (line: string) => void,
  ) {}

  async afterRestart(round: number, operation: Operation): Promise<void> {
    const fail = (message: string): void => this.fail(round, operation, message);
    const health = await this.client.request('GET', '/health');
    const integrity = ((health.body?.info ?? health.body?.error ?? {}) as Record<string, { verification?: string }>).integrity;
    if (health.status !== 200) fail(`/health ${health.status}: ${health.text.slice(0, 500)}`);
    if (integrity && integrity.verification !== 'verified') fail(`integrity ${JSON.stringify(integrity)}`);
    this.checkEvents(fail);
    this.checkAccessLog(fail);
    await this.checkPersonalData(fail);
    const stray = readdirSync(this.dataDir).filter((name) => !DOCUMENTED_FILES.test(name));
    if (stray.length > 0) fail(`files in DATA_DIR that nothing documents: ${stray.join(', ')}`);
  }

  /** Retries what the kill cut off, and re-runs an interrupted import, roster or reassessment twice. */
  async rerun(round: number, operation: Operation): Promise<void> {
    const fail = (message: string): void => this.fail(round, operation, message);
    await this.retryClaims(fail);
    if (operation === 'identities') await this.rerunRoster(fail);
    if (operation === 'import') await this.rerunImport(fail);
    if (operation === 'reassess') await this.rerunReassessment(round, fail);
  }

  /** Projections caught up and equal to their rebuild; the chains and the access log verify. */
  async verify(round: number, operation: Operation): Promise<void> {
    const fail = (message: string): void => this.fail(round, operation, message);
    const deadline = Date.now() + PROJECTIONS_CATCH_UP_MS;
    // Bounded by the deadline.
    for (;;) {
      const health = await this.client.request('GET', '/health');
      const projections = ((health.body?.info ?? health.body?.details ?? {}) as Record<string, { behind?: unknown }>).projections;
      if (projections && String(projections.behind) === '0') break;
      if (Date.now() > deadline) return fail(`projections did not catch up: ${JSON.stringify(projections)}`);
      await sleep(250);
    }
    // Every reaction a kill interrupted (a recognition's reassessment of settled claims) was made
    // good at the restart: replayed under the identities and revisions known now, no claim changes.
    const dryRun = await this.client.request('POST', '/reassessments', { scope: { region: 'heze', from: '2023-01-01', to: '2023-12-31' }, reason: 'crash-kill consistency', dryRun: true });
    if (dryRun.status !== 200 || Number(dryRun.body?.claimsAffected) !== 0) fail(`a dry-run reassessment of the region answered ${dryRun.status} with ${String(dryRun.body?.claimsAffected)} claims affected: ${dryRun.text.slice(0, 300)}`);
    const projections = this.service.cli('projections', 'verify');
    if (projections.code !== 0) fail(`projections verify exit ${projections.code}: ${projections.out.slice(-800)}`);
    const chains = this.service.cli('verify');
    if (chains.code !== 0) fail(`verify exit ${chains.code}: ${chains.out.slice(-800)}`);
  }

  /** Events of one operation in the store now: those appended before the kill, before the re-run. */
  appendedSoFar(operation: Operation, round: number): number {
    return this.withEvents((db) =>
      operation === 'import'
        ? (db.prepare(`SELECT count(*) AS n FROM events WHERE type = 'ClaimSettled' AND json_extract(data, '$.claimId') LIKE ?`).get(`IMP-${round}-%`) as { n: number }).n
        : (db.prepare(`SELECT count(*) AS n FROM events WHERE type = 'ClaimReassessed' AND json_extract(data, '$.correctionId') = ?`).get(correctionIdOf(round)) as { n: number }).n,
    );
  }

  withEvents<T>(read: (db: Database.Database) => T): T {
    const db = new Database(join(this.dataDir, 'events.sqlite'), { readonly: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  }

  private fail(round: number, operation: Operation, message: string): void {
    const finding = `round ${round} (${operation}): ${message}`;
    this.findings.push(finding);
    this.say(`FINDING ${finding}`);
  }

  private checkEvents(fail: (message: string) => void): void {
    this.withEvents((db) => {
      const byId = db.prepare('SELECT position, stream_name FROM events WHERE event_id = ?');
      let missing = 0;
      for (const event of this.client.acknowledged) {
        const row = byId.get(event.eventId) as { position: number; stream_name: string } | undefined;
        if (row && String(row.position) === event.position && row.stream_name === event.stream) continue;
        missing += 1;
        if (missing <= SHOWN) fail(`acknowledged ${event.what} event ${event.eventId} at ${event.position} is ${row ? `at ${row.position}` : 'missing'}`);
      }
      const twice = db
        .prepare(`SELECT json_extract(data, '$.claimId') AS claim, json_extract(data, '$.correctionId') AS correction, count(*) AS n FROM events WHERE type = 'ClaimReassessed' GROUP BY stream_name, claim, correction HAVING n > 1 LIMIT ${SHOWN}`)
        .all();
      if (twice.length > 0) fail(`a correction reassessed a claim twice: ${JSON.stringify(twice)}`);
      const settledTwice = db.prepare(`SELECT json_extract(data, '$.claimId') AS claim, count(*) AS n FROM events WHERE type = 'ClaimSettled' GROUP BY claim HAVING n > 1 LIMIT ${SHOWN}`).all();
      if (settledTwice.length > 0) fail(`a claim was settled twice: ${JSON.stringify(settledTwice)}`);
    });
  }

  private checkAccessLog(fail: (message: string) => void): void {
    const log = new Database(join(this.dataDir, 'access-log.sqlite'), { readonly: true });
    try {
      const count = log.prepare('SELECT count(*) AS n FROM access_log WHERE person_id = ? AND what = ?');
      let short = 0;
      for (const [key, answered] of this.client.loggedReads) {
        const [personId, what] = key.split('|') as [string, string];
        const recorded = (count.get(personId, what) as { n: number }).n;
        if (recorded >= answered) continue;
        short += 1;
        if (short <= SHOWN) fail(`the access log holds ${recorded} ${what} reads of ${personId}; ${answered} were answered`);
      }
    } finally {
      log.close();
    }
  }

  private async checkPersonalData(fail: (message: string) => void): Promise<void> {
    for (const [personId, nationalId] of this.client.personalData) {
      const answer = await this.client.request('GET', `/persons/${personId}/personal-data`);
      if (answer.status === 200 && answer.body?.nationalId === nationalId) this.client.countRead(personId, 'personal-data');
      else fail(`the personal data of ${personId}: ${answer.status} ${answer.text.slice(0, 200)}`);
    }
  }

  private async retryClaims(fail: (message: string) => void): Promise<void> {
    const outcomes: Record<number, number> = {};
    for (const [claimId, body] of this.load.unansweredClaims) {
      const answer = await this.client.request('POST', '/claims', body, { 'idempotency-key': claimId });
      outcomes[answer.status] = (outcomes[answer.status] ?? 0) + 1;
      if (answer.status === 200 || answer.status === 201) this.client.acknowledge('claim retried', answer);
      else fail(`the retry of unanswered claim ${claimId}: ${answer.status} ${answer.text.slice(0, 200)}`);
    }
    if (this.load.unansweredClaims.size > 0) this.say(`  retried ${this.load.unansweredClaims.size} unanswered claims: ${JSON.stringify(outcomes)}`);
    this.load.unansweredClaims.clear();
  }

  private async rerunRoster(fail: (message: string) => void): Promise<void> {
    const roster = this.load.roster;
    if (roster === null) return;
    const journal = new Database(join(this.dataDir, 'operations.sqlite'), { readonly: true });
    const integrity = journal.pragma('integrity_check', { simple: true });
    journal.close();
    if (integrity !== 'ok') fail(`operations journal integrity_check: ${String(integrity)}`);
    const again = await this.load.rosterForm(roster.csv);
    const third = await this.load.rosterForm(roster.csv);
    const counts = third.body?.counts as Record<string, number> | undefined;
    this.say(`  roster answered before the kill: ${roster.answered?.status ?? 'no'}; re-run ${again.status} ${JSON.stringify(again.body?.counts)}; third run ${JSON.stringify(counts)}`);
    if (again.status >= 300) fail(`roster re-run ${again.status} ${again.text.slice(0, 300)}`);
    if ((counts?.recognize ?? 0) + (counts?.change ?? 0) !== 0) fail(`a third roster run still changes: ${JSON.stringify(counts)}`);
    this.load.roster = null;
  }

  private async rerunImport(fail: (message: string) => void): Promise<void> {
    const claimsImport = this.load.claimsImport;
    if (claimsImport === null) return;
    const before = this.appendedSoFar('import', claimsImport.round);
    const again = await this.load.claimsImportForm(claimsImport.csv);
    const third = await this.load.claimsImportForm(claimsImport.csv);
    const counts = again.body?.counts as Record<string, number> | undefined;
    this.say(`  import: ${before} of ${IMPORT_ROWS} settled before the kill; re-run ${again.status} ${JSON.stringify(counts)}`);
    if (again.status >= 300) fail(`import re-run ${again.status} ${again.text.slice(0, 300)}`);
    if (counts?.settle !== IMPORT_ROWS - before) fail(`the re-run settled ${counts?.settle}, ${IMPORT_ROWS - before} were missing`);
    if ((third.body?.counts as Record<string, number> | undefined)?.settle !== 0) fail(`a third import run still settles: ${JSON.stringify(third.body?.counts)}`);
    const settled = this.appendedSoFar('import', claimsImport.round);
    if (settled !== IMPORT_ROWS) fail(`after the re-run ${settled} of ${IMPORT_ROWS} imported claims are settled`);
    this.load.claimsImport = null;
  }

  private async rerunReassessment(round: number, fail: (message: string) => void): Promise<void> {
    const reassessment = this.load.reassessment;
    if (reassessment === null) return;
    const before = this.appendedSoFar('reassess', round);
    const again = await this.client.request('POST', '/reassessments', reassessment.body);
    this.client.acknowledge('reassess re-run', again);
    const third = await this.client.request('POST', '/reassessments', reassessment.body);
    this.say(`  reassessment: ${before} claims reassessed before the kill; re-run ${again.status}, ${String(again.body?.claimsAffected)} of ${String(again.body?.claims)} claims`);
    if (again.status >= 300) fail(`reassessment re-run ${again.status} ${again.text.slice(0, 300)}`);
    // A claim the correction leaves unchanged (its assistance already at the cap) gets no event, so
    // the re-run reassesses at most the claims the killed run had not reached; the third run, which
    // appends nothing, shows that it reached all of them, and the count below that none got two.
    else if (Number(again.body?.claimsAffected) > Number(again.body?.claims) - before) fail(`the re-run reassessed ${String(again.body?.claimsAffected)} claims; only ${Number(again.body?.claims) - before} were not reassessed yet`);
    const after = this.appendedSoFar('reassess', round);
    if (again.status < 300 && after !== before + Number(again.body?.claimsAffected)) fail(`${before} reassessed before the kill and ${String(again.body?.claimsAffected)} by the re-run, but ${after} are stored`);
    const appendedByThird = ((third.body?.events ?? []) as unknown[]).length;
    if (third.status !== 200 || appendedByThird !== 0) fail(`a third reassessment run answered ${third.status} and appended ${appendedByThird}`);
    this.load.reassessment = null;
  }
}

import { setImmediate as nextTurn } from 'node:timers/promises';
import { StreamChainVerifier, type VerifyReportBuilder } from '../hash-chain';
import { chainEntryOfRow } from './sqlite-event-rows';
import { SQLITE_LIMITS, type SqliteStatements } from './sqlite-schema';

/**
 * Hash-chain verification over the SQLite tables, in bounded pages: each stream's chain, and streams
 * the `streams` table knows whose every event row is gone.
 */
export const verifyOneStream = (statements: SqliteStatements, stream: string): StreamChainVerifier => {
  const verifier = new StreamChainVerifier(stream);
  const pageSize = SQLITE_LIMITS.verifyPageSize;
  const maxPages = Number(statements.streamEventCount.get(stream)!.count) / pageSize + 1;
  let after = -1n;
  for (let page = 0; page < maxPages && !verifier.done; page += 1) {
    const rows = statements.chainPage.withLimit(pageSize).all(stream, after);
    for (const row of rows) verifier.feed(chainEntryOfRow(row));
    if (rows.length < pageSize) break;
    after = rows[rows.length - 1]!.revision;
  }
  const head = statements.streamHead.get(stream);
  verifier.finish(head ? { revision: head.revision, hash: head.last_hash } : null);
  return verifier;
};

export const verifyStreamsWithEvents = async (statements: SqliteStatements, report: VerifyReportBuilder): Promise<void> => {
  const pageSize = SQLITE_LIMITS.verifyStreamsPageSize;
  // Every stream listed here has at least one event, so the event count bounds the pages.
  const maxPages = Number(statements.eventCount.get()!.count) / pageSize + 1;
  let after = '';
  for (let page = 0; page < maxPages; page += 1) {
    const names = statements.streamNamesPage.withLimit(pageSize).all(after);
    for (const { stream_name } of names) report.add(verifyOneStream(statements, stream_name));
    if (names.length < pageSize) return;
    after = names[names.length - 1]!.stream_name;
    await nextTurn();
  }
};

/** Streams the `streams` table knows but whose every event row is gone: all of them were removed. */
export const verifyStreamsWithoutEvents = async (statements: SqliteStatements, report: VerifyReportBuilder): Promise<void> => {
  const pageSize = SQLITE_LIMITS.verifyStreamsPageSize;
  const maxPages = Number(statements.streamCount.get()!.count) / pageSize + 1;
  let after = '';
  for (let page = 0; page < maxPages; page += 1) {
    const heads = statements.emptyStreamsPage.withLimit(pageSize).all(after);
    for (const head of heads) {
      const verifier = new StreamChainVerifier(head.stream_name);
      verifier.finish({ revision: head.revision, hash: head.last_hash });
      report.add(verifier);
    }
    if (heads.length < pageSize) return;
    after = heads[heads.length - 1]!.stream_name;
    await nextTurn();
  }
};

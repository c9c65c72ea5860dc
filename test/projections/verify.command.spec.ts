import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyCommand } from '../../src/cli/commands/verify.command';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { appendEvents, sampleHistory } from './support/ledger-fixtures';

const capture = () => {
  const out: string[] = [];
  return { out, stdout: (text: string) => out.push(text), stderr: (text: string) => out.push(text), interactive: false };
};

describe('benefits-ledger verify', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'verify-command-'));
    const store = new SqliteEventStore(dataDir);
    await appendEvents(store, sampleHistory());
    await store.close();
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exits 0 and says OK on an intact store', async () => {
    const output = capture();
    expect(await verifyCommand({}, { DATA_DIR: dataDir }, output)).toBe(0);
    expect(output.out.join('')).toMatch(/^OK: 4 streams, 15 events checked/);
  });

  it('exits 1 and names the stream, revision and problem after tampering', async () => {
    const store = new SqliteEventStore(dataDir);
    store.unsafeDatabaseForTests().prepare("UPDATE events SET data = replace(data, '\"350.00\"', '\"35.00\"') WHERE position = 5").run();
    await store.close();
    const output = capture();
    expect(await verifyCommand({}, { DATA_DIR: dataDir }, output)).toBe(1);
    expect(output.out.join('')).toMatch(/^BROKEN: .*\n {2}person-p-1 revision 3 \(position 5\): altered: /);

    const json = capture();
    expect(await verifyCommand({ json: true }, { DATA_DIR: dataDir }, json)).toBe(1);
    expect(JSON.parse(json.out.join(''))).toMatchObject({ ok: false, breaks: [{ streamName: 'person-p-1', revision: '3', position: '5', problem: 'altered' }] });
  });
});

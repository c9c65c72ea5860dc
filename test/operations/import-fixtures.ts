import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Category } from '../../src/domain/vocabulary';
import { Ledger } from '../../src/ledger/ledger.service';
import { OperationsJournal } from '../../src/operations/operations-journal';
import { loadSeedPacks } from '../../src/policy-packs/load-pack';
import { InMemoryEventStore } from '../support/in-memory-event-store';
import { InMemoryPersonalDataStore } from '../support/in-memory-personal-data-store';

/** The files under test/fixtures/imports (written by scripts/make-import-fixtures.ts). */
export const FIXTURES = join(__dirname, '..', 'fixtures', 'imports');
export const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));
export const NATIONAL_IDS = JSON.parse(readFileSync(join(FIXTURES, 'national-ids.json'), 'utf8')) as Record<string, string>;

export interface ImportWorld {
  readonly store: InMemoryEventStore;
  readonly ledger: Ledger;
  readonly personalData: InMemoryPersonalDataStore;
  readonly journal: OperationsJournal;
  close(): Promise<void>;
}

const META = { actor: 'test:setup', recordedAt: '2023-02-01T08:00:00.000Z' };

/**
 * The ledger and personal-data store the fixtures expect: the roster persons (r1–r4) and the claims
 * persons (c1 enrolled for 2023 as 低保, c2 registered but not enrolled) registered in Heze, and a
 * person registered in Fumeng whom the Heze roster must not touch.
 */
export const importWorld = async (): Promise<ImportWorld> => {
  const store = new InMemoryEventStore();
  const ledger = await Ledger.open(store, { seedPacks: loadSeedPacks() });
  const personalData = new InMemoryPersonalDataStore();
  const persons: Array<[string, string, string | null]> = [
    ['hz-r1', 'heze', NATIONAL_IDS.r1],
    ['hz-r2', 'heze', NATIONAL_IDS.r2],
    ['hz-r3', 'heze', NATIONAL_IDS.r3],
    ['hz-r4', 'heze', null],
    ['fm-x1', 'fumeng', NATIONAL_IDS.otherRegion],
    ['hz-c1', 'heze', NATIONAL_IDS.c1],
    ['hz-c2', 'heze', NATIONAL_IDS.c2],
  ];
  for (const [personId, region, nationalId] of persons) {
    await ledger.registerPerson({ personId, region, scheme: 'RESIDENT' }, META);
    if (nationalId) await personalData.put(personId, { name: `测试 ${personId}`, nationalId });
  }
  const subsistence: Category = 'SUBSISTENCE';
  await ledger.recognizeIdentity({ personId: 'hz-c1', category: subsistence, validFrom: '2022-01-01', source: { department: 'CIVIL_AFFAIRS', document: '菏泽市民政局 低保名册 2022-01' } }, META);
  await ledger.enrollPerson({ personId: 'hz-c1', year: 2023, contribution: '380.00', enrolledOn: '2022-11-20' }, META);
  const journal = OperationsJournal.open(':memory:');
  return {
    store,
    ledger,
    personalData,
    journal,
    close: async () => {
      journal.close();
      await ledger.close();
      await store.close();
    },
  };
};

/** Events in the store, for "appends nothing" checks. */
export const eventCount = async (store: InMemoryEventStore): Promise<number> => Number(await store.headPosition());

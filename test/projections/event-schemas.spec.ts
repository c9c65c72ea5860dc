import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decidePerson, evolvePerson, initialPerson } from '../../src/domain/person/person.decider';
import { decidePolicyRegistry, initialPolicyRegistry } from '../../src/domain/policy-registry/policy-registry.decider';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.adapter';
import { checkpointEvent, signCheckpoint } from '../../src/integrity/checkpoint';
import { loadSigningKey } from '../../src/integrity/signing-key';
import { loadSeedPacks } from '../../src/policy-packs/load-pack';
import { LEDGER_EVENT_SCHEMA_VERSIONS, type LedgerEventType } from '../../src/domain/ledger.events';
import { runScenarioFile } from '../../src/scenario/scenario-runner';
import { appendEvents, sampleHistory } from './support/ledger-fixtures';

/**
 * docs/schemas/events must describe the events the ledger really writes: every type has a schema,
 * and every event of the shipped example scenarios (the real engine's output) validates, with no
 * field left undocumented (the schemas forbid unknown fields).
 */
const SCHEMA_DIR = join(__dirname, '..', '..', 'docs', 'schemas', 'events');
const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');

const EVENT_TYPES: readonly LedgerEventType[] = [
  'PolicyPublished',
  'PersonRegistered',
  'IdentityRecognized',
  'IdentityRevoked',
  'EnrollmentRegistered',
  'EnrollmentSubsidyGranted',
  'EnrollmentSubsidyDeclined',
  'ClaimSettled',
  'ClaimReassessed',
  'HighCostAlertRaised',
  'HighCostAlertWithdrawn',
  'OneTimeAssistanceGranted',
  'PersonalDataErased',
];

const loadAjv = (): Ajv2020 => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  for (const file of readdirSync(SCHEMA_DIR)) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as object);
  return ajv;
};

const validate = (ajv: Ajv2020, event: { type: string; data: unknown; metadata?: unknown }): string[] => {
  const version = LEDGER_EVENT_SCHEMA_VERSIONS[event.type as LedgerEventType] ?? 1;
  const check = ajv.getSchema(`https://schemas.benefits-ledger.invalid/events/${event.type}.v${version}.json`);
  if (!check) return [`no schema for ${event.type}`];
  return check(event) ? [] : (check.errors ?? []).map((error) => `${event.type}${error.instancePath}: ${error.message}`);
};

describe('event JSON Schemas (docs/schemas/events)', () => {
  const ajv = loadAjv();

  it('has one schema file per version of each event type of the contract, and no other', () => {
    const files = readdirSync(SCHEMA_DIR).filter((file) => !file.startsWith('common.')).sort();
    const versions = EVENT_TYPES.flatMap((type) => Array.from({ length: LEDGER_EVENT_SCHEMA_VERSIONS[type] }, (_, index) => `${type}.v${index + 1}.json`));
    // The signer's event is on the feed like the ledger's own, so consumers get its schema too.
    expect(files).toEqual([...versions, 'CheckpointSigned.v1.json'].sort());
  });

  it('accepts the events of every example scenario, as the engine writes them', async () => {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const file of readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.json'))) {
      const run = await runScenarioFile(join(EXAMPLES_DIR, file));
      for (const step of run.output.steps) {
        for (const event of 'events' in step ? step.events : []) {
          seen.add(event.type);
          problems.push(...validate(ajv, event).map((problem) => `${file} step ${step.index}: ${problem}`));
        }
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect([...seen]).toEqual(
      expect.arrayContaining(['PersonRegistered', 'IdentityRecognized', 'IdentityRevoked', 'EnrollmentRegistered', 'EnrollmentSubsidyGranted', 'EnrollmentSubsidyDeclined', 'ClaimSettled', 'ClaimReassessed', 'HighCostAlertRaised', 'OneTimeAssistanceGranted']),
    );
  }, 60_000);

  it('accepts the publication of every shipped policy pack', () => {
    const published = loadSeedPacks().flatMap((policy) => decidePolicyRegistry({ type: 'PublishPolicy', data: { policy, reason: null, document: null } }, initialPolicyRegistry()));
    expect(published.length).toBeGreaterThanOrEqual(5);
    expect(published.flatMap((event) => validate(ajv, event))).toEqual([]);
  });

  it('accepts recorded events with their metadata envelope and hash chain', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'event-schemas-'));
    const store = new SqliteEventStore(dataDir);
    try {
      await appendEvents(store, sampleHistory());
      const recorded = await store.readAll();
      expect(recorded.flatMap((event) => validate(ajv, { type: event.type, data: event.data, metadata: event.metadata }))).toEqual([]);
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('accepts the signed checkpoints as the signer appends them, with and without the access log\'s head', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'event-schemas-key-'));
    try {
      const key = loadSigningKey({ dataDir });
      const at = new Date('2023-06-01T00:00:00Z');
      const v1 = checkpointEvent(signCheckpoint(key, 42n, 'a'.repeat(64), at));
      const v2 = checkpointEvent(signCheckpoint(key, 42n, 'a'.repeat(64), at, { sequence: 7, hash: 'b'.repeat(64) }));
      expect([v1, v2].flatMap((event) => validate(ajv, event))).toEqual([]);
      const { accessLogHash: _dropped, ...halfV2 } = v2.data as Record<string, unknown>;
      expect(validate(ajv, { ...v2, data: halfV2 })).not.toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('accepts the hand-built events of the projection tests (so those tests speak the contract)', () => {
    expect(sampleHistory().flatMap((event) => validate(ajv, event))).toEqual([]);
  });

  it('refuses an event with an undocumented field or an amount that is not two decimals', () => {
    const [registered] = sampleHistory();
    expect(validate(ajv, { ...registered!, data: { ...registered!.data, name: '张三' } })).not.toEqual([]);
    const granted = sampleHistory().find((event) => event.type === 'EnrollmentSubsidyGranted')!;
    expect(validate(ajv, { ...granted, data: { ...granted.data, amount: '350.5' } })).toEqual([expect.stringContaining('/data/amount')]);
  });

  it('accepts PersonalDataErased as the person decider writes it, and refuses personal data in it', () => {
    const person = evolvePerson(initialPerson(), { type: 'PersonRegistered', data: { personId: 'p1', region: 'heze', scheme: 'RESIDENT' } });
    const [erased] = decidePerson({ type: 'RecordPersonalDataErasure', data: { personId: 'p1', erasedAt: '2024-03-01T08:00:00.000Z', reason: 'SUBJECT_REQUEST' } }, person);
    expect(validate(ajv, erased!)).toEqual([]);
    expect(validate(ajv, { ...erased!, data: { ...erased!.data, nationalId: '11010519491231002X' } })).not.toEqual([]);
    expect(validate(ajv, { ...erased!, data: { ...erased!.data, reason: '本人申请' } })).not.toEqual([]);
  });
});

import { policyRegistryDecider } from '../../../src/domain/deciders';
import type { PolicyPublished } from '../../../src/domain/ledger.events';
import type { PolicyPack, PublishedPack } from '../../../src/domain/policy/policy-pack';
import type { PublishPolicy } from '../../../src/domain/policy-registry/policy-registry.decider';
import { specify } from '../../support/decider-specification';
import { heze } from '../../support/heze-correction';

/**
 * Publishing a revision over what the region already holds: the new set of revisions must pass the
 * file loader's rule (docs/policy-packs.md, *Corrections*): periods overlap only along a chain of
 * corrections, and a correction names the newest revision of its chain.
 */
const registry = specify(policyRegistryDecider);

/** Heze's shipped pack under another revision id and period; the hash only has to differ per revision. */
const revision = (id: string, effectiveFrom: string, effectiveTo: string | null, corrects?: string): PublishedPack => {
  const pack: PolicyPack = { ...heze.pack, revision: id, effectiveFrom, effectiveTo };
  if (corrects === undefined) delete (pack as { corrects?: string }).corrects;
  else (pack as { corrects?: string }).corrects = corrects;
  return { ref: { region: 'heze', revision: id, hash: `hash-of-${id}` }, pack };
};

const published = ({ ref, pack }: PublishedPack): PolicyPublished => ({
  type: 'PolicyPublished',
  data: { region: ref.region, revision: ref.revision, effectiveFrom: pack.effectiveFrom, effectiveTo: pack.effectiveTo, hash: ref.hash, corrects: pack.corrects ?? null, reason: null, document: null, pack },
});

const publish = (policy: PublishedPack): PublishPolicy => ({ type: 'PublishPolicy', data: { policy, reason: null, document: null } });

const refusal = (run: () => unknown): { code: string; kind: string; message: string } => {
  try {
    run();
  } catch (error) {
    return error as { code: string; kind: string; message: string };
  }
  throw new Error('expected a refusal');
};

const original = revision('2022-05-01', '2022-05-01', null);
/** The chain c1 → original, c2 → c1, c3 → c2, c4 → c3, all of the original's period. */
const chain = ['c1', 'c2', 'c3', 'c4'].map((suffix, index) => revision(`2022-05-01-${suffix}`, '2022-05-01', null, index === 0 ? '2022-05-01' : `2022-05-01-c${index}`));

describe('policy registry decider: the revision set', () => {
  // The auditor's case: Heze 2022-05-01-c9 over 2022-05-01, same open period, no corrects (低保 at 0.80).
  it('refuses a revision that overlaps a published one without correcting it, naming the rule and both revisions', () => {
    const c9 = revision('2022-05-01-c9', '2022-05-01', null);
    registry.given(published(original)).when(publish(c9)).thenRefused('REVISION_OVERLAP');
    const refused = refusal(() => policyRegistryDecider.decide(publish(c9), [published(original)].reduce(policyRegistryDecider.evolve, policyRegistryDecider.initialState())));
    expect(refused.kind).toBe('conflict');
    expect(refused.message).toContain('revision-overlap');
    expect(refused.message).toContain('2022-05-01 (2022-05-01 … open)');
    expect(refused.message).toContain('2022-05-01-c9 (2022-05-01 … open)');
  });

  // The auditor's second case: c5 corrects the original while c4 is the newest of its chain.
  it('refuses a correction that branches off an older revision of a chain, naming the head it should correct', () => {
    const c5 = revision('2022-05-01-c5', '2022-05-01', null, '2022-05-01');
    const history = [original, ...chain].map(published);
    registry.given(...history).when(publish(c5)).thenRefused('CORRECTION_NOT_HEAD');
    const refused = refusal(() => policyRegistryDecider.decide(publish(c5), history.reduce(policyRegistryDecider.evolve, policyRegistryDecider.initialState())));
    expect(refused.kind).toBe('conflict');
    expect(refused.message).toContain('correction-not-head');
    expect(refused.message).toContain('corrects: 2022-05-01-c4');
  });

  it('accepts a correction of the chain\'s newest revision', () =>
    registry
      .given(...[original, ...chain].map(published))
      .when(publish(revision('2022-05-01-c5', '2022-05-01', null, '2022-05-01-c4')))
      .then((events) => expect(events).toMatchObject([{ type: 'PolicyPublished', data: { revision: '2022-05-01-c5', corrects: '2022-05-01-c4' } }])));

  // Periods are inclusive at both ends (isWithin): ending 2022-12-31 and starting 2023-01-01 leave no shared day.
  it('accepts a revision that starts the day after the published one ends', () =>
    registry
      .given(published(revision('2022-05-01', '2022-05-01', '2022-12-31')))
      .when(publish(revision('2023-01-01', '2023-01-01', null)))
      .then((events) => expect(events).toMatchObject([{ type: 'PolicyPublished', data: { revision: '2023-01-01', corrects: null } }])));

  it('refuses a revision that starts on the day the published one ends (one shared day is an overlap)', () =>
    registry.given(published(revision('2022-05-01', '2022-05-01', '2023-01-01'))).when(publish(revision('2023-01-01', '2023-01-01', null))).thenRefused('REVISION_OVERLAP'));

  it('still treats the same revision with the same content as a retry, and a correction of an unknown revision as unprocessable', () => {
    registry.given(published(original)).when(publish(original)).thenNothing();
    registry.given(published(original)).when(publish(revision('2022-05-01-c1', '2022-05-01', null, 'nope'))).thenRefused('CORRECTED_REVISION_UNKNOWN');
  });

  // Stores written before the rule may hold overlapping revisions and side branches: evolve folds them as
  // recorded, and only what a new publication adds to the set is judged.
  it('replays a history that already holds overlaps and side branches, and judges only what a new revision adds', () => {
    const legacy = [
      revision('2021-01-01', '2021-01-01', '2021-12-31'),
      revision('2021-06-01', '2021-06-01', '2021-12-31'),
      original,
      revision('2022-05-01-c1', '2022-05-01', null, '2022-05-01'),
      revision('2022-05-01-c2', '2022-05-01', null, '2022-05-01'),
    ].map(published);
    const state = legacy.reduce(policyRegistryDecider.evolve, policyRegistryDecider.initialState());
    expect(state.revisions.map((known) => known.ref.revision)).toEqual(['2021-01-01', '2021-06-01', '2022-05-01', '2022-05-01-c1', '2022-05-01-c2']);
    registry
      .given(...legacy.slice(0, 2))
      .when(publish(revision('2022-01-01', '2022-01-01', '2022-04-30')))
      .then((events) => expect(events).toHaveLength(1));
  });
});

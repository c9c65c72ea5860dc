import { conflict, unprocessable } from '../domain-error';
import type { PolicyPublished } from '../ledger.events';
import { validateRevisionSet, type PackProblem } from '../policy/pack-rules';
import type { PublishedPack } from '../policy/policy-pack';

/**
 * The policy registry of one region (stream `policy-<region>`): the revisions published so far, in
 * publication order. A revision is immutable; a correction is a new revision that declares which one
 * it corrects.
 */
export interface PolicyRegistry {
  readonly region: string | null;
  readonly revisions: readonly PublishedPack[];
}

export type PublishPolicy = Readonly<{
  type: 'PublishPolicy';
  data: { policy: PublishedPack; reason: string | null; document: string | null };
}>;

export const initialPolicyRegistry = (): PolicyRegistry => ({ region: null, revisions: [] });

export const decidePolicyRegistry = (command: PublishPolicy, registry: PolicyRegistry): PolicyPublished[] => {
  const { policy, reason, document } = command.data;
  const { pack, ref } = policy;
  const existing = registry.revisions.find((published) => published.ref.revision === ref.revision);
  if (existing) {
    // Publishing the same content again is a retry and changes nothing; other content under the same
    // revision would rewrite history, which a correction must never do.
    if (existing.ref.hash === ref.hash) return [];
    return conflict(
      'REVISION_IMMUTABLE',
      `policy ${ref.region} revision ${ref.revision} is already published with hash ${existing.ref.hash}; publish a correction as a new revision with "corrects: ${ref.revision}"`,
    );
  }
  if (pack.corrects && !registry.revisions.some((published) => published.ref.revision === pack.corrects)) {
    return unprocessable('CORRECTED_REVISION_UNKNOWN', `revision ${ref.revision} corrects ${pack.corrects}, which is not published for ${ref.region}`);
  }
  refuseUnsoundRevisionSet(registry, policy);
  return [
    {
      type: 'PolicyPublished',
      data: {
        region: ref.region,
        revision: ref.revision,
        effectiveFrom: pack.effectiveFrom,
        effectiveTo: pack.effectiveTo,
        hash: ref.hash,
        corrects: pack.corrects ?? null,
        reason,
        document,
        pack,
      },
    },
  ];
};

/**
 * The new revision must keep the region's revisions a set the file loader would accept: periods overlap
 * only along a chain of corrections, and a correction names the chain's newest revision. Only the
 * problems of the new revision refuse it: validateRevisionSet reports a problem of a pair at the later
 * of the two, which is the new one because it comes last, so overlaps a store recorded before this rule
 * existed neither stop replay (evolve does not check) nor block unrelated publications. A refusal is a
 * conflict with recorded state (409), like REVISION_IMMUTABLE.
 */
const refuseUnsoundRevisionSet = (registry: PolicyRegistry, { ref, pack }: PublishedPack): void => {
  const own = new Set([`${ref.region}/${ref.revision}`, `${ref.region}/${ref.revision}.corrects`]);
  const problems = validateRevisionSet([...registry.revisions.map((published) => published.pack), pack]).filter((found) => own.has(found.path));
  const describe = (found: readonly PackProblem[]): string => found.map((each) => `${each.rule}: ${each.message}`).join('; ');
  // A side branch also overlaps every revision of the chain it left; naming the head to correct is the actionable part.
  const notHead = problems.filter((found) => found.rule === 'correction-not-head');
  if (notHead.length > 0) conflict('CORRECTION_NOT_HEAD', `policy ${ref.region} revision ${ref.revision}: ${describe(notHead)}`);
  if (problems.length > 0) conflict('REVISION_OVERLAP', `policy ${ref.region} revision ${ref.revision}: ${describe(problems)}`);
};

export const evolvePolicyRegistry = (registry: PolicyRegistry, event: PolicyPublished): PolicyRegistry => ({
  region: event.data.region,
  revisions: [
    ...registry.revisions,
    { ref: { region: event.data.region, revision: event.data.revision, hash: event.data.hash }, pack: event.data.pack },
  ],
});

import { conflict, unprocessable } from '../domain-error';
import type { PolicyPublished } from '../ledger.events';
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

export const evolvePolicyRegistry = (registry: PolicyRegistry, event: PolicyPublished): PolicyRegistry => ({
  region: event.data.region,
  revisions: [
    ...registry.revisions,
    { ref: { region: event.data.region, revision: event.data.revision, hash: event.data.hash }, pack: event.data.pack },
  ],
});

import type { EventStore } from '../event-store/event-store.port';
import { applyExplanation, emptyExplanation, type ClaimExplanationRow, type ClaimReferenceRow } from './claim-explanation.projection';
import { asProjectedEvent, type ProjectedEvent } from './projection';
import type { ReadModels } from './read-models';

/** One settlement and its reassessments: more recorded events than this for one claim is a data error, not a history. */
export const CLAIM_EVENTS_MAX = 1_000;

/**
 * A claim as an inspector reads it: the claim-explanation read model says where the claim's events are
 * (stream and revisions, as far as the projections have seen), and the events themselves are read back
 * from the store, upcast like every read, and folded into the explanation row. The answer is therefore
 * exactly what the events say, and the read model stays a few hundred bytes per claim.
 */
export class ClaimRecords {
  constructor(
    private readonly readModels: ReadModels,
    private readonly store: EventStore,
  ) {}

  /** Null for a claim the read models have not seen settled. */
  async claim(claimId: string): Promise<ClaimExplanationRow | null> {
    const reference = this.readModels.claimReference(claimId);
    if (reference === null || reference.stream === null) return null;
    if (reference.revisions.length > CLAIM_EVENTS_MAX) {
      throw new RangeError(`claim ${claimId} has ${reference.revisions.length} recorded events, more than ${CLAIM_EVENTS_MAX}`);
    }
    let row = emptyExplanation(claimId, reference.personId);
    for (const revision of reference.revisions) row = applyExplanation(row, await this.eventAt(reference, revision));
    return { ...row, oneTimeAssistance: reference.oneTimeAssistance };
  }

  private async eventAt(reference: ClaimReferenceRow, revision: string): Promise<ProjectedEvent> {
    const stream = reference.stream!;
    const [event] = await this.store.readStream(stream, { from: BigInt(revision), maxCount: 1 });
    const claimId = (event?.data as { claimId?: unknown } | undefined)?.claimId;
    // The read model only ever points at events it was built from; anything else means the store changed under it.
    if (!event || event.revision !== BigInt(revision) || !CLAIM_EVENT_TYPES.has(event.type) || claimId !== reference.claimId) {
      throw new Error(`claim ${reference.claimId}: ${stream} revision ${revision} is not one of its events in the store`);
    }
    return asProjectedEvent(event);
  }
}

const CLAIM_EVENT_TYPES: ReadonlySet<string> = new Set(['ClaimSettled', 'ClaimReassessed']);

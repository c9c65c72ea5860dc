import { parentPort } from 'node:worker_threads';
import { decideBenefitYear, type ClaimContext } from '../domain/benefit-year/benefit-year.decider';
import type { PublishedPack } from '../domain/policy/policy-pack';
import { packKeyOf, type DecisionAnswer, type FromDecisionThread, type ReassessDecision, type ToDecisionThread } from './decision-thread.messages';

/**
 * A decision thread: takes reassessment decisions for the ledger on another core. It keeps every pack
 * it was sent (a pack is immutable, and the settlement engine memoizes what it derives from a pack
 * per pack object), and answers each batch with the events `decideBenefitYear` decides: the same
 * function the ledger's own thread runs, so the events are the same whichever thread decided.
 */

/** Packs kept: far above the revisions of every region; past it the oldest are forgotten (and sent again when needed). */
const PACKS_MAX = 1_000;

const packs = new Map<string, PublishedPack>();

const keep = (received: readonly PublishedPack[]): void => {
  for (const pack of received) {
    if (packs.size >= PACKS_MAX) packs.delete(packs.keys().next().value!);
    packs.set(packKeyOf(pack.ref), pack);
  }
};

const decide = (decision: ReassessDecision): DecisionAnswer => {
  try {
    const contexts: Record<string, ClaimContext> = {};
    for (const [claimId, context] of Object.entries(decision.contexts)) {
      const policy = packs.get(context.pack);
      if (!policy) return { failed: `pack ${context.pack} was not sent to this thread` };
      contexts[claimId] = { policy, heldCategories: context.heldCategories };
    }
    const command = { type: 'Reassess', data: { correctionId: decision.correctionId, reason: decision.reason, contexts } } as const;
    return { events: decideBenefitYear(command, decision.state) };
  } catch (error: unknown) {
    return { failed: error instanceof Error ? error.message : String(error) };
  }
};

const serveDecisions = (): void => {
  const port = parentPort!;
  const post = (message: FromDecisionThread): void => port.postMessage(message);
  port.on('message', (message: ToDecisionThread) => {
    keep(message.packs);
    post({ kind: 'decided', id: message.id, answers: message.decisions.map(decide) });
  });
  post({ kind: 'ready' });
};

if (parentPort) serveDecisions();

import { formatExplanation, renderExplanation } from '../domain/explanation/render-explanation';
import type { ExplanationSource, Lang, PackLookup } from '../domain/explanation/explanation.types';
import type { ClaimReassessed, ClaimSettled } from '../domain/ledger.events';
import type { PrintedStep } from './scenario-runner';

/**
 * `scenario --lang zh|en`: every printed ClaimSettled and ClaimReassessed gets its trace rendered as
 * numbered lines in that language (`explanation`), beside the recorded data.
 */

type PrintedEvent = { readonly type: string; readonly data: unknown; readonly explanation?: readonly string[] };

const reassessedSource = (settled: ClaimSettled['data'], data: ClaimReassessed['data']): ExplanationSource => ({
  ...settled,
  policy: data.policy,
  appliedCategory: data.appliedCategory,
  payouts: data.next.payouts,
  outOfPocket: data.next.outOfPocket,
  accumulators: data.accumulators,
  trace: data.trace,
});

export const withExplanations = (steps: readonly PrintedStep[], lookup: PackLookup, lang: Lang): PrintedStep[] => {
  const settledById = new Map<string, ClaimSettled['data']>();
  const explain = (source: ExplanationSource): string[] => formatExplanation(renderExplanation(source, lookup(source.policy), lang)).split('\n');
  const explainEvent = (event: PrintedEvent): PrintedEvent => {
    if (event.type === 'ClaimSettled') {
      const data = event.data as ClaimSettled['data'];
      settledById.set(data.claimId, data);
      return { ...event, explanation: explain(data) };
    }
    if (event.type === 'ClaimReassessed') {
      const data = event.data as ClaimReassessed['data'];
      const settled = settledById.get(data.claimId);
      return settled ? { ...event, explanation: explain(reassessedSource(settled, data)) } : event;
    }
    return event;
  };
  return steps.map((step) => (step.ok ? { ...step, events: step.events.map(explainEvent) } : step));
};

import type { Upcaster } from './upcasters';

/**
 * `ClaimSettled` and `ClaimReassessed` v1 → v2 (docs/events.md, "ClaimSettled v2"). Version 1 wrote
 * the trace as English sentences; version 2 writes message keys and numbers and renders them on read.
 * A v1 step is kept as it was said, as a `legacy` step whose values hold its sentence, its clause and
 * its numbers: the renderer shows it verbatim. It is not re-derived, because re-running today's
 * engine on an old claim may not say what was decided then (packs and engine change; the record
 * must not). v1 also repeated the claim's kind, dates and costs beside the claim; v2 keeps them in
 * `claim` only.
 */

type Data = Record<string, unknown>;

/** A v1 trace step (the domain's SentenceStep); spelled out here so the store does not import the domain. */
interface SentenceStep {
  readonly step: string;
  readonly explanation: string;
  readonly clause?: string;
  readonly values?: Readonly<Record<string, string>>;
}

/** A v2 trace step as the upcaster writes it (the domain's TraceStep, key `legacy`). */
interface LegacyTraceStep {
  readonly key: 'legacy';
  readonly values: Readonly<Record<string, string>>;
}

const isObject = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A v1 sentence step as a v2 `legacy` step: `values` holds the numbers, `step`, `explanation` and `clause`. */
export const legacyStep = (step: SentenceStep): LegacyTraceStep => ({
  key: 'legacy',
  values: {
    ...(step.values ?? {}),
    step: step.step,
    explanation: step.explanation,
    ...(step.clause === undefined ? {} : { clause: step.clause }),
  },
});

const legacyTrace = (trace: unknown): LegacyTraceStep[] => (Array.isArray(trace) ? (trace as SentenceStep[]).map(legacyStep) : []);

const claimSettledV1ToV2 = (data: unknown): unknown => {
  if (!isObject(data)) return data;
  const { kind: _kind, admissionDate: _admission, dischargeDate: _discharge, costs: _costs, trace, ...rest } = data;
  return { ...rest, trace: legacyTrace(trace) };
};

const claimReassessedV1ToV2 = (data: unknown): unknown => {
  if (!isObject(data)) return data;
  return { ...data, trace: legacyTrace(data.trace) };
};

export const CLAIM_EVENT_UPCASTERS: readonly Upcaster[] = [
  { type: 'ClaimSettled', fromVersion: 1, upcast: claimSettledV1ToV2 },
  { type: 'ClaimReassessed', fromVersion: 1, upcast: claimReassessedV1ToV2 },
];

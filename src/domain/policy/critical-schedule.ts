import { formatYuan, maxYuan, minYuan, parseRatio, parseYuan, roundToFenHalfUp, ZERO, type Decimal, type Yuan } from '../money';
import type { Category, IsoDate } from '../vocabulary';
import { compareIsoDates } from '../iso-date';
import type { CriticalRules, CriticalSchedule, CriticalSegment, PolicyPack } from './policy-pack';
import { readRatio } from './pack-values';
import type { TraceStep } from './settlement.types';
import { traceStep } from './trace';
import { resolveAmount, resolveCap } from './statistics';

/**
 * The critical-illness schedule of one claim's category (domain contract §2.2): the standard one, an
 * explicit tilt (Heze §一(三)) or a tilt derived from the standard one (Bozhou, Guizhou §二(二)3).
 * `f(x)` is zero up to the threshold, then each segment's ratio on the part of x inside it.
 */

export const MAX_SEGMENTS = 16;

export interface Segment {
  readonly lower: Yuan;
  /** null: open-ended. */
  readonly upper: Yuan | null;
  readonly ratio: Decimal;
}

export interface ResolvedSchedule {
  /** standard, tilted (an explicit schedule) or tilted-derived (derived from the standard one). */
  readonly schedule: 'standard' | 'tilted' | 'tilted-derived';
  readonly threshold: Yuan;
  readonly segments: readonly Segment[];
  /** null: no annual cap. */
  readonly cap: Yuan | null;
  /** Pack path of the schedule applied ("critical.standard", "critical.tilted.schedule", "critical.tilted.derive"). */
  readonly rule: string;
  /** Pack path of the segments (a derived tilt uses the standard ones). */
  readonly segmentsPath: string;
  /** Pack paths of the threshold and the cap. */
  readonly thresholdPath: string;
  readonly capPath: string;
  /** Why the tilt applies or does not (a transition that ended), for the trace. */
  readonly tilt: TiltState;
  /** Trace steps on how the threshold, ratios or cap were derived (statistics, derived tilt). */
  readonly steps: readonly TraceStep[];
}

/**
 * Turns segment edges into absolute amounts of the base. `absolute` edges are amounts of the base
 * (Heze "5000–10万元"), so a threshold above an edge empties the segments below it; `aboveThreshold`
 * edges are measured from the threshold.
 */
export const buildSegments = (
  threshold: Yuan,
  segments: readonly CriticalSegment[],
  boundaries: CriticalRules['boundaries'],
  ratioBonus: Decimal,
): Segment[] => {
  if (segments.length === 0 || segments.length > MAX_SEGMENTS) {
    throw new RangeError(`a critical schedule needs 1 to ${MAX_SEGMENTS} segments, got ${segments.length}`);
  }
  const offset = boundaries === 'aboveThreshold' ? threshold : ZERO;
  let lower = threshold;
  return segments.map((segment, index) => {
    const ratio = parseRatio(segment.ratio, `critical segment ${index + 1} ratio`).plus(ratioBonus);
    if (ratio.greaterThan(1)) throw new RangeError(`critical segment ${index + 1} ratio ${ratio.toString()} exceeds 1`);
    const upper = segment.upTo === null ? null : maxYuan(threshold, parseYuan(segment.upTo, 'critical segment upTo').plus(offset));
    const built: Segment = { lower, upper, ratio };
    if (upper !== null) lower = maxYuan(lower, upper);
    return built;
  });
};

const portionBelow = (segment: Segment, base: Yuan): Yuan => {
  const top = segment.upper === null ? base : minYuan(base, segment.upper);
  return maxYuan(ZERO, top.minus(segment.lower));
};

/** f(base): what the schedule pays on a cumulative base, unrounded. */
export const payableUpTo = (segments: readonly Segment[], base: Yuan): Yuan =>
  segments.reduce((total, segment) => total.plus(portionBelow(segment, base).times(segment.ratio)), ZERO);

export interface SegmentPortion {
  readonly segment: Segment;
  /** The part of the increment (from, to] that falls in the segment. */
  readonly portion: Yuan;
}

/** How an increment of the base, from `from` to `to`, spreads over the segments (for the trace). */
export const segmentPortions = (segments: readonly Segment[], from: Yuan, to: Yuan): SegmentPortion[] =>
  segments
    .map((segment) => ({ segment, portion: portionBelow(segment, to).minus(portionBelow(segment, from)) }))
    .filter((entry) => entry.portion.greaterThan(0));

export type TiltState =
  | { readonly tilted: false; readonly ended?: { readonly category: Category; readonly until: IsoDate; readonly rule: string } }
  | { readonly tilted: true; readonly category: Category; readonly until: IsoDate | null; readonly rule: string };

const tiltFor = (rules: CriticalRules, category: Category | null, referenceDate: IsoDate): TiltState => {
  const tilt = rules.tilted;
  if (!tilt || category === null) return { tilted: false };
  if (tilt.categories.includes(category)) return { tilted: true, category, until: null, rule: 'critical.tilted' };
  const transitional = tilt.transitional ?? [];
  const index = transitional.findIndex((entry) => entry.category === category);
  if (index < 0) return { tilted: false };
  const transition = transitional[index]!;
  const rule = `critical.tilted.transitional.${index}`;
  if (compareIsoDates(referenceDate, transition.until) <= 0) return { tilted: true, category, until: transition.until, rule };
  return { tilted: false, ended: { category, until: transition.until, rule } };
};

const fromSchedule = (pack: PolicyPack, schedule: CriticalSchedule, year: number, path: string, tilt: TiltState): ResolvedSchedule => {
  const threshold = resolveAmount(pack, schedule.threshold, year, 'critical-illness threshold');
  const cap = resolveCap(pack, schedule.annualCap, year, 'critical-illness annual cap');
  return {
    schedule: path === 'critical.standard' ? 'standard' : 'tilted',
    threshold: threshold.value,
    segments: buildSegments(threshold.value, schedule.segments, pack.critical.boundaries, ZERO),
    cap: cap?.value ?? null,
    rule: path,
    segmentsPath: `${path}.segments`,
    thresholdPath: `${path}.threshold`,
    capPath: `${path}.annualCap`,
    tilt,
    steps: [threshold.step, cap?.step ?? null].filter((step): step is TraceStep => step !== null),
  };
};

const derivedTilt = (pack: PolicyPack, year: number, tilt: TiltState): ResolvedSchedule => {
  const derive = pack.critical.tilted!.derive!;
  const standard = pack.critical.standard;
  const standardThreshold = resolveAmount(pack, standard.threshold, year, 'standard critical-illness threshold');
  const factor = readRatio(derive.thresholdFactor, 'critical.tilted.derive.thresholdFactor');
  // The contract rounds a derived threshold to the fen once, half up.
  const threshold = roundToFenHalfUp(standardThreshold.value.times(factor));
  const bonus = parseRatio(derive.ratioBonus, 'critical.tilted.derive.ratioBonus');
  const cap = resolveCap(pack, derive.annualCap, year, 'tilted critical-illness annual cap');
  const derivation = traceStep(
    'amount.derived-tilt',
    {
      standardThreshold: formatYuan(standardThreshold.value),
      thresholdFactor: derive.thresholdFactor,
      threshold: formatYuan(threshold),
      ratioBonus: derive.ratioBonus,
      cap: cap === null ? 'none' : formatYuan(cap.value),
    },
    'critical.tilted.derive',
    { standardThreshold: 'critical.standard.threshold' },
  );
  return {
    schedule: 'tilted-derived',
    threshold,
    segments: buildSegments(threshold, standard.segments, pack.critical.boundaries, bonus),
    cap: cap?.value ?? null,
    rule: 'critical.tilted.derive',
    segmentsPath: 'critical.standard.segments',
    thresholdPath: 'critical.tilted.derive',
    capPath: 'critical.tilted.derive.annualCap',
    tilt,
    steps: [standardThreshold.step, cap?.step ?? null, derivation].filter((step): step is TraceStep => step !== null),
  };
};

/**
 * Resolved schedules per pack: a schedule is a pure function of the pack, the benefit year and the
 * tilt that applies, and resolving it (parsing edges, deriving the tilt) was a fifth of a settlement.
 * Keyed by the pack object, so a pack no longer referenced takes its entries with it; bounded per pack.
 */
const resolvedSchedules = new WeakMap<PolicyPack, Map<string, ResolvedSchedule>>();
const MAX_SCHEDULES_PER_PACK = 512;

/** The schedule that applies to a claim settled under `category` (null: no category held). */
export const scheduleFor = (pack: PolicyPack, category: Category | null, referenceDate: IsoDate, year: number): ResolvedSchedule => {
  const state = tiltFor(pack.critical, category, referenceDate);
  const key = `${year}|${state.tilted ? `${state.rule}|${state.category}` : state.ended ? `ended|${state.ended.rule}|${state.ended.category}` : 'standard'}`;
  let schedules = resolvedSchedules.get(pack);
  if (!schedules) resolvedSchedules.set(pack, (schedules = new Map()));
  const known = schedules.get(key);
  if (known) return known;
  const resolved = resolveSchedule(pack, state, year);
  if (schedules.size >= MAX_SCHEDULES_PER_PACK) schedules.clear();
  schedules.set(key, resolved);
  return resolved;
};

const resolveSchedule = (pack: PolicyPack, state: TiltState, year: number): ResolvedSchedule => {
  const tilt = pack.critical.tilted;
  if (!state.tilted || !tilt) return fromSchedule(pack, pack.critical.standard, year, 'critical.standard', state);
  if ((tilt.schedule === undefined) === (tilt.derive === undefined)) {
    throw new RangeError(`critical.tilted of ${pack.region} ${pack.revision} must have exactly one of schedule and derive`);
  }
  if (tilt.schedule) return fromSchedule(pack, tilt.schedule, year, 'critical.tilted.schedule', state);
  return derivedTilt(pack, year, state);
};

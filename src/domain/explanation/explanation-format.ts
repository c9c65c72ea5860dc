import { D } from '../money';
import type { Payouts } from '../policy/settlement.types';

/** Formatting shared by both catalogues: ratios as percentages, segments and evaluations read back from their value text. */

/** "0.70" → "70%", "0.055" → "5.5%"; text that is not a number stays as written. */
export const percent = (ratio: string): string => {
  if (!/^-?\d+(\.\d+)?$/.test(ratio)) return ratio;
  return `${new D(ratio).times(100).toFixed()}%`;
};

/** "0.05" → "5" (percentage points). */
export const points = (ratio: string): string => (/^-?\d+(\.\d+)?$/.test(ratio) ? new D(ratio).times(100).toFixed() : ratio);

export interface SegmentPart {
  readonly index: number;
  readonly lower: string;
  /** null: open-ended. */
  readonly upper: string | null;
  readonly ratio: string;
  readonly portion: string;
}

const SEGMENT = /^(\d+):([\d.]+)-([\d.]*)@([\d.]+)=([\d.]+)$/;

/** The critical step's `segments` value: "index:lower-upper@ratio=portion" joined by ";". */
export const segmentParts = (text: string | undefined): SegmentPart[] =>
  (text ?? '')
    .split(';')
    .map((part) => SEGMENT.exec(part))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ index: Number(match[1]), lower: match[2]!, upper: match[3] === '' ? null : match[3]!, ratio: match[4]!, portion: match[5]! }));

export interface Evaluation {
  readonly category: string;
  readonly critical: string;
  readonly assistance: string;
  readonly reassistance: string;
  readonly total: string;
}

/** The category-choice step's per-category values: "critical assistance reassistance". */
export const evaluationsOf = (values: Readonly<Record<string, string>>): Evaluation[] =>
  Object.entries(values)
    .filter(([name, text]) => /^[A-Z_]+$/.test(name) && /^[\d.]+ [\d.]+ [\d.]+$/.test(text))
    .map(([category, text]) => {
      const [critical, assistance, reassistance] = text.split(' ') as [string, string, string];
      const total = new D(critical).plus(assistance).plus(reassistance).toFixed(2);
      return { category, critical, assistance, reassistance, total };
    });

export const payoutsTotal = (payouts: Payouts): string =>
  new D(payouts.basic).plus(payouts.critical).plus(payouts.assistance).plus(payouts.reassistance).toFixed(2);

/** An exact amount shown to the fen ("71428.571428…" → "71428.57"); the recorded value keeps every digit. */
export const toFen = (exact: string): string => (/^-?\d+(\.\d+)?$/.test(exact) ? new D(exact).toFixed(2) : exact);

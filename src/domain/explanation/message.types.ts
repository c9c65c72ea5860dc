import type { PolicyPack } from '../policy/policy-pack';
import type { ExplanationSource } from './explanation.types';

/**
 * What a message template reads: the step's values by name (raw, as amounts, as ratios), the
 * vocabulary of its language, and the source the step belongs to (costs, amounts, accumulators).
 */
export interface MessageArgs {
  /** The raw value, or "?" when the step did not record it. */
  readonly v: (name: string) => string;
  readonly has: (name: string) => boolean;
  /** An amount with its unit. */
  readonly y: (name: string) => string;
  /** An amount given as text, with its unit. */
  readonly yuan: (amount: string) => string;
  /** A ratio as a percentage. */
  readonly r: (name: string) => string;
  readonly category: (code: string) => string;
  /** A comma-separated list of categories, by their names. */
  readonly categories: (codes: readonly string[]) => string;
  readonly kind: (code: string) => string;
  readonly location: (code: string) => string;
  readonly tier: (code: string) => string;
  readonly figure: (name: string) => string;
  readonly source: ExplanationSource;
  readonly pack: PolicyPack | null;
}

export type Message = (args: MessageArgs) => string;

/** One language: the messages by key, the titles of steps, the labels of figures and the names of codes. */
export interface Catalogue {
  readonly messages: Readonly<Record<string, Message>>;
  /** Title by key prefix ("basic", "limit", …). */
  readonly titles: Readonly<Record<string, string>>;
  /** Label of a figure (a value name). */
  readonly labels: Readonly<Record<string, string>>;
  readonly categories: Readonly<Record<string, string>>;
  readonly kinds: Readonly<Record<string, string>>;
  readonly locations: Readonly<Record<string, string>>;
  readonly tiers: Readonly<Record<string, string>>;
  /** Names of the figures a statistic may define (the engine's labels: "critical-illness threshold", …). */
  readonly figures: Readonly<Record<string, string>>;
  readonly statistics: Readonly<Record<string, string>>;
  readonly unit: (amount: string) => string;
  readonly listSeparator: string;
  readonly none: string;
  readonly provenance: {
    readonly cited: (doc: string, clause: string) => string;
    readonly assumed: (note: string, beside: string | null) => string;
    readonly unsourced: string;
    readonly unknown: (rule: string) => string;
    readonly recorded: (clause: string) => string;
    readonly figures: (labels: string) => string;
  };
  readonly heading: {
    readonly policy: (args: MessageArgs) => string;
    readonly categories: (args: MessageArgs) => string;
    readonly amounts: (args: MessageArgs) => string;
  };
}

import type { PolicyPack } from '../policy/policy-pack';
import { provenanceAt, type RuleProvenance } from '../policy/provenance';
import type { Settlement, TraceStep } from '../policy/settlement.types';
import { figurePath, tierOfStep } from '../policy/trace';
import { percent } from './explanation-format';
import {
  DEFAULT_LANG,
  type ExplanationSource,
  type Lang,
  type RenderedExplanation,
  type RenderedFigure,
  type RenderedProvenance,
  type RenderedStep,
} from './explanation.types';
import type { Catalogue, MessageArgs } from './message.types';
import { EN } from './messages.en';
import { ZH } from './messages.zh';

/**
 * Renders a settlement trace in the reader's language. Pure: the same source, pack and language
 * always give the same text. Every figure carries where it comes from (the clause, or `assumed` with
 * the pack's note), read from the pack by the rule path the engine recorded.
 */

export const CATALOGUES: Readonly<Record<Lang, Catalogue>> = { zh: ZH, en: EN };

const AMOUNT = /^-?\d+\.\d{2}$/;
const RATIO_NAMES = new Set(['ratio', 'assistanceRatio']);
/** Values that are codes or bookkeeping, shown in the text but not as figures of their own. */
const NOT_FIGURES = new Set(['explanation', 'step', 'clause', 'tier', 'capShared', 'priorityUnmatched']);

const argsOf = (catalogue: Catalogue, source: ExplanationSource, pack: PolicyPack | null, values: Readonly<Record<string, string>>): MessageArgs => {
  const category = (code: string): string => {
    const name = catalogue.categories[code];
    if (name === undefined) return code;
    return catalogue === ZH ? name : `${name} (${code})`;
  };
  const yuan = (amount: string): string => (AMOUNT.test(amount) ? catalogue.unit(amount) : amount);
  return {
    v: (name) => values[name] ?? '?',
    has: (name) => values[name] !== undefined,
    y: (name) => (values[name] === undefined ? '?' : yuan(values[name]!)),
    yuan,
    r: (name) => (values[name] === undefined ? '?' : percent(values[name]!)),
    category,
    categories: (codes) => codes.map(category).join(catalogue.listSeparator),
    kind: (code) => catalogue.kinds[code] ?? code,
    location: (code) => catalogue.locations[code] ?? code,
    tier: (code) => catalogue.tiers[code] ?? code,
    figure: (name) => catalogue.figures[name] ?? name,
    source,
    pack,
  };
};

const documentTitle = (pack: PolicyPack | null, doc: string): string | undefined => pack?.documents[doc]?.title;

/** The provenance of a pack rule as the reader sees it. */
export const renderProvenance = (catalogue: Catalogue, pack: PolicyPack | null, rule: string): RenderedProvenance => {
  if (pack === null) return { kind: 'unknown', rule, text: catalogue.provenance.unknown(rule) };
  const found: RuleProvenance = provenanceAt(pack, rule);
  if (found.kind === 'cited') {
    const { doc, clause } = found.source;
    const title = documentTitle(pack, doc);
    return { kind: 'cited', doc, clause, ...(title ? { title } : {}), rule, text: catalogue.provenance.cited(doc, clause) };
  }
  if (found.kind === 'assumed') {
    const beside = found.source ? `${found.source.doc} §${found.source.clause}` : null;
    return {
      kind: 'assumed',
      note: found.note,
      ...(found.source ? { doc: found.source.doc, clause: found.source.clause } : {}),
      rule,
      text: catalogue.provenance.assumed(found.note, beside),
    };
  }
  return { kind: 'unsourced', rule, text: catalogue.provenance.unsourced };
};

const figureText = (catalogue: Catalogue, args: MessageArgs, name: string, value: string): string => {
  if (RATIO_NAMES.has(name)) return percent(value);
  if (value === 'none' && name.startsWith('cap')) return catalogue.none;
  if (catalogue.categories[value] !== undefined) return args.category(value);
  return args.yuan(value);
};

const figuresOf = (catalogue: Catalogue, args: MessageArgs, pack: PolicyPack | null, step: TraceStep): RenderedFigure[] =>
  Object.entries(step.values ?? {})
    .filter(([name]) => !NOT_FIGURES.has(name) && !(step.key === 'legacy' && name === 'explanation'))
    .map(([name, value]) => {
      const rule = figurePath(step, name);
      return {
        name,
        label: catalogue.labels[name] ?? name,
        value,
        text: figureText(catalogue, args, name, value),
        provenance: rule === undefined ? null : renderProvenance(catalogue, pack, rule),
      };
    });

const titleOf = (catalogue: Catalogue, step: TraceStep): string => {
  const head = step.key.split('.')[0]!;
  if (step.key === 'legacy') return `${catalogue.titles.legacy} · ${catalogue.titles[step.values?.step ?? ''] ?? step.values?.step ?? ''}`;
  return catalogue.titles[head] ?? head;
};

const textOf = (catalogue: Catalogue, args: MessageArgs, step: TraceStep): string => {
  if (step.key === 'legacy') return step.values?.explanation ?? '';
  const message = catalogue.messages[step.key];
  if (message) return message(args);
  // A key this catalogue does not know still shows, with its numbers: a new step must not disappear.
  const values = Object.entries(step.values ?? {}).map(([name, value]) => `${name} = ${value}`);
  return `[${step.key}] ${values.join('; ')}`.trim();
};

const renderStep = (catalogue: Catalogue, source: ExplanationSource, pack: PolicyPack | null, step: TraceStep, index: number): RenderedStep => {
  const args = argsOf(catalogue, source, pack, step.values ?? {});
  const legacyClause = step.key === 'legacy' ? step.values?.clause : undefined;
  const provenance: RenderedProvenance | null =
    legacyClause !== undefined
      ? { kind: 'recorded', text: catalogue.provenance.recorded(legacyClause) }
      : step.rule === undefined
        ? null
        : renderProvenance(catalogue, pack, step.rule);
  return {
    index: index + 1,
    key: step.key,
    tier: tierOfStep(step),
    title: titleOf(catalogue, step),
    text: textOf(catalogue, args, step),
    provenance,
    figures: figuresOf(catalogue, args, pack, step),
  };
};

/** The explanation of a settlement (or of a `ClaimSettled` / `ClaimReassessed` event's data) in `lang`. */
export const renderExplanation = (source: ExplanationSource, pack: PolicyPack | null, lang: Lang = DEFAULT_LANG): RenderedExplanation => {
  const catalogue = CATALOGUES[lang];
  const args = argsOf(catalogue, source, pack, {});
  return {
    lang,
    heading: [catalogue.heading.policy(args), catalogue.heading.categories(args), catalogue.heading.amounts(args)],
    steps: source.trace.map((step, index) => renderStep(catalogue, source, pack, step, index)),
  };
};

/** Where a step's figures come from other rules than the step's own: one line per distinct provenance. */
const figureProvenanceLines = (catalogue: Catalogue, step: RenderedStep): string[] => {
  const byText = new Map<string, string[]>();
  for (const figure of step.figures) {
    if (figure.provenance === null || figure.provenance.text === step.provenance?.text) continue;
    byText.set(figure.provenance.text, [...(byText.get(figure.provenance.text) ?? []), figure.label]);
  }
  return [...byText].map(([text, labels]) => `   ${catalogue.provenance.figures(labels.join(catalogue.listSeparator))}${text}`);
};

/** Numbered lines: the heading, then every step with its provenance and the provenance of figures from other rules. */
export const formatExplanation = (explanation: RenderedExplanation): string => {
  const catalogue = CATALOGUES[explanation.lang];
  const lines = [...explanation.heading];
  for (const step of explanation.steps) {
    lines.push(`${step.index}. [${step.title}] ${step.text}`);
    if (step.provenance) lines.push(`   ${step.provenance.text}`);
    lines.push(...figureProvenanceLines(catalogue, step));
  }
  return lines.join('\n');
};

/** A settlement's explanation as text, in `lang` (English by default here, for logs and tests). */
export const formatTrace = (settlement: Settlement, pack: PolicyPack | null, lang: Lang = 'en'): string =>
  formatExplanation(renderExplanation(settlement, pack, lang));

import type { PolicyPack } from './policy-pack';
import { listInheritingObjects, listRuleObjects } from './pack-rules.provenance';

/**
 * Every figure of a pack marked `assumed: true`, with its note, grouped by note: what
 * `docs/policy-packs.md` lists per region, so that the list cannot drift from the packs (a test compares
 * them). A rule object and its rows or segments are listed separately when each is marked.
 */

export interface AssumedFigure {
  /** Paths in the pack that share the note, in pack order. */
  readonly paths: readonly string[];
  readonly note: string;
}

/** One line per note, whitespace folded, so that YAML folding does not change the list. */
const foldedNote = (note: string | undefined): string => (note ?? '').replace(/\s+/g, ' ').trim();

export const listAssumedFigures = (pack: PolicyPack): AssumedFigure[] => {
  const byNote = new Map<string, string[]>();
  for (const { path, value } of [...listRuleObjects(pack), ...listInheritingObjects(pack)]) {
    if (value.assumed !== true) continue;
    const note = foldedNote(value.note);
    byNote.set(note, [...(byNote.get(note) ?? []), path]);
  }
  return [...byNote].map(([note, paths]) => ({ paths, note }));
};

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The markdown section of one revision: a heading and a two-column table. */
export const assumedFiguresMarkdown = (pack: PolicyPack): string => {
  const rows = listAssumedFigures(pack).map(({ paths, note }) => `| ${cell(paths.map((path) => `\`${path}\``).join(', '))} | ${cell(note)} |`);
  return [`### ${pack.regionName} — \`${pack.region}\` revision ${pack.revision}`, '', '| assumed (pack path) | note: what the seed says and why this value |', '|---|---|', ...rows].join('\n');
};

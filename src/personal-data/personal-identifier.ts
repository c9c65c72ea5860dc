/**
 * Recognises personal identifiers in text that must never hold one: ids, free text and recorded
 * headers end up in immutable events, read models, URLs and logs, where a 身份证号 or a phone number
 * could never be erased again. Pure: no IO, no framework, so the HTTP edge, the scenario runner, the
 * CLI and the console's searches (console/src/model/search-input.ts, whose stricter compiler settings
 * this file meets too) refuse the same inputs with the same words.
 */

import { detectorText, writtenSpan } from './identifier-text';
import { isLegacyNationalId, isNationalId } from './national-id-number';

export { checkCharacter, isLegacyNationalId, isNationalId } from './national-id-number';

export type PersonalIdentifierKind = 'national-id' | 'legacy-national-id' | 'mobile-number';

/** One identifier found in a value: its kind, never the matched text (a refusal must not echo it). */
export interface PersonalIdentifierFinding {
  readonly kind: PersonalIdentifierKind;
}

/** A field holding a personal identifier, named by its path ("source.document", "header Idempotency-Key"). */
export interface PersonalIdentifierViolation {
  readonly field: string;
  readonly kind: PersonalIdentifierKind;
}

/** Depth and breadth bounds of the walk over a JSON body: deeper or wider input is refused elsewhere. */
export const SCAN_DEPTH_MAX = 32;
export const SCAN_VALUES_MAX = 10_000;

/** Where such data belongs, for every refusal message. */
export const PERSONAL_DATA_HOME = 'personal data belongs in PUT /persons/{personId}/personal-data (looked up with POST /persons/lookup), never in ids, free text or headers';

// Candidates are digit runs of the right length: a longer run of digits is some other number (a bank
// card has 16 to 19 digits), so an 18th digit must end the run. A check character X ends it by
// itself, and a letter after either ("…1239x", "…002Xx") is no digit, so the ID is still taken.
const NATIONAL_ID_CANDIDATE = /(?<!\d)(\d{17}(?:\d(?!\d)|[Xx]))/g;
const LEGACY_ID_CANDIDATE = /(?<!\d)(\d{15})(?!\d)/g;
// The same numbers as printed on the card and as people copy them: 6-8-4 (15 digits: 6-6-3) groups
// separated by one kind of separator, a single space, hyphen or dot. The groups joined must pass the
// same province, birth-date and check-digit validation as an ungrouped number, which keeps dates,
// document numbers and serials from being taken for one.
const GROUPED_ID_CANDIDATE = /(?<!\d)(\d{6})([ .-])(\d{8})\2(\d{3}(?:\d(?!\d)|[Xx]))/g;
const GROUPED_LEGACY_ID_CANDIDATE = /(?<!\d)(\d{6})([ .-])(\d{6})\2(\d{3})(?!\d)/g;
const GROUPED_ID_START = /\d{6}[ .-]\d{6}/;
// 11 digits starting 13–19, optionally with +86 / 86 in front; or grouped 3-4-4 by one kind of
// separator (space, hyphen, dot), then only as a word of its own, so a UUID's hyphenated groups are
// not taken for one.
const MOBILE_CANDIDATE = /(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)/g;
const GROUPED_MOBILE_CANDIDATE = /(?<![0-9A-Za-z])(?:\+?86[ .-])?1[3-9]\d([ .-])\d{4}\1\d{4}(?![0-9A-Za-z])/g;
/** The length of the shortest text any candidate pattern above can match: 11 digits of a mobile number. */
const SHORTEST_CANDIDATE_LENGTH = 11;
/**
 * Words that look generated: a canonical UUID, or a hex string of exactly a length the ledger and
 * its clients generate (16: token and key ids; 32: an MD5 or a UUID without hyphens; 40: SHA-1;
 * 64: SHA-256; 128: SHA-512), standing as a word of its own. Inside one, and only there, a run of
 * 11 digits that looks like a mobile number is taken for chance: it turns up in about one random
 * SHA-256 digest in 310, one 16-character id in 1,900 and one UUID in 3,400, and refusing those
 * would refuse honest idempotency keys and token ids.
 *
 * An ID number is never taken for chance, because a value of this shape is exactly where one can
 * hide ("aaaa…371729198506151239" once passed as a "digest"). Its digits must also carry a province,
 * a birth date and, for 18, a check digit: random hex holds a valid 18-character one about once in
 * thirty million SHA-256 digests, and a valid 15-digit one about once in 15,000 (one 32-character
 * string in 23,000, none in a UUID, whose groups are too short). That rare refusal names the field,
 * so a client can pick another key; the ledger's own generated values are UUIDs, or re-drawn (token
 * ids). An exact length matters: an ID or a phone number appended to a digest makes a word of no
 * generated length, scanned in full.
 */
const GENERATED_WORD =
  /(?<![0-9A-Za-z])(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16}|[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})(?![0-9A-Za-z])/gi;
/** Where an identifier sits in a text: what `redactPersonalIdentifiers` replaces. */
interface IdentifierSpan {
  readonly kind: PersonalIdentifierKind;
  readonly start: number;
  readonly end: number;
}

/**
 * Every identifier in `written`, pattern by pattern (so in no particular order, and two spans may
 * overlap), found in the text as a reader takes it (`detectorText`: format characters out, every
 * decimal digit in ASCII) and, after a right-to-left control, read backwards too; the spans are
 * positions in `written`.
 */
const identifierSpans = (written: string): IdentifierSpan[] => {
  // Every candidate is at least 11 characters long (a mobile number's digits), and normalising never
  // lengthens a text, so shorter text holds none: most ids, dates and numbers are answered here.
  if (written.length < SHORTEST_CANDIDATE_LENGTH) return [];
  const view = detectorText(written);
  const toWritten = ({ kind, start, end }: IdentifierSpan): IdentifierSpan => ({ kind, ...writtenSpan(view, start, end) });
  const spans = spansIn(view.text).map(toWritten);
  if (!view.rightToLeft) return spans;
  // An override displays what follows in reverse ("\u202E X2000132191…" reads as the number): the text
  // is read backwards as a whole, and each span found there is mirrored back to its place.
  const length = view.text.length;
  const backwards = [...view.text].reverse().join('');
  for (const span of spansIn(backwards)) spans.push(toWritten({ kind: span.kind, start: length - span.end, end: length - span.start }));
  return spans;
};

/** Every identifier in text already normalised, with its positions in that text. */
const spansIn = (text: string): IdentifierSpan[] => {
  const spans: IdentifierSpan[] = [];
  const spanOf = (kind: PersonalIdentifierKind, match: RegExpMatchArray): IdentifierSpan => ({ kind, start: match.index ?? 0, end: (match.index ?? 0) + match[0].length });
  for (const match of text.matchAll(NATIONAL_ID_CANDIDATE)) if (isNationalId(match[1] as string)) spans.push(spanOf('national-id', match));
  for (const match of text.matchAll(LEGACY_ID_CANDIDATE)) if (isLegacyNationalId(match[1] as string)) spans.push(spanOf('legacy-national-id', match));
  // Both grouped forms start with six digits, a separator and six more: one test spares most text two scans.
  if (GROUPED_ID_START.test(text)) {
    for (const match of text.matchAll(GROUPED_ID_CANDIDATE)) if (isNationalId(`${match[1]}${match[3]}${match[4]}`)) spans.push(spanOf('national-id', match));
    for (const match of text.matchAll(GROUPED_LEGACY_ID_CANDIDATE)) if (isLegacyNationalId(`${match[1]}${match[3]}${match[4]}`)) spans.push(spanOf('legacy-national-id', match));
  }
  const mobiles = [...text.matchAll(MOBILE_CANDIDATE)].map((match) => spanOf('mobile-number', match));
  const generated = mobiles.length === 0 ? [] : generatedWords(text);
  spans.push(...mobiles.filter((mobile) => !generated.some((word) => word.start <= mobile.start && mobile.end <= word.end)));
  for (const match of text.matchAll(GROUPED_MOBILE_CANDIDATE)) spans.push(spanOf('mobile-number', match));
  return spans;
};

/** Where the words that look generated (`GENERATED_WORD`) sit in `text`. */
const generatedWords = (text: string): Array<{ readonly start: number; readonly end: number }> =>
  [...text.matchAll(GENERATED_WORD)].map((match) => ({ start: match.index ?? 0, end: (match.index ?? 0) + match[0].length }));

/**
 * The personal identifiers inside a piece of text (an id, a document reference, a header value),
 * as written and with its percent-escapes decoded: "%33%37%31…" is the same number to whoever
 * reads the event or the log it lands in.
 */
export const findPersonalIdentifiers = (text: string): PersonalIdentifierFinding[] => {
  const decoded = decodePercentEscapes(text);
  const spans = decoded === text ? identifierSpans(text) : [...identifierSpans(text), ...identifierSpans(decoded)];
  return spans.map(({ kind }) => ({ kind }));
};

/** What stands in a log for an identifier taken out. */
export const REDACTED_IDENTIFIER = '[personal identifier]';

/**
 * `text` with every personal identifier replaced by `REDACTED_IDENTIFIER`: for text that is written
 * whatever it holds, as a request's URL in the request log (the request is refused, but its line is
 * still written). The same patterns as `findPersonalIdentifiers`, so what is refused is what is hidden;
 * the text is taken as written, so a caller whose text may be percent-escaped decodes it first, as
 * `redactUrl` does.
 */
export const redactPersonalIdentifiers = (text: string): string => {
  let redacted = text;
  // Taking one identifier out can let a neighbour match (an ID directly followed by a phone number is
  // no ID until the phone is gone), so it repeats until nothing is found; past the bound, all is hidden.
  for (let pass = 0; pass < REDACTION_PASSES_MAX; pass += 1) {
    const spans = identifierSpans(redacted);
    if (spans.length === 0) return redacted;
    redacted = withSpansReplaced(redacted, spans);
  }
  return identifierSpans(redacted).length === 0 ? redacted : REDACTED_IDENTIFIER;
};

/**
 * A URL as any log writes it: percent-escapes decoded (so an escaped identifier is found too; a "+"
 * of the query read as the space it stands for there, as the query parser reads it), personal
 * identifiers replaced.
 */
export const redactUrl = (url: string): string => {
  const queryStart = url.indexOf('?');
  const decoded =
    queryStart < 0 ? decodePercentEscapes(url) : `${decodePercentEscapes(url.slice(0, queryStart))}?${decodePercentEscapes(url.slice(queryStart + 1).replace(/\+/g, ' '))}`;
  return redactPersonalIdentifiers(decoded);
};

/**
 * `text` with every valid percent-escape decoded, again while decoding changes it (a bounded number
 * of times, so "%2533" is "3" as a second decoder would make it). Escapes are decoded run by run,
 * never all or nothing: one stray "%FF" or "%G1" must not leave the rest of a URL as written, and
 * bytes that are no UTF-8 become U+FFFD.
 */
export const decodePercentEscapes = (text: string): string => {
  let decoded = text;
  for (let pass = 0; pass < DECODING_PASSES_MAX && decoded.includes('%'); pass += 1) {
    const next = decoded.replace(ESCAPE_RUN, decodeEscapeRun);
    if (next === decoded) break;
    decoded = next;
  }
  return decoded;
};

const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;
/**
 * Escaping nested deeper than this is not decoded further. Clients escape a value once, a proxy or a
 * form sometimes twice; hiding a number on purpose (base64, escaping five times) is beyond any
 * detector, and an unbounded loop would let one huge body of "%2525…" cost quadratic time.
 */
const DECODING_PASSES_MAX = 4;
const UTF8 = new TextDecoder('utf-8');
const decodeEscapeRun = (run: string): string => UTF8.decode(Uint8Array.from(run.slice(1).split('%'), (pair) => parseInt(pair, 16)));

/** Passes of `redactPersonalIdentifiers`; each takes out at least one identifier, and real text needs one or two. */
const REDACTION_PASSES_MAX = 8;

const withSpansReplaced = (text: string, spans: readonly IdentifierSpan[]): string => {
  let replaced = '';
  let from = 0;
  for (const { start, end } of [...spans].sort((a, b) => a.start - b.start)) {
    if (end <= from) continue;
    replaced += start >= from ? text.slice(from, start) + REDACTED_IDENTIFIER : '';
    from = end;
  }
  return replaced + text.slice(from);
};

/**
 * Walks a JSON value (a request body, a scenario step) and names every string field holding a
 * personal identifier, by its path ("claims.0.comment"). Keys are checked too: a key is as
 * recorded as a value. Bounded by `SCAN_DEPTH_MAX` and `SCAN_VALUES_MAX`; past the bound the
 * remainder is treated as a violation, so a huge body cannot smuggle an identifier past the scan.
 */
export const personalIdentifiersIn = (value: unknown, path = ''): PersonalIdentifierViolation[] => {
  const violations: PersonalIdentifierViolation[] = [];
  let visited = 0;
  const visit = (node: unknown, where: string, depth: number): void => {
    if (++visited > SCAN_VALUES_MAX || depth > SCAN_DEPTH_MAX) throw new ScanBoundExceeded(where);
    if (typeof node === 'string') {
      for (const finding of findPersonalIdentifiers(node)) violations.push({ field: where || '(value)', kind: finding.kind });
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const entries: Array<[string, unknown]> = Array.isArray(node) ? node.map((item, index) => [String(index), item]) : Object.entries(node);
    for (const [key, child] of entries) {
      const childPath = where === '' ? key : `${where}.${key}`;
      // A key is named by where it sits, never by itself: the refusal must not echo the identifier.
      for (const finding of findPersonalIdentifiers(key)) violations.push({ field: `a key of ${where === '' ? 'the body' : where}`, kind: finding.kind });
      visit(child, childPath, depth + 1);
    }
  };
  visit(value, path, 0);
  return dedupe(violations);
};

/** Thrown when a value is too deep or too wide to scan completely; callers refuse the input. */
export class ScanBoundExceeded extends Error {
  override readonly name = 'ScanBoundExceeded';
  constructor(readonly field: string) {
    super(`${field || 'the input'}: too deeply nested or too large to check for personal identifiers (at most ${SCAN_DEPTH_MAX} levels, ${SCAN_VALUES_MAX} values)`);
  }
}

const KIND_WORDS: Readonly<Record<PersonalIdentifierKind, string>> = {
  'national-id': 'a 身份证号 (resident ID number)',
  'legacy-national-id': 'a 15-digit first-generation 身份证号',
  'mobile-number': 'a mobile phone number',
};

/** What an identifier of `kind` is, in the words of every refusal ("a mobile phone number"). */
export const describeIdentifierKind = (kind: PersonalIdentifierKind): string => KIND_WORDS[kind];

/** One line per violation, naming the field and the rule, never the value. */
export const describeViolation = ({ field, kind }: PersonalIdentifierViolation): string =>
  `${field}: must not contain ${KIND_WORDS[kind]}; ${PERSONAL_DATA_HOME}`;

const dedupe = (violations: PersonalIdentifierViolation[]): PersonalIdentifierViolation[] => {
  const seen = new Set<string>();
  return violations.filter((violation) => {
    const key = `${violation.field}\u0000${violation.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

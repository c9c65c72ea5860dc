/**
 * Recognises personal identifiers in text that must never hold one: ids, free text and recorded
 * headers end up in immutable events, read models, URLs and logs, where a 身份证号 or a phone number
 * could never be erased again. Pure: no IO, no framework, so the HTTP edge, the scenario runner and
 * the CLI refuse the same inputs with the same words.
 */

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

/** GB 11643-1999 weights of the first 17 digits and the check character for each remainder mod 11. */
const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/**
 * Province codes (GB/T 2260 first two digits, plus 71/81/82 and 83 for residence permits of
 * Taiwan, Hong Kong and Macao residents). Requiring one keeps an arbitrary 18-digit claim number
 * with a lucky check digit from being taken for an ID.
 */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

// Candidates are digit runs of exactly the right length: a longer run of digits is some other number.
const NATIONAL_ID_CANDIDATE = /(?<!\d)(\d{17}[\dXx])(?![\dXx])/g;
const LEGACY_ID_CANDIDATE = /(?<!\d)(\d{15})(?!\d)/g;
// 11 digits starting 13–19, optionally with +86 / 86 in front; or grouped 3-4-4 by one kind of
// separator, then only as a word of its own, so a UUID's hyphenated groups are not taken for one.
const MOBILE_CANDIDATE = /(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)/g;
const GROUPED_MOBILE_CANDIDATE = /(?<![0-9A-Za-z])(?:\+?86[ -])?1[3-9]\d([ -])\d{4}\1\d{4}(?![0-9A-Za-z])/g;
/** The length of the shortest text any candidate pattern above can match: 11 digits of a mobile number. */
const SHORTEST_CANDIDATE_LENGTH = 11;
/**
 * Generated values (UUIDs, hex digests) are random, never typed from a person's papers, and a
 * digit run inside one would otherwise refuse about one random idempotency key in a few thousand.
 */
const GENERATED_VALUE = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32,128})$/i;

/** True when `text` is an 18-character 身份证号 with a province, a real birth date and a valid check digit. */
export const isNationalId = (text: string): boolean => {
  if (!/^\d{17}[\dXx]$/.test(text)) return false;
  if (!PROVINCES.has(Number(text.slice(0, 2)))) return false;
  if (!isBirthDate(text.slice(6, 14))) return false;
  return checkCharacter(text.slice(0, 17)) === text[17].toUpperCase();
};

/** True when `text` is a 15-digit first-generation 身份证号 (birth date written YYMMDD of 19YY, no check digit). */
export const isLegacyNationalId = (text: string): boolean =>
  /^\d{15}$/.test(text) && PROVINCES.has(Number(text.slice(0, 2))) && isBirthDate(`19${text.slice(6, 12)}`);

/** The GB 11643 check character of 17 digits: Σ digit × weight mod 11, mapped through "10X98765432". */
export const checkCharacter = (seventeenDigits: string): string => {
  let sum = 0;
  for (let index = 0; index < CHECK_WEIGHTS.length; index++) sum += Number(seventeenDigits[index]) * CHECK_WEIGHTS[index];
  return CHECK_CHARACTERS[sum % 11];
};

const isBirthDate = (yyyymmdd: string): boolean => {
  const [year, month, day] = [Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)), Number(yyyymmdd.slice(6, 8))];
  if (year < 1880 || year > 2099) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/** Where an identifier sits in a text: what `redactPersonalIdentifiers` replaces. */
interface IdentifierSpan {
  readonly kind: PersonalIdentifierKind;
  readonly start: number;
  readonly end: number;
}

/** Every identifier in `text`, pattern by pattern (so in no particular order, and two spans may overlap). */
const identifierSpans = (text: string): IdentifierSpan[] => {
  const spans: IdentifierSpan[] = [];
  // Every candidate above is at least 11 characters long (a mobile number's digits), so shorter text
  // holds none: most ids, dates and numbers a request carries are answered without a regex.
  if (text.length < SHORTEST_CANDIDATE_LENGTH || GENERATED_VALUE.test(text)) return spans;
  const spanOf = (kind: PersonalIdentifierKind, match: RegExpMatchArray): IdentifierSpan => ({ kind, start: match.index ?? 0, end: (match.index ?? 0) + match[0].length });
  for (const match of text.matchAll(NATIONAL_ID_CANDIDATE)) if (isNationalId(match[1] as string)) spans.push(spanOf('national-id', match));
  for (const match of text.matchAll(LEGACY_ID_CANDIDATE)) if (isLegacyNationalId(match[1] as string)) spans.push(spanOf('legacy-national-id', match));
  for (const match of text.matchAll(MOBILE_CANDIDATE)) spans.push(spanOf('mobile-number', match));
  for (const match of text.matchAll(GROUPED_MOBILE_CANDIDATE)) spans.push(spanOf('mobile-number', match));
  return spans;
};

/** The personal identifiers inside a piece of text (an id, a document reference, a header value). */
export const findPersonalIdentifiers = (text: string): PersonalIdentifierFinding[] => identifierSpans(text).map(({ kind }) => ({ kind }));

/** What stands in a log for an identifier taken out. */
export const REDACTED_IDENTIFIER = '[personal identifier]';

/**
 * `text` with every personal identifier replaced by `REDACTED_IDENTIFIER`: for text that is written
 * whatever it holds, as a request's URL in the request log (the request is refused, but its line is
 * still written). The same patterns as `findPersonalIdentifiers`, so what is refused is what is hidden.
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

/** A URL as any log writes it: percent-escapes decoded (so an escaped identifier is found too), personal identifiers replaced. */
export const redactUrl = (url: string): string => redactPersonalIdentifiers(decodedOrAsWritten(url));

/** The URL with its percent-escapes decoded; as written when they are not valid escaping. */
const decodedOrAsWritten = (url: string): string => {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
};

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

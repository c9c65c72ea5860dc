/**
 * The characters no text the ledger records may hold, whichever edge it came through: a JSON body,
 * a roster or claims file, a scenario. Events are immutable and read by auditors, so a character that
 * hides itself, reorders what is displayed or breaks a strict parser downstream must be refused when
 * it arrives, never cleaned up later. A leaf with no imports, so the HTTP edge (src/api) and the
 * importers (src/operations) apply the same rule in the same words.
 */

/**
 * C0 controls other than TAB, LF and CR, DEL, and the C1 controls (NEL U+0085 among them). Tabs and
 * line breaks are kept because free-text reasons and document references may carry them.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Bidirectional controls: embeddings and overrides (U+202A–202E), isolates (U+2066–2069) and the
 * marks (LRM U+200E, RLM U+200F, ALM U+061C). "名册\u202Egpj.exe" is displayed as "名册exe.jpg": in an
 * audit trail the text shown would not be the text recorded.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
/** LINE SEPARATOR and PARAGRAPH SEPARATOR: line breaks that JavaScript source and many log readers break on. */
const LINE_SEPARATOR = /[\u2028\u2029]/;
/**
 * Unicode non-characters: U+FDD0–FDEF and the last two code points of every plane (U+FFFE, U+FFFF,
 * U+1FFFE …). They are reserved for a program's internal use and never interchanged as text.
 */
const NON_CHARACTER = /[\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/;
/**
 * Every other format character (general category Cf): zero-width space, joiners and non-joiners,
 * the word joiner, soft hyphen, BOM, invisible operators, tag characters. They are invisible, so two
 * document references that look the same could differ, and an identifier split by one reads whole.
 * All are refused, ZWJ U+200D included although emoji sequences use it: what the ledger records as
 * text is document references, reasons and ids, written in Chinese for Chinese offices, not chat.
 * Should a script that needs one inside words (U+180E in Mongolian, ZWNJ in Uyghur) have to be
 * recorded, that character is the one to exempt here.
 */
const FORMAT_CHARACTER = /\p{Cf}/u;

/** Planes 1 to 16, whose last two code points are non-characters as U+FFFE and U+FFFF are. */
const SUPPLEMENTARY_PLANES = Array.from({ length: 16 }, (_, index) => index + 1);
/**
 * Any character some rule below refuses, in one pattern: every string of every request body is
 * checked, and nearly all are clean, so one scan answers them; only a hit pays for naming the rule.
 */
const ANY_REFUSED = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uD800-\\uDFFF\\u2028\\u2029\\uFDD0-\\uFDEF\\p{Cf}${SUPPLEMENTARY_PLANES.map((plane) => `\\u{${plane.toString(16)}FFFE}\\u{${plane.toString(16)}FFFF}`).join('')}\\uFFFE\\uFFFF]`,
  'u',
);

/** The rule a string breaks, or null when it is clean. Checked in this order, so one string gets one reason. */
export const textProblem = (text: string): string | null => {
  if (!ANY_REFUSED.test(text)) return null;
  if (LONE_SURROGATE.test(text)) return 'must not contain a lone surrogate (invalid UTF-16)';
  if (CONTROL_CHARACTER.test(text)) return 'must not contain control characters (only tab, line feed and carriage return are allowed)';
  if (BIDI_CONTROL.test(text)) return 'must not contain bidirectional controls (U+202A–202E, U+2066–2069, U+200E, U+200F, U+061C): they reorder what is displayed';
  if (LINE_SEPARATOR.test(text)) return 'must not contain line or paragraph separators (U+2028, U+2029); use a line feed';
  if (NON_CHARACTER.test(text)) return 'must not contain Unicode non-characters (U+FDD0–FDEF, U+FFFE, U+FFFF of any plane)';
  if (FORMAT_CHARACTER.test(text)) return 'must not contain invisible format characters (zero-width spaces and joiners, soft hyphen, BOM: Unicode category Cf)';
  return null;
};

/** True when `text` holds nothing but white space (an empty string included): no document reference, no reason. */
export const isBlank = (text: string): boolean => text.trim() === '';

/**
 * Text as the personal-identifier detector reads it: the same number to a person reading it is the
 * same number to the detector. Invisible format characters are taken out (a zero-width space inside
 * an ID number hides nothing from a reader), every Unicode decimal digit becomes its ASCII digit
 * (full-width, Arabic-Indic, Devanagari, mathematical digits …), and full-width X, "+", "-" and the
 * ideographic space become ASCII. Each unit of the result remembers where it came from in the text
 * as written, so a span found in the result can be redacted in the original.
 */

export interface DetectorText {
  /** The normalised text, digits in ASCII and format characters gone. */
  readonly text: string;
  /**
   * For each unit of `text`, the index in the text as written where it came from, plus one entry
   * for the end (the written length); null when `text` is the written text itself.
   */
  readonly origin: readonly number[] | null;
  /**
   * True when the written text held a right-to-left override, embedding, isolate or mark: what
   * follows may be displayed in reverse, so the detector reads `text` backwards as well.
   */
  readonly rightToLeft: boolean;
}

// Text holding no character the walk below would change (format characters, decimal digits other than
// ASCII, the full-width forms) is its own normalised form: most ids, dates, amounts and Chinese free
// text a request carries leave with one or two regex tests (the first, without Unicode properties, is
// the faster on ASCII), without a walk over their characters.
const NON_ASCII = /[^\x00-\x7f]/;
const TO_MAP = /(?![0-9])[\p{Nd}\p{Cf}\uFF38\uFF58\uFF0B\uFF0D\u3000]/u;
const FORMAT_CHARACTER = /^\p{Cf}$/u;
const DECIMAL_DIGIT = /^\p{Nd}$/u;
const RIGHT_TO_LEFT = new Set([0x202b, 0x202e, 0x2067, 0x200f, 0x061c]);
/** Full-width X, x, "+" and "-" map to ASCII by this offset; the ideographic space maps to a space. */
const FULL_WIDTH_ASCII = new Set([0xff38, 0xff58, 0xff0b, 0xff0d]);
const FULL_WIDTH_OFFSET = 0xfee0;
const IDEOGRAPHIC_SPACE = 0x3000;

/**
 * Unicode places the decimal digits of every script in runs of ten, 0 to 9, and adjacent runs start
 * at their own zero (the five mathematical runs from U+1D7CE), so a digit's value is its distance
 * from the start of its contiguous run of digits, modulo ten. The longest run (U+1D7CE–1D7FF) is 50
 * code points, which bounds the walk back.
 */
const DIGIT_RUN_MAX = 64;
const digitValues = new Map<number, string>();
const asciiDigit = (codePoint: number): string => {
  const known = digitValues.get(codePoint);
  if (known !== undefined) return known;
  let start = codePoint;
  for (let step = 0; step < DIGIT_RUN_MAX && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1)); step += 1) start -= 1;
  const digit = String((codePoint - start) % 10);
  digitValues.set(codePoint, digit);
  return digit;
};

/** `written` as the detector reads it; see `DetectorText`. */
export const detectorText = (written: string): DetectorText => {
  if (!NON_ASCII.test(written) || !TO_MAP.test(written)) return { text: written, origin: null, rightToLeft: false };
  let text = '';
  const origin: number[] = [];
  let rightToLeft = false;
  // One code point per turn, so the loop ends within `written.length` turns.
  for (let index = 0; index < written.length; ) {
    const codePoint = written.codePointAt(index) as number;
    const character = String.fromCodePoint(codePoint);
    const mapped = mappedCharacter(codePoint, character);
    if (RIGHT_TO_LEFT.has(codePoint)) rightToLeft = true;
    for (let unit = 0; unit < mapped.length; unit += 1) origin.push(index);
    text += mapped;
    index += character.length;
  }
  origin.push(written.length);
  return { text, origin, rightToLeft };
};

/** What one written character becomes: '' for a format character, an ASCII digit for any decimal digit. */
const mappedCharacter = (codePoint: number, character: string): string => {
  if (codePoint < 0x80) return character;
  if (FULL_WIDTH_ASCII.has(codePoint)) return String.fromCharCode(codePoint - FULL_WIDTH_OFFSET);
  if (codePoint === IDEOGRAPHIC_SPACE) return ' ';
  if (DECIMAL_DIGIT.test(character)) return asciiDigit(codePoint);
  if (FORMAT_CHARACTER.test(character)) return '';
  return character;
};

/** Where a span [start, end) of the detector's text lies in the text as written. */
export const writtenSpan = (view: DetectorText, start: number, end: number): { readonly start: number; readonly end: number } =>
  view.origin === null ? { start, end } : { start: view.origin[start] as number, end: view.origin[end] as number };

import { isBlank, textProblem } from '../../src/shared/text-rules';

// One rule for every edge: the JSON body (hostile-input) and the imported files apply textProblem.
describe('textProblem (characters no recorded text may hold)', () => {
  it.each([
    ['NUL', 'doc\u0000nul', 'control characters'],
    ['an ANSI escape', 'esc\u001b[31mred', 'control characters'],
    ['DEL and NEL among tabs', 'a\tb\u007fc\u0085d', 'control characters'],
    ['a lone high surrogate', 'x\ud800', 'lone surrogate'],
    ['RIGHT-TO-LEFT OVERRIDE (名册‮gpj.exe shown reversed)', '名册\u202egpj.exe', 'bidirectional controls'],
    ['LEFT-TO-RIGHT EMBEDDING', 'a\u202ab', 'bidirectional controls'],
    ['LEFT-TO-RIGHT ISOLATE', 'a\u2066b\u2069', 'bidirectional controls'],
    ['RIGHT-TO-LEFT ISOLATE', 'a\u2067b', 'bidirectional controls'],
    ['FIRST STRONG ISOLATE', 'a\u2068b', 'bidirectional controls'],
    ['RIGHT-TO-LEFT MARK', 'a\u200fb', 'bidirectional controls'],
    ['LEFT-TO-RIGHT MARK', 'a\u200eb', 'bidirectional controls'],
    ['ARABIC LETTER MARK', 'a\u061cb', 'bidirectional controls'],
    ['LINE SEPARATOR', 'one\u2028two', 'line or paragraph separators'],
    ['PARAGRAPH SEPARATOR', 'one\u2029two', 'line or paragraph separators'],
    ['U+FFFE', 'a\ufffe', 'non-characters'],
    ['U+FFFF', 'a\uffff', 'non-characters'],
    ['U+FDD0', 'a\ufdd0', 'non-characters'],
    ['U+1FFFE', 'a\u{1fffe}', 'non-characters'],
    ['U+10FFFF', 'a\u{10ffff}', 'non-characters'],
    ['ZERO WIDTH SPACE', '名册 110105\u200b19491231', 'format characters'],
    ['ZERO WIDTH JOINER', 'a\u200db', 'format characters'],
    ['ZERO WIDTH NON-JOINER', 'a\u200cb', 'format characters'],
    ['WORD JOINER', 'a\u2060b', 'format characters'],
    ['SOFT HYPHEN', 'a\u00adb', 'format characters'],
    ['a BOM inside text', 'a\ufeffb', 'format characters'],
    ['a TAG character', 'a\u{e0041}', 'format characters'],
  ])('refuses %s', (_label, text, rule) => expect(textProblem(text)).toContain(rule));

  it.each([
    ['Chinese text with a full-width space', '菏泽市民政局\u3000低保名册 2023-01'],
    ['a document number', '民政发〔2023〕12号'],
    ['tab and line breaks', 'line\r\nbreak\tthere'],
    ['a pair of surrogates (emoji, CJK extension B)', '😀 𠀀'],
    ['Arabic and Tibetan letters', 'مرحبا བོད'],
    ['U+FFFD, the replacement character (refused elsewhere with its own reason)', 'a\ufffdb'],
  ])('accepts %s', (_label, text) => expect(textProblem(text)).toBeNull());
});

describe('isBlank', () => {
  it.each([
    ['', true],
    ['   ', true],
    ['\t\r\n', true],
    ['\u3000\u00a0', true],
    [' a ', false],
    ['名册', false],
  ])('%j → %s', (text, expected) => expect(isBlank(text)).toBe(expected));
});

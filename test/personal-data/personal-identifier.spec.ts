import fc from 'fast-check';
import { createHash, randomUUID } from 'node:crypto';
import {
  checkCharacter,
  decodePercentEscapes,
  describeViolation,
  findPersonalIdentifiers,
  isLegacyNationalId,
  isNationalId,
  personalIdentifiersIn,
  redactPersonalIdentifiers,
  redactUrl,
  REDACTED_IDENTIFIER,
  ScanBoundExceeded,
  SCAN_DEPTH_MAX,
} from '../../src/personal-data/personal-identifier';

// The GB 11643-1999 sample number (北京市朝阳区, born 1949-12-31): its check character is X.
const SAMPLE_ID = '11010519491231002X';
const withCheck = (seventeen: string): string => `${seventeen}${checkCharacter(seventeen)}`;
const HEZE_ID = withCheck('37172919850615123'); // 山东 菏泽, born 1985-06-15
const wrongCheck = (id: string): string => `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
// Digit groups a person would write a mobile number in ("138-0013-8000"): the detector refuses
// those on purpose, so the property about opaque ids must leave them out.
const groupedLikeAPhone = (groups: readonly string[]): boolean =>
  groups.some((group, index) => /^1[3-9]\d$/.test(group) && groups[index + 1]?.length === 4 && groups[index + 2]?.length === 4);

describe('isNationalId (GB 11643: province, birth date, check character)', () => {
  it.each([
    ['the standard sample, X check character', SAMPLE_ID, true],
    ['the sample with a lower-case x', SAMPLE_ID.toLowerCase(), true],
    ['a Heze number with its computed check digit', HEZE_ID, true],
    ['the Heze number with a wrong check digit', wrongCheck(HEZE_ID), false],
    ['17 characters', HEZE_ID.slice(0, 17), false],
    ['an unknown province code 99', withCheck('99172919850615123'), false],
    ['a birth date that does not exist (1985-02-30)', withCheck('37172919850230123'), false],
    ['a birth year before 1880', withCheck('37172918700615123'), false],
    ['letters inside', `3717291985061512A${checkCharacter('37172919850615120')}`, false],
  ])('%s → %s', (_label, text, expected) => expect(isNationalId(text)).toBe(expected));

  it('agrees with the check-digit rule on every 17-digit prefix', () =>
    fc.assert(
      fc.property(fc.stringMatching(/^3717291985061\d{4}$/), (prefix) => {
        const valid = withCheck(prefix);
        expect(isNationalId(valid)).toBe(true);
        expect(isNationalId(wrongCheck(valid))).toBe(false);
      }),
      { numRuns: 200 },
    ));
});

describe('isLegacyNationalId (15 digits, YYMMDD of 19YY, no check digit)', () => {
  it.each([
    ['a 1985 Heze number', '371729850615123', true],
    ['month 13', '371729851315123', false],
    ['unknown province', '991729850615123', false],
    ['16 digits', '3717298506151234', false],
  ])('%s → %s', (_label, text, expected) => expect(isLegacyNationalId(text)).toBe(expected));
});

describe('findPersonalIdentifiers', () => {
  it.each([
    // ids
    ['an ID number as a person id', HEZE_ID, ['national-id']],
    ['an ID number inside an id', `p-${HEZE_ID}`, ['national-id']],
    ['a phone number inside an id', 'p13800138000', ['mobile-number']],
    ['a bare mobile number, the shortest identifier (11 characters)', '13800138000', ['mobile-number']],
    ['a legacy ID as a claim id', 'c-371729850615123', ['legacy-national-id']],
    // free text
    ['name, ID and phone in a document reference', `低保名册 张三 ${SAMPLE_ID} 电话13912345678`, ['national-id', 'mobile-number']],
    ['a phone with +86', '联系 +8613800138000', ['mobile-number']],
    ['a phone grouped 3-4-4 by spaces', '电话 138 0013 8000', ['mobile-number']],
    ['a phone grouped 3-4-4 by hyphens', 'tel 138-0013-8000.', ['mobile-number']],
    // not personal identifiers
    ['an opaque person id', 'p-000123', []],
    ['a claim id with a date', 'hz-2023-0001', []],
    ['a roster reference', '菏泽市民政局 低保名册 2023-01', []],
    ['a document number', '民政发〔2023〕12号', []],
    ['12 digits starting 138 (too long for a phone)', '138001380001', []],
    ['10 digits starting 138 (too short)', '1380013800', []],
    ['a number starting 12 (no mobile prefix)', '12800138000', []],
    ['a 20-digit number containing a valid ID', `00${HEZE_ID}`, []],
    ['an amount', '70000.00', []],
    ['a UUID whose groups look like a grouped phone number', 'abcde138-0013-8000-9abc-def012345678', []],
    ['a UUID whose last group holds 11 digits', '0f0e0d0c-0b0a-4000-8000-a13800138000', []],
    ['a SHA-256 digest', 'a13800138000'.padEnd(64, 'f'), []],
    ['a landline number', '0530-5311234', []],
  ])('%s', (_label, text, kinds) => expect(findPersonalIdentifiers(text).map((finding) => finding.kind)).toEqual(kinds));

  it('never finds anything in opaque ids without 11 consecutive digits or a phone grouped 3-4-4', () =>
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,3}$/), fc.array(fc.stringMatching(/^\d{1,10}$/), { minLength: 1, maxLength: 4 }), (prefix, groups) => {
        fc.pre(!groupedLikeAPhone(groups));
        expect(findPersonalIdentifiers([prefix, ...groups].join('-'))).toEqual([]);
      }),
      { numRuns: 300 },
    ));
});

describe('redactPersonalIdentifiers (text written whatever it holds: a URL in the request log)', () => {
  const R = REDACTED_IDENTIFIER;
  it.each([
    ['an ID in a path', `/persons/${HEZE_ID}/timeline`, `/persons/${R}/timeline`],
    ['a phone in a query and a legacy ID beside it', '/x?phone=13800138000&id=371729850615123', `/x?phone=${R}&id=${R}`],
    ['a phone grouped 3-4-4', 'tel 138-0013-8000.', `tel ${R}.`],
    ['an ID directly followed by a phone: both go, though the ID is one only once the phone is gone', `${SAMPLE_ID}13800138000`, `${R}${R}`],
    ['an opaque id, a date and an amount stay', '/persons/p-000123/years/2023/usage?asAt=2023-06-01', '/persons/p-000123/years/2023/usage?asAt=2023-06-01'],
    ['a UUID stays', '0f0e0d0c-0b0a-4000-8000-a13800138000', '0f0e0d0c-0b0a-4000-8000-a13800138000'],
  ])('%s', (_label, text, expected) => expect(redactPersonalIdentifiers(text)).toBe(expected));

  it('leaves nothing the detector would find, and leaves text without identifiers as it was', () =>
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(HEZE_ID, SAMPLE_ID, '13800138000', '138 0013 8000', '+86', '371729850615123'), fc.stringMatching(/^[0-9a-z/?=&.X -]{0,6}$/)), { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        const redacted = redactPersonalIdentifiers(text);
        expect(findPersonalIdentifiers(redacted)).toEqual([]);
        if (findPersonalIdentifiers(text).length === 0) expect(redacted).toBe(text);
      }),
      { numRuns: 500 },
    ));
});

describe('personalIdentifiersIn (a JSON body)', () => {
  it('names every field by its path, values and keys, and never echoes the value', () => {
    const body = { personId: 'p-1', source: { department: 'CIVIL_AFFAIRS', document: `roster ${SAMPLE_ID}` }, notes: ['ok', 'call 13800138000'], [HEZE_ID]: 'x' };
    const violations = personalIdentifiersIn(body);
    expect(violations).toEqual([
      { field: 'source.document', kind: 'national-id' },
      { field: 'notes.1', kind: 'mobile-number' },
      { field: 'a key of the body', kind: 'national-id' },
    ]);
    expect(describeViolation(violations[0])).toMatch(/^source\.document: must not contain a 身份证号 .*PUT \/persons\/\{personId\}\/personal-data/);
    expect(violations.map(describeViolation).join('\n')).not.toContain(SAMPLE_ID);
    expect(violations.map(describeViolation).join('\n')).not.toContain(HEZE_ID);
  });

  it('prefixes a path when given one', () =>
    expect(personalIdentifiersIn('13800138000', 'header Idempotency-Key')).toEqual([{ field: 'header Idempotency-Key', kind: 'mobile-number' }]));

  it('refuses to scan past its depth bound rather than let the rest through unchecked', () => {
    let nested: unknown = 'x';
    for (let level = 0; level <= SCAN_DEPTH_MAX + 1; level++) nested = { a: nested };
    expect(() => personalIdentifiersIn(nested)).toThrow(ScanBoundExceeded);
  });
});

// Full-width forms, as a Chinese input method types them: U+FF10–FF19 for digits, U+FF38 for X.
const fullWidth = (text: string): string => text.replace(/[0-9X]/g, (character) => String.fromCharCode(character.charCodeAt(0) + 0xfee0));
const escaped = (text: string): string => [...text].map((character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`).join('');
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('findPersonalIdentifiers: values shaped like generated ones', () => {
  it.each([
    ['an ID padded with hex letters to 32 characters (a "digest")', `aaaaaaaaaaaaaa${HEZE_ID}`, ['national-id']],
    ['an ID padded to 64 characters, a SHA-256 shape', `${HEZE_ID}${'ab'.repeat(23)}`, ['national-id']],
    ['an ID in upper-case hex of 40 characters, a SHA-1 shape', `${'ABCDEF'.repeat(3)}A${HEZE_ID}ABC`, ['national-id']],
    ['a legacy ID padded to 32 hex characters', `abcdefabcdefabcde371729850615123`, ['legacy-national-id']],
    ['an ID appended to a UUID without hyphens (50 characters, no generated length)', `0f0e0d0c0b0a40008000a1b2c3d4e5fa${HEZE_ID}`, ['national-id']],
    ['a phone appended to a SHA-1 (51 characters, no generated length)', `${'ab'.repeat(20)}13800138000`, ['mobile-number']],
    ['a phone in a hex word of no generated length (31 characters)', `abcdefabcdefabcdefab13800138000`, ['mobile-number']],
  ])('refuses %s', (_label, text, kinds) => expect(findPersonalIdentifiers(text).map((finding) => finding.kind)).toEqual(kinds));

  it.each([
    ['an event id (a UUID)', randomUUID()],
    ['an upper-case UUID whose last group holds 11 digits', '0F0E0D0C-0B0A-4000-8000-A13800138000'],
    ['a SHA-256 digest holding a mobile-shaped run (chance, not a phone)', `a13800138000${'c'.repeat(52)}`],
    ['a SHA-256 digest in a longer value ("sha256:…")', `sha256:${'f'.repeat(20)}13912345678${'e'.repeat(33)}`],
    ['a 32-character hex key holding a mobile-shaped run', `5c${'13800138000'}7d9e0f1a2b3c4d5e6f7a`],
    ['a token id in a principal', 'token:a13800138000bcde#registrar'],
    ['the chain hash of the first event', sha256('genesis')],
    ['a SHA-512 digest', createHash('sha512').update('x').digest('hex')],
    ['a SHA-1 digest', createHash('sha1').update('x').digest('hex')],
  ])('lets through %s', (_label, text) => expect(findPersonalIdentifiers(text)).toEqual([]));

  it('lets through every UUID: no group is long enough for an ID number, and a mobile-shaped last group is chance', () =>
    fc.assert(fc.property(fc.uuid(), (uuid) => expect(findPersonalIdentifiers(uuid)).toEqual([])), { numRuns: 2000 }));

  it('lets through SHA-256 digests, a mobile-shaped run inside included (a valid ID number in one is rarer than one in 15,000)', () =>
    fc.assert(
      fc.property(fc.string(), (text) => {
        const digest = sha256(text);
        fc.pre(!/(?<!\d)\d{15}(?!\d)|(?<!\d)\d{18}(?!\d)/.test(digest));
        expect(findPersonalIdentifiers(digest)).toEqual([]);
      }),
      { numRuns: 2000 },
    ));
});

describe('findPersonalIdentifiers: written another way', () => {
  it.each([
    ['an ID in full-width digits', fullWidth(HEZE_ID), ['national-id']],
    ['the sample ID in full-width digits and a full-width Ｘ', fullWidth(SAMPLE_ID), ['national-id']],
    ['a phone of half- and full-width digits mixed', '138００138000', ['mobile-number']],
    ['a full-width phone with a full-width ＋86', `＋86${fullWidth('13800138000')}`, ['mobile-number']],
    ['a full-width phone grouped by ideographic spaces', `电话 ${fullWidth('138')}\u3000${fullWidth('0013')}\u3000${fullWidth('8000')}`, ['mobile-number']],
    ['an ID directly followed by x', `${HEZE_ID}x`, ['national-id']],
    ['an ID with check character X directly followed by x', `${SAMPLE_ID}x`, ['national-id']],
    ['an ID directly followed by a word', `${HEZE_ID}号`, ['national-id']],
    ['an ID with check character X directly followed by digits', `${SAMPLE_ID}7`, ['national-id']],
    ['an ID in percent-escapes', escaped(HEZE_ID), ['national-id']],
    ['an ID in percent-escapes with a stray invalid escape after it', `${escaped(HEZE_ID)}%FF`, ['national-id']],
    ['an ID escaped twice', escaped(HEZE_ID).replace(/%/g, '%25'), ['national-id']],
    ['a phone in escaped full-width digits', encodeURIComponent(fullWidth('13800138000')), ['mobile-number']],
  ])('finds %s', (_label, text, kinds) => expect(findPersonalIdentifiers(text).map((finding) => finding.kind)).toEqual(kinds));

  it.each([
    ['19 digits whose first 18 are a valid ID (a longer run is another number)', `${HEZE_ID}7`],
    ['a bank card number of 19 digits', '6222021234567890123'],
    ['full-width digits of an amount', fullWidth('70000.00')],
    ['escapes of a non-identifier', escaped('p-000123')],
  ])('finds nothing in %s', (_label, text) => expect(findPersonalIdentifiers(text)).toEqual([]));
});

describe('decodePercentEscapes and redactUrl (the request log)', () => {
  const R = REDACTED_IDENTIFIER;
  it.each([
    ['valid escapes', '%E8%8F%8F%E6%B3%BD', '菏泽'],
    ['a stray invalid escape leaves the others decoded', '%33%37%FF%G1%', '37\uFFFD%G1%'],
    ['an escape of an escape, decoded again', '%2533', '3'],
    ['text without escapes, as written', '100% sure', '100% sure'],
  ])('decodes %s', (_label, text, expected) => expect(decodePercentEscapes(text)).toBe(expected));

  it.each([
    ['an escaped ID with a stray %FF after it', `/persons/hz1?q=${escaped(HEZE_ID)}%FF`, `/persons/hz1?q=${R}\uFFFD`],
    ['an escaped ID with an invalid %G1 elsewhere', `/persons/hz1?q=${escaped(HEZE_ID)}&x=%G1`, `/persons/hz1?q=${R}&x=%G1`],
    ['a full-width ID, escaped', `/persons/${encodeURIComponent(fullWidth(HEZE_ID))}`, `/persons/${R}`],
    ['a phone grouped by "+" in the query (a space there)', '/x?tel=138+0013+8000', `/x?tel=${R}`],
    ['an ID padded to a digest shape', `/persons/aaaaaaaaaaaaaa${HEZE_ID}`, `/persons/aaaaaaaaaaaaaa${R}`],
    ['a "+" in the path stays', '/persons/p+1', '/persons/p+1'],
  ])('redacts %s', (_label, url, expected) => expect(redactUrl(url)).toBe(expected));
});

// Decimal digits of other scripts: Arabic-Indic U+0660, mathematical bold U+1D7CE (two UTF-16 units each).
const inDigits = (zero: number) => (text: string): string => text.replace(/[0-9]/g, (digit) => String.fromCodePoint(zero + Number(digit)));
const arabicIndic = inDigits(0x0660);
const mathematicalBold = inDigits(0x1d7ce);
const reversed = (text: string): string => [...text].reverse().join('');

describe('findPersonalIdentifiers: grouped, split by invisible characters, in other digits', () => {
  it.each([
    ['an ID grouped 6-8-4 by spaces, as printed on the card', '名册 110105 19491231 002X', ['national-id']],
    ['an ID grouped 6-8-4 by hyphens', '110105-19491231-002X', ['national-id']],
    ['an ID grouped 6-8-4 by dots', '110105.19491231.002X', ['national-id']],
    ['an ID grouped 6-8-4 with a lower-case x', '110105 19491231 002x', ['national-id']],
    ['an ID grouped 6-8-4 by ideographic spaces', '110105\u300019491231\u3000002X', ['national-id']],
    ['a Heze ID grouped 6-8-4, then a word', `${HEZE_ID.slice(0, 6)}-${HEZE_ID.slice(6, 14)}-${HEZE_ID.slice(14)}号`, ['national-id']],
    ['a legacy ID grouped 6-6-3', '371729 850615 123', ['legacy-national-id']],
    ['an ID split by a zero-width space', '110105\u200b19491231002X', ['national-id']],
    ['an ID split by a zero-width joiner and a BOM', '1101\u200d0519491231\ufeff002X', ['national-id']],
    ['an ID split by a soft hyphen', '110105\u00ad19491231002X', ['national-id']],
    ['an ID split by a word joiner', '110105\u206019491231002X', ['national-id']],
    ['an ID in Arabic-Indic digits', arabicIndic(HEZE_ID), ['national-id']],
    ['the sample ID in Arabic-Indic digits', arabicIndic(SAMPLE_ID), ['national-id']],
    ['an ID in mathematical bold digits', mathematicalBold(HEZE_ID), ['national-id']],
    ['an ID in Devanagari digits, grouped 6-8-4', inDigits(0x0966)('110105 19491231 002X'), ['national-id']],
    ['an ID reversed behind a RIGHT-TO-LEFT OVERRIDE (displayed in order)', `名册 \u202e${reversed(SAMPLE_ID)}\u202c`, ['national-id']],
    ['an ID reversed behind a RIGHT-TO-LEFT ISOLATE', `\u2067${reversed(HEZE_ID)}\u2069`, ['national-id']],
    ['a phone grouped 3-4-4 by dots', '138.0013.8000', ['mobile-number']],
    ['a phone split by a zero-width space', '138\u200b00138000', ['mobile-number']],
    ['a phone in Arabic-Indic digits', arabicIndic('13800138000'), ['mobile-number']],
    ['a phone grouped 3-4-4 in Arabic-Indic digits', arabicIndic('138-0013-8000'), ['mobile-number']],
  ])('finds %s', (_label, text, kinds) => expect(findPersonalIdentifiers(text).map((finding) => finding.kind)).toEqual(kinds));

  it.each([
    ['a grouped ID with a wrong check character', '110105 19491231 0021'],
    ['a grouped ID of an unknown province', withCheck('99010519491231002').replace(/^(\d{6})(\d{8})/, '$1 $2 ')],
    ['a grouped ID with a birth date that does not exist (1949-02-30)', withCheck('11010519490230002').replace(/^(\d{6})(\d{8})/, '$1-$2-')],
    ['a grouped legacy ID with month 13', '371729 851315 123'],
    ['6-8-4 groups mixing separators', '110105 19491231-002X'],
    ['6-8-4 groups separated by two spaces', '110105  19491231  002X'],
    ['a date range', '2023-01-01 至 2023-12-31'],
    ['a document number with a year and serial', '菏民发 2023 0012 号'],
    ['a landline grouped 4-7', '0530-5311234'],
    ['a phone-shaped 3-4-4 with a mixed separator', '138-0013.8000'],
    ['an amount in Arabic-Indic digits', arabicIndic('70000.00')],
    ['a version number', 'v1.2.3'],
    ['a UUID with a zero-width space', `0f0e0d0c-0b0a-4000-8000-a1380013\u200b8000`],
    ['an RTL override before text without digits', '名册\u202egpj.exe'],
    ['a reversed digit run that is no ID either way', `\u202e${reversed('123456789012345678')}`],
  ])('finds nothing in %s', (_label, text) => expect(findPersonalIdentifiers(text)).toEqual([]));

  const R = REDACTED_IDENTIFIER;
  it.each([
    ['a grouped ID in a query', '/events?correlationId=110105-19491231-002X', `/events?correlationId=${R}`],
    ['a grouped ID in a console path', '/console/persons/110105-19491231-002X', `/console/persons/${R}`],
    ['an ID split by an escaped zero-width space', '/persons/110105%E2%80%8B19491231002X/timeline', `/persons/${R}/timeline`],
    ['an ID in escaped Arabic-Indic digits', `/persons/${encodeURIComponent(arabicIndic(HEZE_ID))}`, `/persons/${R}`],
    ['an ID in mathematical digits, with what follows kept', `/x?q=${encodeURIComponent(mathematicalBold(HEZE_ID))}&y=1`, `/x?q=${R}&y=1`],
    ['a phone grouped by dots', '/x?tel=138.0013.8000&z=2', `/x?tel=${R}&z=2`],
    ['a reversed ID behind an override', `/x?q=${encodeURIComponent(`\u202e${reversed(SAMPLE_ID)}`)}&y=1`, `/x?q=\u202e${R}&y=1`],
  ])('redacts %s', (_label, url, expected) => expect(redactUrl(url)).toBe(expected));

  it('leaves nothing to find after redacting grouped, split and foreign-digit forms', () =>
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom('110105 19491231 002X', '110105-19491231-002X', arabicIndic(HEZE_ID), '138.0013.8000', '\u200b', '\u202e', mathematicalBold('13800138000')), fc.stringMatching(/^[0-9a-z .-]{0,6}$/)), { maxLength: 6 }),
        (parts) => expect(findPersonalIdentifiers(redactPersonalIdentifiers(parts.join('')))).toEqual([]),
      ),
      { numRuns: 500 },
    ));
});

import fc from 'fast-check';
import {
  checkCharacter,
  describeViolation,
  findPersonalIdentifiers,
  isLegacyNationalId,
  isNationalId,
  personalIdentifiersIn,
  redactPersonalIdentifiers,
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

import { describe, expect, it } from 'vitest';
import { personalIdentifierIn, readSearchInput } from './search-input';

// The auditor's number: a valid 身份证号 (Beijing 朝阳, born 1949-12-31, check character X).
const NATIONAL_ID = '11010519491231002X';

describe('readSearchInput', () => {
  it('takes an opaque id as it is, trimmed', () => {
    expect(readSearchInput('  p-000123 ')).toEqual({ kind: 'id', id: 'p-000123' });
    expect(readSearchInput('hz-other-1')).toEqual({ kind: 'id', id: 'hz-other-1' });
    expect(readSearchInput('   ')).toEqual({ kind: 'empty' });
  });

  it('refuses a 身份证号 however it is typed, and hands the bare number to the lookup', () => {
    for (const typed of [NATIONAL_ID, '11010519491231002x', '110105 19491231 002X', '110105-19491231-002X', '１１０１０５１９４９１２３１００２Ｘ']) {
      expect(readSearchInput(typed), typed).toEqual({ kind: 'personal-identifier', identifier: 'national-id', nationalId: NATIONAL_ID });
    }
  });

  it('refuses a mobile number, with or without separators, and offers no lookup for it', () => {
    for (const typed of ['13800138000', '138 0013 8000', '138-0013-8000', '+86 138 0013 8000']) {
      expect(readSearchInput(typed), typed).toMatchObject({ kind: 'personal-identifier', identifier: 'mobile-number', nationalId: null });
    }
  });

  it('refuses an id that merely contains a 身份证号, without offering it to the lookup', () => {
    expect(readSearchInput(`p-${NATIONAL_ID}`)).toEqual({ kind: 'personal-identifier', identifier: 'national-id', nationalId: null });
  });

  it('leaves generated ids alone', () => {
    expect(personalIdentifierIn('3f2a9c1e-0b7d-4c55-9e1a-2b3c4d5e6f70')).toBeNull();
    expect(personalIdentifierIn('claim-2023-000042')).toBeNull();
  });
});

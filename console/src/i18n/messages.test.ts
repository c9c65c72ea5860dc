import { describe, expect, it } from 'vitest';
import { CATEGORIES, CATEGORY_NAMES_EN, MESSAGES, categoryName, codeLabel, translate } from './messages';

describe('messages', () => {
  it('has every English label non-empty and every parameter of the Chinese label', () => {
    for (const [key, zh] of Object.entries(MESSAGES.zh)) {
      const en = MESSAGES.en[key as keyof typeof MESSAGES.en];
      expect(en, key).toBeTruthy();
      const params = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
      expect(params(en), key).toEqual(params(zh));
    }
  });

  it('names every category in both languages, Chinese from the ledger vocabulary', () => {
    for (const category of CATEGORIES) expect(CATEGORY_NAMES_EN[category]).toBeTruthy();
    expect(categoryName('zh', 'SUBSISTENCE')).toBe('低保对象');
    expect(categoryName('en', 'SUBSISTENCE')).toBe('Subsistence allowance (dibao)');
    expect(categoryName('zh', 'SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });

  it('fills parameters and leaves a missing one visible', () => {
    expect(translate('zh', 'person.title', { id: 'p-1' })).toBe('人员 p-1');
    expect(translate('en', 'state.error')).toBe('Could not load: {message}');
  });

  it('labels codes of a family and shows unknown codes as they are', () => {
    expect(codeLabel('zh', 'kind', 'INPATIENT')).toBe('住院');
    expect(codeLabel('en', 'kind', 'DAY_SURGERY')).toBe('DAY_SURGERY');
  });
});

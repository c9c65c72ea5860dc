import { addMonths, compareIsoDates, isIsoDate, isWithin, laterOf, parseIsoDate, yearOf } from '../../../src/domain/iso-date';

describe('iso-date', () => {
  it.each([
    ['2023-06-15', -12, '2022-06-15'],
    ['2024-02-29', -12, '2023-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2023-12-15', 1, '2024-01-15'],
    ['2023-01-15', -13, '2021-12-15'],
  ])('moves %s by %i months to %s, clamping the day', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each(['2023-02-29', '2023-13-01', '2023-00-10', '2023-1-01', '20230101', '', '1900-02-29'])('rejects %p', (text) => {
    expect(isIsoDate(text)).toBe(false);
    expect(() => parseIsoDate(text, 'field')).toThrow(/field must be an ISO calendar date/);
  });

  it('accepts leap days of leap years', () => {
    expect(['2024-02-29', '2000-02-29'].every(isIsoDate)).toBe(true);
  });

  it('compares, bounds and picks dates', () => {
    expect(yearOf('2023-05-01')).toBe(2023);
    expect(compareIsoDates('2023-01-01', '2022-12-31')).toBe(1);
    expect(laterOf('2022-11-20', '2023-01-01')).toBe('2023-01-01');
    expect(isWithin('2025-12-31', '2023-05-01', '2025-12-31')).toBe(true);
    expect(isWithin('2026-01-01', '2023-05-01', '2025-12-31')).toBe(false);
    expect(isWithin('2099-01-01', '2023-05-01', null)).toBe(true);
  });
});

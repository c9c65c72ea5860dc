import fc from 'fast-check';
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

  it.each(['2023-02-29', '2023-13-01', '2023-00-10', '2023-1-01', '20230101', '', '1900-02-29', '0000-01-01', '2023-06-1a', '2023/06/15', '2023-06-15 ', '+023-06-15', '２０２３-06-15', '2023-06--1', '2023-0６-15'])('rejects %p', (text) => {
    expect(isIsoDate(text)).toBe(false);
    expect(() => parseIsoDate(text, 'field')).toThrow(/field must be an ISO calendar date/);
  });

  it('reads exactly what the pattern YYYY-MM-DD of ASCII digits and a real day reads', () => {
    // The reading the domain had before it read by character: a regular expression, then the calendar.
    const leap = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const daysIn = (year: number, month: number): number => (month === 2 ? (leap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);
    const byPattern = (text: string): boolean => {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      if (!match) return false;
      const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
      return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
    };
    const nearDate = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.constantFrom('-', '/', '--', ''))
      .map(([year, month, day, dash]) => `${String(year).padStart(4, '0')}${dash}${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
    fc.assert(fc.property(fc.oneof(nearDate, fc.string({ maxLength: 12 })), (text) => expect(isIsoDate(text)).toBe(byPattern(text))), { numRuns: 5000 });
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

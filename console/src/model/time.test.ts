import { describe, expect, it } from 'vitest';
import { formatInstant, fromLocalInput, isIsoDate, localToday, toLocalInput } from './time';

describe('time controls', () => {
  // vite.config.mts runs the tests in Asia/Shanghai (UTC+8 all year).
  it('runs in Beijing time', () => expect(new Date('2023-01-01T00:00:00Z').getTimezoneOffset()).toBe(-480));

  it('shows an instant in local time to the second', () => {
    expect(toLocalInput('2023-06-01T09:30:05.123Z')).toBe('2023-06-01T17:30:05');
    expect(formatInstant('2023-06-01T09:30:05.123Z')).toBe('2023-06-01 17:30:05');
    expect(toLocalInput('not a time')).toBe('');
  });

  it('reads a local value as the end of its second, or of its minute without seconds', () => {
    expect(fromLocalInput('2023-06-01T17:30:05')).toBe('2023-06-01T09:30:05.999Z');
    expect(fromLocalInput('2023-06-01T17:30')).toBe('2023-06-01T09:30:59.999Z');
    expect(fromLocalInput('yesterday')).toBeNull();
  });

  it('checks dates and gives today locally', () => {
    expect(isIsoDate('2023-02-28')).toBe(true);
    expect(isIsoDate('2023-2-28')).toBe(false);
    expect(localToday(new Date('2023-12-31T20:00:00Z'))).toBe('2024-01-01');
  });
});

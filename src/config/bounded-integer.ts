import type { ConfigIssue } from './app.config';

/** An integer setting within bounds: unset gives the fallback, anything else is refused by name with the bounds. */
export const parseBoundedInteger = (
  read: (name: string) => string | undefined,
  variable: string,
  min: number,
  max: number,
  fallback: number,
  issues: ConfigIssue[],
): number => {
  const text = read(variable);
  if (text === undefined) return fallback;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  issues.push({ variable, rule: `must be an integer from ${min} to ${max}`, value: text });
  return fallback;
};

import { describe, expect, it } from 'vitest';
import { mayOpen, mayRead } from './access';

const principal = (...roles: string[]) => ({ id: 'token:x', roles, regions: null, source: 'token' });

describe('what the console shows to which role', () => {
  it('shows an inspector persons, claims and funds but not corrections', () => {
    const inspector = principal('inspector');
    expect(['home', 'person', 'usage', 'claim', 'funds'].every((page) => mayOpen(inspector, page as never))).toBe(true);
    expect(mayOpen(inspector, 'corrections')).toBe(false);
  });

  it('shows corrections to an operator only, and a consumer nothing but home', () => {
    expect(mayOpen(principal('operator'), 'corrections')).toBe(true);
    expect(mayOpen(principal('consumer'), 'person')).toBe(false);
    expect(mayOpen(principal('consumer'), 'home')).toBe(true);
    expect(mayOpen(principal('registrar'), 'person')).toBe(true);
    expect(mayOpen(principal('registrar'), 'claim')).toBe(false);
  });

  // A registrar opening a person must not meet four 403s: the page asks before it reads.
  it('lets a registrar read none of the person page\'s inspector sections, but look a person up', () => {
    expect((['timeline', 'subsidy', 'claims', 'alerts'] as const).map((read) => mayRead(['registrar'], read))).toEqual([false, false, false, false]);
    expect(mayRead(['registrar'], 'lookup')).toBe(true);
    expect(mayRead(['inspector'], 'timeline')).toBe(true);
    expect(mayRead(['inspector'], 'lookup')).toBe(false);
  });
});

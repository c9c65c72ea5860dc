import { describe, expect, it } from 'vitest';
import { hrefOf, parseRoute, pathOf, routeHoldsPersonalIdentifier, type Route } from './router';

describe('router', () => {
  it('round-trips every page, escaping ids', () => {
    const routes: Route[] = [
      { page: 'home' },
      { page: 'person', personId: 'p-000123' },
      { page: 'usage', personId: 'p/odd id', year: 2023 },
      { page: 'claim', claimId: 'hz-2023-0001' },
      { page: 'funds' },
      { page: 'corrections' },
    ];
    for (const route of routes) expect(parseRoute(pathOf(route))).toEqual(route);
  });

  it('treats /console and /console/ as home and anything else as not found', () => {
    expect(parseRoute('/console')).toEqual({ page: 'home' });
    expect(parseRoute('/console/persons/p-1/years/20x3')).toEqual({ page: 'not-found', path: '/persons/p-1/years/20x3' });
    expect(parseRoute('/console/claims/%E0%A4%A')).toEqual({ page: 'not-found', path: '/claims/%E0%A4%A' });
  });

  it('keeps the time controls on links', () => {
    expect(hrefOf({ page: 'claim', claimId: 'c-1' }, { asAt: '2023-06-01T00:00:00.000Z', asOf: null })).toBe('/console/claims/c-1?asAt=2023-06-01T00%3A00%3A00.000Z');
  });

  // A 身份证号 or a mobile number must never become a URL; navigation asks this before every push.
  it('knows a route whose id holds a personal identifier', () => {
    expect(routeHoldsPersonalIdentifier({ page: 'person', personId: '11010519491231002X' })).toBe(true);
    expect(routeHoldsPersonalIdentifier({ page: 'usage', personId: '138 0013 8000', year: 2023 })).toBe(true);
    expect(routeHoldsPersonalIdentifier({ page: 'claim', claimId: 'c-11010519491231002X' })).toBe(true);
    expect(routeHoldsPersonalIdentifier({ page: 'person', personId: 'p-000123' })).toBe(false);
    expect(routeHoldsPersonalIdentifier({ page: 'funds' })).toBe(false);
  });
});

import { personalIdentifierIn } from './model/search-input';

/**
 * Routes of the console, as paths under /console/ (the service answers every one of them with the
 * same index.html). The query string carries the page's state (asOf, asAt, region, period, lang),
 * so any view can be bookmarked or sent to a colleague.
 */

export const BASE = '/console';

export type Route =
  | { readonly page: 'home' }
  | { readonly page: 'person'; readonly personId: string }
  | { readonly page: 'usage'; readonly personId: string; readonly year: number }
  | { readonly page: 'claim'; readonly claimId: string }
  | { readonly page: 'funds' }
  | { readonly page: 'corrections' }
  | { readonly page: 'simulation' }
  | { readonly page: 'not-found'; readonly path: string };

const decode = (segment: string): string | null => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
};

export const parseRoute = (pathname: string): Route => {
  const path = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const parts = path.split('/').filter((part) => part !== '');
  const [first, second, third, fourth, ...rest] = parts;
  if (first === undefined) return { page: 'home' };
  if (first === 'persons' && second !== undefined && third === undefined) {
    const personId = decode(second);
    if (personId) return { page: 'person', personId };
  }
  if (first === 'persons' && second !== undefined && third === 'years' && fourth !== undefined && rest.length === 0 && /^\d{4}$/.test(fourth)) {
    const personId = decode(second);
    if (personId) return { page: 'usage', personId, year: Number(fourth) };
  }
  if (first === 'claims' && second !== undefined && third === undefined) {
    const claimId = decode(second);
    if (claimId) return { page: 'claim', claimId };
  }
  if (first === 'funds' && second === undefined) return { page: 'funds' };
  if (first === 'corrections' && second === undefined) return { page: 'corrections' };
  if (first === 'simulation' && second === undefined) return { page: 'simulation' };
  return { page: 'not-found', path };
};

export const pathOf = (route: Route): string => {
  switch (route.page) {
    case 'home':
      return `${BASE}/`;
    case 'person':
      return `${BASE}/persons/${encodeURIComponent(route.personId)}`;
    case 'usage':
      return `${BASE}/persons/${encodeURIComponent(route.personId)}/years/${route.year}`;
    case 'claim':
      return `${BASE}/claims/${encodeURIComponent(route.claimId)}`;
    case 'funds':
      return `${BASE}/funds`;
    case 'corrections':
      return `${BASE}/corrections`;
    case 'simulation':
      return `${BASE}/simulation`;
    case 'not-found':
      return `${BASE}${route.path}`;
  }
};

/** A link that keeps the time controls (and language) of the current view, so drilling down keeps "what did we know then". */
export const hrefOf = (route: Route, query: Readonly<Record<string, string | null | undefined>> = {}): string => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `${pathOf(route)}?${text}` : pathOf(route);
};

/**
 * True when a route's id holds a 身份证号 or a mobile number: such a route must never become a URL
 * (browser history, bookmarks, the request log on a reload). The searches refuse such input first;
 * this is the check every navigation makes, whatever asked for it.
 */
export const routeHoldsPersonalIdentifier = (route: Route): boolean => {
  switch (route.page) {
    case 'person':
    case 'usage':
      return personalIdentifierIn(route.personId) !== null;
    case 'claim':
      return personalIdentifierIn(route.claimId) !== null;
    case 'not-found':
      return personalIdentifierIn(route.path) !== null;
    default:
      return false;
  }
};

import type { Principal } from '../api/client';
import type { Route } from '../router';

/**
 * What the console shows to which role: the same least privilege as the service (docs/security.md).
 * The service refuses anyway; hiding what a role cannot use spares the inspector pages of 403s.
 */
const PAGE_ROLES: Readonly<Record<Route['page'], readonly string[] | 'any'>> = {
  home: 'any',
  'not-found': 'any',
  person: ['registrar', 'inspector'],
  usage: ['inspector'],
  claim: ['inspector'],
  funds: ['inspector'],
  corrections: ['operator'],
  simulation: ['policy-admin', 'operator'],
};

export const mayOpen = (principal: Principal, page: Route['page']): boolean => {
  const roles = PAGE_ROLES[page];
  return roles === 'any' || principal.roles.some((role) => roles.includes(role));
};

/**
 * The reads the person page makes and the roles the service allows for each (the routes' `@Allow`
 * in src/api/audit and src/api/personal-data). A registrar may open a person but read none of these
 * but the lookup: the page leaves out what the role cannot read instead of showing a 403 per section.
 */
const READ_ROLES = {
  timeline: ['inspector'],
  subsidy: ['inspector'],
  claims: ['inspector'],
  alerts: ['inspector'],
  lookup: ['registrar'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type Read = keyof typeof READ_ROLES;

export const mayRead = (roles: readonly string[], read: Read): boolean => roles.some((role) => (READ_ROLES[read] as readonly string[]).includes(role));

const TOKEN_STORAGE = 'benefits-ledger.console.token';

/**
 * The credential lives in this tab's sessionStorage: gone when the tab closes, never in a cookie
 * (so no other site can make the browser send it) and never in a URL.
 */
export const storedToken = (): string | null => {
  try {
    return sessionStorage.getItem(TOKEN_STORAGE);
  } catch {
    return null;
  }
};

export const storeToken = (token: string | null): void => {
  try {
    if (token === null) sessionStorage.removeItem(TOKEN_STORAGE);
    else sessionStorage.setItem(TOKEN_STORAGE, token);
  } catch {
    // Storage disabled by policy: the sign-in lasts until the page reloads.
  }
};

/**
 * The roles of the ledger, least privilege first (issue 11). A route declares which of them may call
 * it with `@Allow(...)`, or that it needs no credential with `@Public()`; a route that declares
 * neither must fail the build (the route matrix test checks every route of the OpenAPI document).
 */
export const ROLES = ['registrar', 'claims-feeder', 'inspector', 'consumer', 'policy-admin', 'operator'] as const;

export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/**
 * Who is calling, as proven by a credential (a service token or an OIDC/JWT access token), never by
 * a header the caller chose. `regions` limits the principal to those pooling regions; `null` means
 * every region.
 */
export interface Principal {
  /** Stable id of the credential's subject: a token id (`token:<id>`) or the issuer's `sub` (`oidc:<sub>`). */
  readonly id: string;
  readonly roles: readonly Role[];
  readonly regions: readonly string[] | null;
  readonly source: 'token' | 'oidc';
}

/** The actor recorded in event metadata: the authenticated principal and the role it acted in. */
export const actorOf = (principal: Principal, role: Role): string => `${principal.id}#${role}`;

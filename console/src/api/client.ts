import type { ErrorBody } from './types';
import type { AlertView, PersonView, SubsidyView, TimelineView } from './person-types';
import type { UsageView } from './usage-types';
import type { ClaimView } from './claim-types';
import type { FundRow, ReassessmentReport, SimulationJob } from './report-types';

/**
 * The console's only way to the ledger: the service's public HTTP API, on the same origin (the
 * service serves the console). Every failure becomes an `ApiError` with a kind the pages put into
 * words; nothing is retried behind the inspector's back.
 */

export type ApiErrorKind = 'network' | 'unauthorized' | 'forbidden' | 'not-found' | 'bad-request' | 'conflict' | 'refused' | 'server' | 'unexpected';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

const kindOf = (status: number): ApiErrorKind =>
  status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not-found' : status === 400 ? 'bad-request' : status === 409 ? 'conflict' : status === 422 ? 'refused' : status >= 500 ? 'server' : 'unexpected';

/** The message of the service's ErrorResponse, lists joined; a body that is not one is described by its status. */
export const messageOf = (body: unknown, status: number, statusText: string): { message: string; code: string | null } => {
  if (typeof body === 'object' && body !== null && 'message' in body) {
    const { message, code } = body as ErrorBody;
    const text = Array.isArray(message) ? message.join('; ') : String(message);
    return { message: text, code: typeof code === 'string' ? code : null };
  }
  return { message: `HTTP ${status}${statusText ? ` ${statusText}` : ''}`, code: null };
};

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface Query {
  readonly [name: string]: string | number | null | undefined;
}

export const withQuery = (path: string, query: Query = {}): string => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== null && value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
};

/**
 * Lists may come bare or wrapped (`{ items }`, `{ rows }`, `{ alerts }`…): read models grow paging
 * envelopes, and the console should not break when one does.
 */
export const listOf = <T>(body: unknown, ...fields: string[]): T[] => {
  if (Array.isArray(body)) return body as T[];
  if (typeof body === 'object' && body !== null) {
    for (const field of [...fields, 'items', 'rows', 'data']) {
      const value = (body as Record<string, unknown>)[field];
      if (Array.isArray(value)) return value as T[];
    }
  }
  throw new ApiError('unexpected', 200, 'the service answered with a shape the console does not know');
};

/** A body that wraps the row in `field` (detected by the row's own `marker` field missing at the top). */
export const unwrap = <T>(body: unknown, field: string, marker: string): T => {
  if (typeof body !== 'object' || body === null) throw new ApiError('unexpected', 200, 'the service answered with a shape the console does not know');
  const record = body as Record<string, unknown>;
  return (marker in record ? record : record[field]) as T;
};

export interface FundReport {
  readonly rows: FundRow[];
  /** The service caps the rows it returns; the page says so instead of showing partial totals as whole. */
  readonly truncated: boolean;
}

const segment = (value: string | number): string => encodeURIComponent(String(value));

/** Who is signed in, as the service answers `GET /auth/me`. */
export interface Principal {
  readonly id: string;
  readonly roles: readonly string[];
  readonly regions: readonly string[] | null;
  readonly source: string;
}

export interface SignInOptions {
  readonly oidc: { readonly issuer: string; readonly clientId: string | null } | null;
}

export class LedgerClient {
  /**
   * `credential` gives the bearer token of the signed-in user (or null before sign-in); it is read on
   * every request, so signing in or out needs no new client.
   */
  constructor(
    private readonly fetchImpl: Fetch = (input, init) => fetch(input, init),
    private readonly credential: () => string | null = () => null,
    /** Called on every 401: the credential was revoked or expired mid-session, and the console must sign out. */
    private readonly onUnauthorized: () => void = () => undefined,
  ) {}

  async request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, options: { readonly body?: unknown; readonly signal?: AbortSignal } = {}): Promise<T> {
    let response: Response;
    const token = this.credential();
    try {
      response = await this.fetchImpl(path, {
        method,
        headers: {
          accept: 'application/json',
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          // The service records the signed-in principal as the actor; the console sends no actor of its own.
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error: unknown) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError('network', 0, error instanceof Error ? error.message : String(error));
    }
    const text = await response.text();
    let body: unknown = null;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      if (response.ok) throw new ApiError('unexpected', response.status, 'the service answered with something that is not JSON');
    }
    if (!response.ok) {
      const { message, code } = messageOf(body, response.status, response.statusText);
      if (response.status === 401) this.onUnauthorized();
      throw new ApiError(kindOf(response.status), response.status, message, code);
    }
    return body as T;
  }

  /** The principal of the credential: a 401 means the token is wrong, expired or revoked. */
  me(signal?: AbortSignal): Promise<Principal> {
    return this.request('GET', '/auth/me', { signal });
  }

  signInOptions(signal?: AbortSignal): Promise<SignInOptions> {
    return this.request('GET', '/auth/sign-in', { signal });
  }

  /**
   * The person holding a 身份证号 (registrars only). The number goes in the body of a POST, never in
   * a URL; the service records the lookup in its access log.
   */
  lookupPerson(nationalId: string, signal?: AbortSignal): Promise<{ readonly personId: string }> {
    return this.request('POST', '/persons/lookup', { body: { nationalId }, signal });
  }

  person(personId: string, signal?: AbortSignal): Promise<PersonView> {
    return this.request('GET', `/persons/${segment(personId)}`, { signal });
  }

  timeline(personId: string, at: { readonly asOf?: string | null; readonly asAt?: string | null }, signal?: AbortSignal): Promise<TimelineView> {
    return this.request('GET', withQuery(`/persons/${segment(personId)}/timeline`, { asOf: at.asOf, asAt: at.asAt }), { signal });
  }

  /** The API answers `{ usage, asAt }`; the bare row is accepted too. */
  async usage(personId: string, year: number, asAt: string | null, signal?: AbortSignal): Promise<UsageView> {
    const body = await this.request<unknown>('GET', withQuery(`/persons/${segment(personId)}/years/${segment(year)}/usage`, { asAt }), { signal });
    return unwrap<UsageView>(body, 'usage', 'tiers');
  }

  /** `asAt`: what the ledger said at that recorded moment; null: now. */
  subsidy(personId: string, year: number, asAt: string | null, signal?: AbortSignal): Promise<SubsidyView> {
    return this.request('GET', withQuery(`/persons/${segment(personId)}/years/${segment(year)}/subsidy`, { asAt }), { signal });
  }

  /** Every enrollment with its subsidy, one per year, as at a recorded moment (null: now). */
  async enrollments(personId: string, asAt: string | null, signal?: AbortSignal): Promise<SubsidyView[]> {
    return listOf<SubsidyView>(await this.request('GET', withQuery(`/persons/${segment(personId)}/enrollments`, { asAt }), { signal }), 'enrollments');
  }

  async alerts(personId: string, asAt: string | null, signal?: AbortSignal): Promise<AlertView[]> {
    // All, not only the open ones: a withdrawn alert is part of the person's story.
    return listOf<AlertView>(await this.request('GET', withQuery(`/persons/${segment(personId)}/alerts`, { status: 'all', asAt }), { signal }), 'alerts');
  }

  /** The claim with its explanation rendered by the ledger in `lang` (Chinese unless asked otherwise). */
  claim(claimId: string, lang: 'zh' | 'en' = 'zh', signal?: AbortSignal): Promise<ClaimView> {
    return this.request('GET', withQuery(`/claims/${segment(claimId)}`, { lang }), { signal });
  }

  /** `from` and `to` are months (YYYY-MM), inclusive. */
  async funds(query: { readonly region: string; readonly from: string; readonly to: string }, signal?: AbortSignal): Promise<FundReport> {
    const body = await this.request<unknown>('GET', withQuery('/reports/funds', query), { signal });
    const truncated = typeof body === 'object' && body !== null && (body as { truncated?: unknown }).truncated === true;
    return { rows: listOf<FundRow>(body, 'rows'), truncated };
  }

  /** Regions with at least one published policy revision (GET /policies), sorted. */
  async regions(signal?: AbortSignal): Promise<string[]> {
    const body = await this.request<unknown>('GET', '/policies', { signal });
    const policies = listOf<{ ref?: { region?: unknown }; region?: unknown }>(body, 'policies');
    const regions = policies.map((policy) => policy.ref?.region ?? policy.region).filter((region): region is string => typeof region === 'string');
    return [...new Set(regions)].sort();
  }

  /** Starts a policy impact simulation of a draft pack (测算); the service answers at once with the running job. */
  startSimulation(input: { readonly pack: string; readonly region: string; readonly year: number; readonly againstYear?: number }, signal?: AbortSignal): Promise<SimulationJob> {
    return this.request('POST', '/simulations', { body: input, signal });
  }

  simulation(id: string, signal?: AbortSignal): Promise<SimulationJob> {
    return this.request('GET', `/simulations/${segment(id)}`, { signal });
  }

  cancelSimulation(id: string): Promise<SimulationJob> {
    return this.request('DELETE', `/simulations/${segment(id)}`);
  }

  /** Always a dry run: the console inspects, it never corrects. */
  dryRunReassessment(scope: { readonly region: string; readonly from: string; readonly to: string }, reason: string, signal?: AbortSignal): Promise<ReassessmentReport> {
    return this.request('POST', '/reassessments', { body: { scope, reason, dryRun: true }, signal });
  }
}

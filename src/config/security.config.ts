import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConfigIssue } from './app.config';

/**
 * Where an OIDC/JWT access token is checked against: the issuer and audience it must name, and the
 * key that signed it (a JWKS URL, or one PEM public key for an issuer without a JWKS endpoint).
 */
export interface OidcSettings {
  readonly issuer: string;
  readonly audience: string;
  /** Exactly one of `jwksUrl` and `publicKeyPem` is set. */
  readonly jwksUrl: string | undefined;
  readonly publicKeyPem: string | undefined;
  /** Claim holding the ledger roles (an array of strings, or one space-separated string). */
  readonly rolesClaim: string;
  /** Claim holding the regions the subject is limited to; `"*"` alone means every region, and a token without it is refused. */
  readonly regionsClaim: string;
  /** OAuth client id the console uses to sign in at the issuer (authorization code + PKCE); optional. */
  readonly consoleClientId: string | undefined;
}

/** The access-control settings (docs/security.md). */
export interface SecuritySettings {
  /** Interface the HTTP server binds: loopback unless an operator opens it (docker-compose sets 0.0.0.0). */
  readonly host: string;
  readonly oidc: OidcSettings | undefined;
  /** Requests one principal (or one anonymous address) may make per minute before 429. */
  readonly rateLimitPerMinute: number;
  /** The same for a principal holding `claims-feeder`: a hospital system's service posts claims at machine rates. */
  readonly feederRateLimitPerMinute: number;
  /** Failed authentications (401s) one client address may cause per minute before its failures are answered 429. */
  readonly failedAuthPerMinute: number;
  /** Live SSE streams one principal may hold at once. */
  readonly sseStreamsPerPrincipal: number;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1200;
/** 10,000 claims a second: above the 3,000 over HTTP the service is built for, so the limit only stops a runaway feeder. */
export const DEFAULT_FEEDER_RATE_LIMIT_PER_MINUTE = 600_000;
const RATE_LIMIT_MAX = 1_000_000;
/**
 * A person mistyping a token, or a client whose token was revoked retrying once a second, stays
 * below it; a script trying tokens (1,400 in 2 s in an audit) is stopped within a second.
 */
export const DEFAULT_FAILED_AUTH_PER_MINUTE = 60;
export const DEFAULT_SSE_STREAMS_PER_PRINCIPAL = 4;
export const DEFAULT_SECURITY: SecuritySettings = {
  host: DEFAULT_HOST,
  oidc: undefined,
  rateLimitPerMinute: DEFAULT_RATE_LIMIT_PER_MINUTE,
  feederRateLimitPerMinute: DEFAULT_FEEDER_RATE_LIMIT_PER_MINUTE,
  failedAuthPerMinute: DEFAULT_FAILED_AUTH_PER_MINUTE,
  sseStreamsPerPrincipal: DEFAULT_SSE_STREAMS_PER_PRINCIPAL,
};

type Read = (name: string) => string | undefined;

/** Parses the security settings, pushing one issue per invalid variable (see `validateEnvironment`). */
export const parseSecuritySettings = (read: Read, issues: ConfigIssue[]): SecuritySettings => ({
  host: parseHost(read('HOST'), issues),
  oidc: parseOidc(read, issues),
  rateLimitPerMinute: parseCount('RATE_LIMIT_PER_MINUTE', read('RATE_LIMIT_PER_MINUTE'), DEFAULT_RATE_LIMIT_PER_MINUTE, RATE_LIMIT_MAX, issues),
  feederRateLimitPerMinute: parseCount('FEEDER_RATE_LIMIT_PER_MINUTE', read('FEEDER_RATE_LIMIT_PER_MINUTE'), DEFAULT_FEEDER_RATE_LIMIT_PER_MINUTE, RATE_LIMIT_MAX, issues),
  failedAuthPerMinute: parseCount('FAILED_AUTH_PER_MINUTE', read('FAILED_AUTH_PER_MINUTE'), DEFAULT_FAILED_AUTH_PER_MINUTE, RATE_LIMIT_MAX, issues),
  sseStreamsPerPrincipal: parseCount('SSE_STREAMS_PER_PRINCIPAL', read('SSE_STREAMS_PER_PRINCIPAL'), DEFAULT_SSE_STREAMS_PER_PRINCIPAL, 1000, issues),
});

const HOST_PATTERN = /^(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|::1?|[0-9a-fA-F:]+|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$/;

const parseHost = (text: string | undefined, issues: ConfigIssue[]): string => {
  if (text === undefined) return DEFAULT_HOST;
  if (HOST_PATTERN.test(text)) return text;
  issues.push({ variable: 'HOST', rule: 'must be an IP address or a host name (e.g. 127.0.0.1 or 0.0.0.0)', value: text });
  return DEFAULT_HOST;
};

const parseCount = (variable: string, text: string | undefined, fallback: number, max: number, issues: ConfigIssue[]): number => {
  if (text === undefined) return fallback;
  const value = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
  if (Number.isInteger(value) && value >= 1 && value <= max) return value;
  issues.push({ variable, rule: `must be an integer from 1 to ${max}`, value: text });
  return fallback;
};

const CLAIM_NAME = /^[A-Za-z0-9_:./-]{1,128}$/;

/** OIDC is on when `OIDC_ISSUER` is set; it then needs an audience and exactly one key source. */
const parseOidc = (read: Read, issues: ConfigIssue[]): OidcSettings | undefined => {
  const issuer = read('OIDC_ISSUER');
  const others = ['OIDC_AUDIENCE', 'OIDC_JWKS_URL', 'OIDC_PUBLIC_KEY_FILE'].filter((name) => read(name) !== undefined);
  if (issuer === undefined) {
    for (const name of others) issues.push({ variable: name, rule: 'is only meaningful with OIDC_ISSUER set', value: read(name) });
    return undefined;
  }
  if (!isHttpUrl(issuer)) issues.push({ variable: 'OIDC_ISSUER', rule: 'must be an http(s) URL', value: issuer });
  const audience = read('OIDC_AUDIENCE');
  if (audience === undefined) issues.push({ variable: 'OIDC_AUDIENCE', rule: 'is required with OIDC_ISSUER', value: audience });
  const jwksUrl = read('OIDC_JWKS_URL');
  const keyFile = read('OIDC_PUBLIC_KEY_FILE');
  if ((jwksUrl === undefined) === (keyFile === undefined)) {
    issues.push({ variable: 'OIDC_JWKS_URL / OIDC_PUBLIC_KEY_FILE', rule: 'exactly one must be set with OIDC_ISSUER', value: jwksUrl ?? keyFile });
  }
  if (jwksUrl !== undefined && !isHttpUrl(jwksUrl)) issues.push({ variable: 'OIDC_JWKS_URL', rule: 'must be an http(s) URL', value: jwksUrl });
  const publicKeyPem = keyFile === undefined ? undefined : readPem(keyFile, issues);
  const rolesClaim = parseClaim('OIDC_ROLES_CLAIM', read('OIDC_ROLES_CLAIM') ?? 'roles', issues);
  const regionsClaim = parseClaim('OIDC_REGIONS_CLAIM', read('OIDC_REGIONS_CLAIM') ?? 'regions', issues);
  return { issuer, audience: audience ?? '', jwksUrl, publicKeyPem, rolesClaim, regionsClaim, consoleClientId: read('OIDC_CONSOLE_CLIENT_ID') };
};

const isHttpUrl = (text: string): boolean => {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

const parseClaim = (variable: string, text: string, issues: ConfigIssue[]): string => {
  if (CLAIM_NAME.test(text)) return text;
  issues.push({ variable, rule: 'must be a claim name of letters, digits and _:./- (at most 128)', value: text });
  return text;
};

const readPem = (file: string, issues: ConfigIssue[]): string | undefined => {
  const path = resolve(file);
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (text.includes('-----BEGIN PUBLIC KEY-----')) return text;
  issues.push({ variable: 'OIDC_PUBLIC_KEY_FILE', rule: 'must name a readable PEM file holding a PUBLIC KEY (SPKI)', value: file });
  return undefined;
};

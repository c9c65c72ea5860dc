import { createRemoteJWKSet, importSPKI, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type KeyLike } from 'jose';
import { isRole, type Principal, type Role } from '../api/auth/roles';
import type { OidcSettings } from '../config/security.config';
import { findPersonalIdentifiers } from '../personal-data/personal-identifier';
import { textProblem } from '../shared/text-rules';

/** Asymmetric algorithms only: a shared-secret HS256 token could be minted by anyone holding the secret. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** Allowed clock difference between the issuer and this service. */
const CLOCK_TOLERANCE_SECONDS = 30;
const REGION_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
/** The longest subject taken: OIDC Core bounds `sub` at 255 ASCII characters. */
const SUBJECT_LENGTH_MAX = 255;

/**
 * Verifies OIDC/JWT access tokens with `jose`: the signature (JWKS fetched and cached by `jose`, or
 * one PEM public key), the issuer, the audience and the expiry. Roles and regions come from the
 * configured claims; roles the ledger does not know are ignored, and a token with none is refused.
 */
export class OidcVerifier {
  private key: JWTVerifyGetKey | KeyLike | null = null;

  constructor(private readonly settings: OidcSettings) {}

  async verify(token: string): Promise<Principal | null> {
    let payload: JWTPayload;
    try {
      const key = await this.resolveKey();
      // `exp` is required: jose checks an expiry only when the token has one, and one without would be valid for ever.
      const options = { issuer: this.settings.issuer, audience: this.settings.audience, algorithms: ALGORITHMS, clockTolerance: CLOCK_TOLERANCE_SECONDS, requiredClaims: ['exp'] };
      payload = typeof key === 'function' ? (await jwtVerify(token, key, options)).payload : (await jwtVerify(token, key, options)).payload;
    } catch {
      return null;
    }
    const roles = rolesOf(payload[this.settings.rolesClaim]);
    if (!isRecordableSubject(payload.sub) || roles.length === 0) return null;
    const regions = regionsOf(payload[this.settings.regionsClaim]);
    if (regions === 'invalid') return null;
    return { id: `oidc:${payload.sub}`, roles, regions, source: 'oidc' };
  }

  private async resolveKey(): Promise<JWTVerifyGetKey | KeyLike> {
    if (this.key !== null) return this.key;
    const { jwksUrl, publicKeyPem } = this.settings;
    this.key = jwksUrl !== undefined ? createRemoteJWKSet(new URL(jwksUrl)) : await importPem(publicKeyPem ?? '');
    return this.key;
  }
}

/**
 * The subject becomes the principal (`oidc:<sub>`), which every event it writes records as its actor
 * and the access log as its reader. An issuer that names its users by 身份证号 or mobile number would
 * put those into immutable events, so such a subject is refused, as is one with characters no
 * recorded text may hold or longer than OIDC allows: the issuer must send an opaque subject.
 */
const isRecordableSubject = (sub: string | undefined): sub is string =>
  sub !== undefined && sub.trim() !== '' && sub.length <= SUBJECT_LENGTH_MAX && !/[\t\r\n]/.test(sub) && textProblem(sub) === null && findPersonalIdentifiers(sub).length === 0;

/** A PEM key carries no algorithm; try the usual ones in turn (RSA, then EC P-256, then Ed25519). */
const importPem = async (pem: string): Promise<KeyLike> => {
  for (const algorithm of ['RS256', 'ES256', 'ES384', 'EdDSA']) {
    try {
      return await importSPKI(pem, algorithm);
    } catch {
      // Not this key type; the next algorithm is tried.
    }
  }
  throw new Error('OIDC_PUBLIC_KEY_FILE holds no RSA, EC or Ed25519 public key');
};

const stringsOf = (claim: unknown): string[] =>
  typeof claim === 'string' ? claim.split(/\s+/).filter((part) => part !== '') : Array.isArray(claim) ? claim.filter((part): part is string => typeof part === 'string') : [];

const rolesOf = (claim: unknown): Role[] => [...new Set(stringsOf(claim).filter(isRole))];

/** The regions claim's value for a user of every region: it has to be said, never implied. */
export const EVERY_REGION = '*';

/**
 * The regions a token may act in. Every region must be granted explicitly (`"*"`): an issuer whose
 * claim mapper was never set up, or that sends null for users without the attribute, would
 * otherwise give each of them every region. An absent, null, empty or malformed claim is refused.
 */
const regionsOf = (claim: unknown): readonly string[] | null | 'invalid' => {
  const regions = stringsOf(claim);
  if (regions.length === 1 && regions[0] === EVERY_REGION) return null;
  return regions.length > 0 && regions.every((region) => REGION_PATTERN.test(region)) ? regions : 'invalid';
};

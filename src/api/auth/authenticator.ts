import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';
import { OidcVerifier } from '../../security/oidc-verifier';
import { TokenStore } from '../../security/token-store';
import type { Principal } from './roles';

/** Longest Authorization header considered: a JWT with many claims fits; anything longer is refused unread. */
const MAX_CREDENTIAL_LENGTH = 8192;

export type Authentication = { readonly kind: 'anonymous' } | { readonly kind: 'invalid' } | { readonly kind: 'authenticated'; readonly principal: Principal };

/**
 * Turns an `Authorization: Bearer …` header into a principal: an embedded service token (`blt_…`,
 * checked against the hashed token file) or, when an issuer is configured, an OIDC/JWT access token.
 */
@Injectable()
export class Authenticator {
  readonly tokens: TokenStore;
  private readonly oidc: OidcVerifier | null;

  constructor(config: AppConfig) {
    this.tokens = new TokenStore(config.dataDir);
    this.oidc = config.security.oidc === undefined ? null : new OidcVerifier(config.security.oidc);
  }

  async authenticate(authorization: string | undefined): Promise<Authentication> {
    if (authorization === undefined || authorization === '') return { kind: 'anonymous' };
    const match = /^Bearer ([\x21-\x7e]+)$/i.exec(authorization);
    if (match === null || authorization.length > MAX_CREDENTIAL_LENGTH) return { kind: 'invalid' };
    const credential = match[1] as string;
    const principal = TokenStore.looksLikeToken(credential) ? this.tokens.authenticate(credential) : await this.oidc?.verify(credential);
    return principal ? { kind: 'authenticated', principal } : { kind: 'invalid' };
  }
}

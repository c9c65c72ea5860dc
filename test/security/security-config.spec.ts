import { ConfigValidationError, validateEnvironment } from '../../src/config/app.config';

describe('security settings', () => {
  it('binds loopback, 1200 requests a minute (600,000 for a claims feeder) and 4 streams per principal, and no OIDC by default', () => {
    expect(validateEnvironment({}).security).toEqual({ host: '127.0.0.1', oidc: undefined, rateLimitPerMinute: 1200, feederRateLimitPerMinute: 600_000, failedAuthPerMinute: 60, sseStreamsPerPrincipal: 4 });
  });

  it('takes HOST, RATE_LIMIT_PER_MINUTE, FEEDER_RATE_LIMIT_PER_MINUTE and SSE_STREAMS_PER_PRINCIPAL from the environment', () => {
    expect(validateEnvironment({ HOST: '0.0.0.0', RATE_LIMIT_PER_MINUTE: '60', FEEDER_RATE_LIMIT_PER_MINUTE: '6000', SSE_STREAMS_PER_PRINCIPAL: '2' }).security).toMatchObject({
      host: '0.0.0.0',
      rateLimitPerMinute: 60,
      feederRateLimitPerMinute: 6000,
      sseStreamsPerPrincipal: 2,
    });
  });

  it('lists every invalid setting at once', () => {
    const refusal = (): unknown => validateEnvironment({ HOST: 'not a host!', RATE_LIMIT_PER_MINUTE: '0', OIDC_AUDIENCE: 'x' });
    expect(refusal).toThrow(ConfigValidationError);
    expect(refusal).toThrow(/HOST must be an IP address[\s\S]*OIDC_AUDIENCE is only meaningful with OIDC_ISSUER[\s\S]*RATE_LIMIT_PER_MINUTE must be an integer from 1/);
  });

  it('needs an audience and exactly one key source with an issuer, and http(s) URLs', () => {
    expect(() => validateEnvironment({ OIDC_ISSUER: 'ftp://id', OIDC_AUDIENCE: 'a', OIDC_JWKS_URL: 'https://id/jwks', OIDC_PUBLIC_KEY_FILE: '/nonexistent.pem' })).toThrow(
      /OIDC_ISSUER must be an http\(s\) URL[\s\S]*exactly one must be set[\s\S]*OIDC_PUBLIC_KEY_FILE must name a readable PEM/,
    );
    expect(validateEnvironment({ OIDC_ISSUER: 'https://id.example/realms/ybj', OIDC_AUDIENCE: 'ledger', OIDC_JWKS_URL: 'https://id.example/certs' }).security.oidc).toMatchObject({
      rolesClaim: 'roles',
      regionsClaim: 'regions',
      jwksUrl: 'https://id.example/certs',
      publicKeyPem: undefined,
    });
  });
});

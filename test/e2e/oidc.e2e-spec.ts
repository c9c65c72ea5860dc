import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/app-harness';

const ISSUER = 'https://id.test.example/realms/ybj';
const AUDIENCE = 'benefits-ledger';

/** Signs a token for every region unless `claims` names the regions (an absent claim is refused). */
const sign = (key: KeyLike, alg: string, claims: Record<string, unknown>, options: { audience?: string; issuer?: string; expiresIn?: string; kid?: string } = {}) =>
  new SignJWT({ regions: '*', ...claims })
    .setProtectedHeader({ alg, ...(options.kid === undefined ? {} : { kid: options.kid }) })
    .setSubject('clerk-17')
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(key);

describe('OIDC/JWT access tokens, keys from a JWKS served on loopback (e2e)', () => {
  let subject: TestApp;
  let jwks: Server;
  let privateKey: KeyLike;
  let stranger: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    stranger = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    subject = await startTestApp({
      env: { OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: AUDIENCE, OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks`, OIDC_ROLES_CLAIM: 'ledger_roles' },
    });
  });

  afterAll(async () => {
    await subject.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  const me = (token: string) => subject.anonymous.get('/auth/me').set('Authorization', `Bearer ${token}`);

  it('takes the principal, roles and regions from a valid token', async () => {
    const token = await sign(privateKey, 'RS256', { ledger_roles: ['inspector', 'not-a-ledger-role'], regions: ['heze'] }, { kid: 'k1' });
    expect((await me(token).expect(200)).body).toEqual({ id: 'oidc:clerk-17', roles: ['inspector'], regions: ['heze'], source: 'oidc' });
    await subject.anonymous.get('/audit/verify').set('Authorization', `Bearer ${token}`).expect(403);
  });

  it('grants every region only when the claim says "*", and refuses a token whose regions claim is absent, null, empty or malformed (401)', async () => {
    // Given tokens the issuer signed, identical but for the regions claim
    const withRegions = (regions: unknown) => sign(privateKey, 'RS256', { ledger_roles: ['operator'], regions }, { kid: 'k1' });
    // Then "*" (alone, or as the only element) is every region
    expect((await me(await withRegions('*')).expect(200)).body).toMatchObject({ regions: null });
    expect((await me(await withRegions(['*'])).expect(200)).body).toMatchObject({ regions: null });
    // And an issuer that never mapped the claim, or sends null for users without it, widens nobody
    const unmapped = await new SignJWT({ ledger_roles: ['operator'] }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('clerk-17').setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('5m').sign(privateKey);
    await me(unmapped).expect(401);
    for (const regions of [null, [], '', ['heze', '*'], ['Heze'], 42]) await me(await withRegions(regions)).expect(401);
  });

  it.each([
    ['another audience', { audience: 'someone-else' }],
    ['another issuer', { issuer: 'https://evil.example' }],
    ['an expired token', { expiresIn: '-2m' }],
  ])('refuses %s (401)', async (_case, options) => {
    await me(await sign(privateKey, 'RS256', { ledger_roles: ['operator'] }, { kid: 'k1', ...options })).expect(401);
  });

  it('refuses a token signed by another key, one without a ledger role, and an unsigned one (401)', async () => {
    await me(await sign(stranger, 'RS256', { ledger_roles: ['operator'] }, { kid: 'k1' })).expect(401);
    await me(await sign(privateKey, 'RS256', { ledger_roles: [] }, { kid: 'k1' })).expect(401);
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'x', iss: ISSUER, aud: AUDIENCE, ledger_roles: ['operator'], exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
    await me(`${header}.${payload}.`).expect(401);
  });

  it('refuses a token without an expiry (401): it would be valid for ever', async () => {
    // Given a token the issuer's key signed with every claim but exp,
    const token = await new SignJWT({ ledger_roles: ['operator'], regions: '*' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('clerk-17').setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().sign(privateKey);
    // when it is presented, then it is refused like an expired one.
    await me(token).expect(401);
  });

  it.each([
    ['a 身份证号', '11010519491231002X'],
    ['a mobile number', 'u13800138000'],
  ])('refuses a token whose subject holds %s (401): the subject is the actor of every event it records', async (_case, subjectId) => {
    // Given a valid token of an issuer that names its users by ID or phone number,
    const token = await new SignJWT({ ledger_roles: ['registrar'], regions: '*' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject(subjectId).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('5m').sign(privateKey);
    // when it registers a person, then nothing is recorded under that subject.
    await subject.anonymous.post('/persons').set('Authorization', `Bearer ${token}`).send({ personId: 'p-oidc-pii', region: 'heze', scheme: 'RESIDENT' }).expect(401);
    await me(token).expect(401);
  });

  it('records the OIDC subject and role as the actor of a command', async () => {
    const token = await sign(privateKey, 'RS256', { ledger_roles: 'registrar inspector' }, { kid: 'k1' });
    const response = await subject.anonymous.post('/persons').set('Authorization', `Bearer ${token}`).send({ personId: 'p-oidc', region: 'heze', scheme: 'RESIDENT' }).expect(201);
    expect(response.body.events[0]).toMatchObject({ type: 'PersonRegistered' });
    const feed = await subject.as('consumer').get(`/feed?after=${BigInt(response.body.position) - 1n}&limit=1`).expect(200);
    expect(feed.body.events[0].metadata.actor).toBe('oidc:clerk-17#registrar');
  });
});

describe('OIDC/JWT access tokens, key from a PEM file (e2e)', () => {
  let subject: TestApp;
  let privateKey: KeyLike;
  let keyDir: string;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    keyDir = mkdtempSync(join(tmpdir(), 'benefits-ledger-oidc-'));
    const pemFile = join(keyDir, 'issuer.pem');
    writeFileSync(pemFile, await exportSPKI(pair.publicKey));
    subject = await startTestApp({ env: { OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: AUDIENCE, OIDC_PUBLIC_KEY_FILE: pemFile } });
  });

  afterAll(async () => {
    await subject.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('verifies tokens signed with the key and refuses others', async () => {
    const token = await sign(privateKey, 'ES256', { roles: ['operator'] });
    expect((await subject.anonymous.get('/auth/me').set('Authorization', `Bearer ${token}`).expect(200)).body).toMatchObject({ id: 'oidc:clerk-17', roles: ['operator'], regions: null });
    const other = (await generateKeyPair('ES256')).privateKey;
    await subject.anonymous.get('/auth/me').set('Authorization', `Bearer ${await sign(other, 'ES256', { roles: ['operator'] })}`).expect(401);
    // Service tokens keep working beside the issuer.
    await subject.as('inspector').get('/auth/me').expect(200);
  });

  it('refuses to start with OIDC half configured, naming each missing setting', async () => {
    await expect(startTestApp({ env: { OIDC_ISSUER: ISSUER } })).rejects.toThrow(/OIDC_AUDIENCE[\s\S]*OIDC_JWKS_URL \/ OIDC_PUBLIC_KEY_FILE/);
  });
});

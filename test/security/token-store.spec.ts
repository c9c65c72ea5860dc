import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenCommand, listTokensCommand, revokeTokenCommand } from '../../src/cli/commands/tokens.command';
import { securePrivateDirectory } from '../../src/security/private-files';
import { TokenInputError, TokenStore, TOKENS_FILE } from '../../src/security/token-store';

const outputs = () => {
  const out = { stdout: '', stderr: '' };
  return { out, output: { stdout: (text: string) => void (out.stdout += text), stderr: (text: string) => void (out.stderr += text), interactive: false } };
};

describe('service tokens', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-ledger-tokens-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stores only a SHA-256 of the secret, in a 0600 file, and authenticates the secret to its principal', () => {
    const store = new TokenStore(dataDir);
    expect(store.isEmpty()).toBe(true);
    const { token, summary } = store.create({ name: 'heze desk', roles: ['inspector'], regions: ['heze'] });

    const file = readFileSync(join(dataDir, TOKENS_FILE), 'utf8');
    const secret = token.split('.')[1]!;
    expect(file).not.toContain(secret);
    expect(file).toContain(summary.id);
    expect(statSync(join(dataDir, TOKENS_FILE)).mode & 0o777).toBe(0o600);
    expect(new TokenStore(dataDir).authenticate(token)).toEqual({ id: `token:${summary.id}`, roles: ['inspector'], regions: ['heze'], source: 'token' });
  });

  it('refuses a wrong secret, a malformed token and an unknown id', () => {
    const store = new TokenStore(dataDir);
    const { token } = store.create({ name: 'a', roles: ['operator'], regions: null });
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(store.authenticate(wrong)).toBeNull();
    expect(store.authenticate('blt_nothex.secret')).toBeNull();
    expect(store.authenticate(`blt_${'0'.repeat(16)}.${'A'.repeat(43)}`)).toBeNull();
  });

  it('stops accepting a token revoked by another process (the CLI) without a restart', () => {
    const service = new TokenStore(dataDir);
    const { token, summary } = service.create({ name: 'feeder', roles: ['claims-feeder'], regions: null });
    expect(service.authenticate(token)).not.toBeNull();
    expect(new TokenStore(dataDir).revoke(summary.id)?.revokedAt).toEqual(expect.any(String));
    expect(service.authenticate(token)).toBeNull();
  });

  it('refuses an unknown role, a malformed region and an empty name', () => {
    const store = new TokenStore(dataDir);
    expect(() => store.create({ name: 'x', roles: ['root' as never], regions: null })).toThrow(TokenInputError);
    expect(() => store.create({ name: 'x', roles: ['inspector'], regions: ['Heze!'] })).toThrow(/region/);
    expect(() => store.create({ name: '', roles: ['inspector'], regions: null })).toThrow(/name/);
  });

  describe('CLI: benefits-ledger tokens create / list / revoke', () => {
    it('prints the secret once, lists without it, and revokes by name', () => {
      const env = { DATA_DIR: dataDir };
      const created = outputs();
      expect(createTokenCommand({ role: ['inspector'], region: ['heze'], name: 'heze-desk' }, env, created.output)).toBe(0);
      const token = created.out.stdout.trim();
      expect(token).toMatch(/^blt_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/);
      expect(created.out.stderr).toContain('shown once');

      const listed = outputs();
      expect(listTokensCommand({ json: true }, env, listed.output)).toBe(0);
      expect(listed.out.stdout).not.toContain(token.split('.')[1]);
      expect(JSON.parse(listed.out.stdout)).toEqual([expect.objectContaining({ name: 'heze-desk', roles: ['inspector'], regions: ['heze'], revokedAt: null })]);
      expect(new TokenStore(dataDir).authenticate(token)).not.toBeNull();

      const revoked = outputs();
      expect(revokeTokenCommand('heze-desk', env, revoked.output)).toBe(0);
      expect(new TokenStore(dataDir).authenticate(token)).toBeNull();
      expect(revokeTokenCommand('heze-desk', env, outputs().output)).toBe(2);
    });

    it('answers exit code 2 and a message for an unknown role', () => {
      const refused = outputs();
      expect(createTokenCommand({ role: ['superuser'], name: 'x' }, { DATA_DIR: dataDir }, refused.output)).toBe(2);
      expect(refused.out.stderr).toContain('unknown role superuser');
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    });
  });
});

describe('owner-only data directory', () => {
  it('narrows the directory to 0700 and every file in it to 0600 before the stores open, whatever created them', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'benefits-ledger-modes-'));
    try {
      chmodSync(dataDir, 0o755);
      writeFileSync(join(dataDir, 'master.key'), 'k', { mode: 0o644 });
      writeFileSync(join(dataDir, 'events.sqlite-wal'), '', { mode: 0o644 });
      securePrivateDirectory(dataDir);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      for (const name of ['master.key', 'events.sqlite', 'events.sqlite-wal', 'read-models.sqlite']) expect([name, statSync(join(dataDir, name)).mode & 0o777]).toEqual([name, 0o600]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

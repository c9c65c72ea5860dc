import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isRole, type Principal, type Role } from '../api/auth/roles';
import { findPersonalIdentifiers } from '../personal-data/personal-identifier';
import { narrowMode, writePrivateFileAtomically } from './private-files';

/** The token file in the data directory: ids, names, roles, regions and SHA-256 hashes, never a secret. */
export const TOKENS_FILE = 'tokens.json';
/** Tokens a data directory may hold (revoked ones included): far above any bureau's services. */
export const MAX_TOKENS = 10_000;
const TOKEN_PREFIX = 'blt';
/** 256 bits: a hash of it cannot be brute-forced, so one unsalted SHA-256 suffices (unlike a password). */
const SECRET_BYTES = 32;
const ID_BYTES = 8;
const TOKEN_PATTERN = /^blt_([0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/;
const NAME_PATTERN = /^[\p{L}\p{N} ._:@-]{1,64}$/u;
const REGION_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

export interface StoredToken {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** null: every region. */
  readonly regions: readonly string[] | null;
  readonly secretSha256: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** A stored token as `authenticate` compares it: its hash decoded once per read of the file, not per request. */
interface CachedToken {
  readonly stored: StoredToken;
  readonly secretSha256: Buffer;
}

/** What `list` shows: everything but the hash. */
export type TokenSummary = Omit<StoredToken, 'secretSha256'>;

export interface NewToken {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly regions: readonly string[] | null;
}

interface TokenFile {
  readonly version: 1;
  readonly tokens: StoredToken[];
}

export class TokenInputError extends Error {
  override readonly name = 'TokenInputError';
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * The embedded credential store: service tokens kept hashed in `DATA_DIR/tokens.json` (0600). The
 * secret is returned once, by `create`, and never stored. The service and the CLI share the file:
 * writes replace it atomically, and `authenticate` re-reads it when its size or modification time
 * changed, so a token created or revoked from the CLI takes effect without a restart.
 */
export class TokenStore {
  private readonly path: string;
  private cache: { readonly stamp: string; readonly byId: Map<string, CachedToken> } | null = null;

  constructor(readonly dataDir: string) {
    this.path = join(dataDir, TOKENS_FILE);
  }

  /** True until the first token is created in this data directory. */
  isEmpty(): boolean {
    return statSync(this.path, { throwIfNoEntry: false }) === undefined;
  }

  create(input: NewToken, now: Date = new Date()): { readonly token: string; readonly summary: TokenSummary } {
    const { name, roles, regions } = validateNewToken(input);
    const file = this.readFile();
    if (file.tokens.length >= MAX_TOKENS) throw new TokenInputError(`the data directory already holds ${MAX_TOKENS} tokens; revoke and prune first`);
    const id = newTokenId();
    const secret = randomBytes(SECRET_BYTES).toString('base64url');
    const stored: StoredToken = { id, name, roles, regions, secretSha256: sha256(secret).toString('hex'), createdAt: now.toISOString(), revokedAt: null };
    this.writeFile({ version: 1, tokens: [...file.tokens, stored] });
    return { token: `${TOKEN_PREFIX}_${id}.${secret}`, summary: summaryOf(stored) };
  }

  list(): TokenSummary[] {
    return this.readFile().tokens.map(summaryOf);
  }

  /** Revokes by id or by name (when the name is unique); false when no live token matches. */
  revoke(idOrName: string, now: Date = new Date()): TokenSummary | null {
    const file = this.readFile();
    const live = file.tokens.filter((token) => token.revokedAt === null && (token.id === idOrName || token.name === idOrName));
    if (live.length > 1) throw new TokenInputError(`${live.length} live tokens are named "${idOrName}": revoke one by its id`);
    const target = live[0];
    if (target === undefined) return null;
    const revoked = { ...target, revokedAt: now.toISOString() };
    this.writeFile({ version: 1, tokens: file.tokens.map((token) => (token.id === target.id ? revoked : token)) });
    return summaryOf(revoked);
  }

  /** The principal of a presented token, or null when it is malformed, unknown, revoked or wrong. */
  authenticate(presented: string): Principal | null {
    const match = TOKEN_PATTERN.exec(presented);
    if (match === null) return null;
    const [, id, secret] = match as unknown as [string, string, string];
    const cached = this.current().get(id);
    if (cached === undefined || cached.stored.revokedAt !== null) return null;
    const { stored, secretSha256 } = cached;
    if (!timingSafeEqual(sha256(secret), secretSha256)) return null;
    return { id: `token:${stored.id}`, roles: stored.roles, regions: stored.regions, source: 'token' };
  }

  static looksLikeToken(presented: string): boolean {
    return presented.startsWith(`${TOKEN_PREFIX}_`);
  }

  private current(): Map<string, CachedToken> {
    const stat = statSync(this.path, { throwIfNoEntry: false });
    const stamp = stat === undefined ? 'none' : `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
    if (this.cache?.stamp !== stamp) {
      const byId = new Map(this.readFile().tokens.map((stored): [string, CachedToken] => [stored.id, { stored, secretSha256: Buffer.from(stored.secretSha256, 'hex') }]));
      this.cache = { stamp, byId };
    }
    return this.cache.byId;
  }

  private readFile(): TokenFile {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, tokens: [] };
      throw error;
    }
    narrowMode(this.path);
    const parsed = JSON.parse(text) as Partial<TokenFile>;
    if (parsed.version !== 1 || !Array.isArray(parsed.tokens)) throw new Error(`${this.path} is not a token file of version 1`);
    return { version: 1, tokens: parsed.tokens };
  }

  private writeFile(file: TokenFile): void {
    writePrivateFileAtomically(this.path, `${JSON.stringify(file, null, 2)}\n`);
    this.cache = null;
  }
}

const summaryOf = ({ secretSha256: _hash, ...summary }: StoredToken): TokenSummary => summary;

const validateNewToken = ({ name, roles, regions }: NewToken): NewToken => {
  if (!NAME_PATTERN.test(name)) throw new TokenInputError('name: must be 1 to 64 letters, digits, spaces or ._:@-');
  if (roles.length === 0) throw new TokenInputError('role: at least one role is required');
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new TokenInputError(`role: unknown role ${unknown.join(', ')}`);
  if (regions !== null) {
    if (regions.length === 0) throw new TokenInputError('region: give at least one region, or none for every region');
    const bad = regions.filter((region) => !REGION_PATTERN.test(region));
    if (bad.length > 0) throw new TokenInputError(`region: ${bad.join(', ')} is not a region code such as "heze"`);
  }
  return { name, roles: [...new Set(roles)], regions: regions === null ? null : [...new Set(regions)] };
};

/**
 * A token's id, drawn again in the rare case (about one in 80,000) that its 16 hex digits hold what
 * the personal-identifier check refuses: the id is part of the principal ("token:<id>"), which
 * GET /audit/access is asked by, and a principal the check refuses could never be asked about.
 */
const newTokenId = (): string => {
  // Bounded: at one draw in 80,000 refused, 16 draws all refused would take a broken random source.
  for (let draw = 0; draw < TOKEN_ID_DRAWS_MAX; draw += 1) {
    const id = randomBytes(ID_BYTES).toString('hex');
    if (findPersonalIdentifiers(id).length === 0) return id;
  }
  throw new Error(`no token id free of personal identifiers in ${TOKEN_ID_DRAWS_MAX} draws: the random source is not random`);
};

const TOKEN_ID_DRAWS_MAX = 16;

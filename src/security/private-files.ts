import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Owner-only modes: the data directory holds every event, the read models, token hashes and keys. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** The SQLite databases of a data directory; SQLite gives their -wal and -shm files the main file's mode. */
export const SQLITE_FILES = ['events.sqlite', 'read-models.sqlite'] as const;
const SQLITE_SIDE_FILES = ['', '-wal', '-shm', '-journal'] as const;
/** Entries of the data directory narrowed at start-up: far more than it ever holds (databases, tokens, keys). */
const DATA_DIR_ENTRIES_MAX = 1000;

/**
 * Makes the data directory owner-only (0700) and every database file in it 0600, before any store
 * opens it. The main database files are created empty here with mode 0600 when missing: SQLite then
 * creates their -wal and -shm files with the same mode, whatever the process umask. Files left by an
 * older version with wider modes are narrowed.
 */
export const securePrivateDirectory = (dataDir: string, databases: readonly string[] = SQLITE_FILES): void => {
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dataDir, PRIVATE_DIR_MODE);
  for (const name of databases) {
    const main = join(dataDir, name);
    if (!existsSync(main)) closeSync(openSync(main, 'a', PRIVATE_FILE_MODE));
    for (const suffix of SQLITE_SIDE_FILES) narrowMode(`${main}${suffix}`);
  }
  // Every other file there too (token file, key files of other parts), whoever created it.
  for (const entry of readdirSync(dataDir, { withFileTypes: true }).slice(0, DATA_DIR_ENTRIES_MAX)) {
    if (entry.isFile()) narrowMode(join(dataDir, entry.name));
  }
};

/** chmod 0600 when the file exists and is wider. */
export const narrowMode = (path: string): void => {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat !== undefined && (stat.mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(path, PRIVATE_FILE_MODE);
};

/**
 * Writes a private file atomically: a 0600 temporary file beside it, then a rename, so a reader (the
 * service reloading tokens while the CLI writes) sees the old or the new content, never half of it.
 */
export const writePrivateFileAtomically = (path: string, content: string): void => {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode: PRIVATE_FILE_MODE, flag: 'w' });
  chmodSync(temporary, PRIVATE_FILE_MODE);
  renameSync(temporary, path);
};

/** Creates a private file only if it does not exist yet ('wx'); false when it already did. */
export const createPrivateFile = (path: string, content: string): boolean => {
  try {
    writeFileSync(path, content, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    return true;
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
};

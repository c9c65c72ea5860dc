import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * Scratch directories of the read-model check, in the data directory, named after the process that
 * made them: the prefix, a tag of the host, the process id and a random tail. A check stopped hard
 * (SIGKILL, an out-of-memory kill, or Ctrl-C, which ends a Node process without running its
 * `finally`) cannot remove its own, a copy as large as the read models; the name lets a later run
 * tell that its owner is gone and remove it, while the directory of a check still running, in this
 * process or another, is left alone.
 */

/** The host's tag: a process id means something only on the host (or container) that issued it. */
const hostTag = (): string => createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

const OWNER = /^([0-9a-f]{8})-(\d+)-/;

/** A new scratch directory of this process, under `prefix`. */
export const makeScratchDirectory = (dataDir: string, prefix: string): string => mkdtempSync(join(dataDir, `${prefix}${hostTag()}-${process.pid}-`));

/** Whether a process of this host with that id is running (EPERM: it runs as another user). */
const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Whether the directory's owner is gone. A name without an owner was made before owners were named,
 * by a version of the code that no longer runs. A process id of another host cannot be checked from
 * here, and an id the system has since given to another process keeps the directory: both err on the
 * side of a check that may still be running.
 */
const isAbandoned = (tail: string): boolean => {
  const owner = OWNER.exec(tail);
  if (owner === null) return true;
  return owner[1] === hostTag() && !isRunning(Number(owner[2]));
};

/** The data directory's entries, none when it does not exist (yet). */
const entriesOf = (dataDir: string): string[] => {
  try {
    return readdirSync(dataDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
};

/** Removes the scratch directories under `prefix` whose owner is gone; bounded by the directory's listing. */
export const removeAbandonedScratchDirectories = (dataDir: string, prefix: string): void => {
  for (const entry of entriesOf(dataDir)) {
    if (entry.startsWith(prefix) && isAbandoned(entry.slice(prefix.length))) rmSync(join(dataDir, entry), { recursive: true, force: true });
  }
};

/** Removes every scratch directory under `prefix`: for a runner that knows no other run of its own can be under way. */
export const removeScratchDirectories = (dataDir: string, prefix: string): void => {
  for (const entry of entriesOf(dataDir)) {
    if (entry.startsWith(prefix)) rmSync(join(dataDir, entry), { recursive: true, force: true });
  }
};

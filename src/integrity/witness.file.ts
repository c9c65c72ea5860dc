import { appendFileSync, closeSync, fstatSync, openSync, readFileSync, readSync, truncateSync } from 'node:fs';
import { witnessLine } from './checkpoint';

/**
 * Beside the store: the service's own witness copy of the checkpoints it signed, one JSON object a
 * line. It is one copy among others; a forger with the data directory can delete it, so checkpoints
 * kept where the data directory's owner cannot reach them are what detects a rollback.
 */
export const WITNESS_FILE = 'checkpoints.witness.jsonl';

const NEWLINE = 0x0a;

/**
 * Appends a checkpoint's line to the witness file. The file is not synced, so a power cut or a full
 * disk can cut an append short; the next line would then be written onto the fragment, and the two
 * read as one malformed record, which start-up verification reports as a bad signature. So a last
 * line left without its newline is ended first when it is a whole checkpoint, and cut off when it is
 * a fragment (its checkpoint is in the store).
 */
export const appendWitnessLine = (path: string, line: string): void => {
  endTornTail(path);
  appendFileSync(path, `${line}\n`, { mode: 0o600 });
};

const endTornTail = (path: string): void => {
  if (lastByte(path) === null || lastByte(path) === NEWLINE) return;
  const text = readFileSync(path);
  const end = text.lastIndexOf(NEWLINE) + 1;
  if (witnessLine(text.subarray(end).toString('utf8')) !== null) appendFileSync(path, '\n');
  else truncateSync(path, end);
};

/** The file's last byte; null when it is missing or empty. */
const lastByte = (path: string): number | null => {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return null;
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, size - 1);
    return byte[0] ?? null;
  } finally {
    closeSync(fd);
  }
};

import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { AccessLogHead } from '../access-log/access-chain';
import type { EventToAppend, RecordedEvent } from '../event-store/event-store.port';
import { signText, verifyText, type PublicKey, type SigningKey } from './signing-key';

/**
 * A signed checkpoint: "the store's global order, up to `position`, hashes to `globalHash`", and
 * since format v2 also "the access log held `accessLogSequence` entries, the last hashing to
 * `accessLogHash`", signed with the ledger's Ed25519 key. Checkpoints are appended as events to their own stream, so
 * they travel on the feed and in every copy of the store; consumers keep them as witness copies.
 */
export const CHECKPOINT_STREAM = 'audit-checkpoints';
export const CHECKPOINT_EVENT_TYPE = 'CheckpointSigned';

export interface Checkpoint {
  /** Global position of the last event covered, as a decimal string. */
  readonly position: string;
  /** The global chain's hash at that position. */
  readonly globalHash: string;
  /** v2: the sequence of the access log's last durable entry, as a decimal string ("0": an empty log). */
  readonly accessLogSequence?: string;
  /** v2: that entry's chain hash. A v1 checkpoint has neither field and vouches for nothing about the access log. */
  readonly accessLogHash?: string;
  /** ISO-8601 instant of signing. */
  readonly signedAt: string;
  readonly keyId: string;
  /** Base64 Ed25519 signature over `signedText(checkpoint)`. */
  readonly signature: string;
}

/**
 * Exactly what is signed: a fixed, line-separated text, so any language can re-create it. A checkpoint
 * with the access log's head is v2, whose first line differs, so removing the two fields from a v2
 * checkpoint (to make it vouch for nothing about the log) leaves a signature over another text.
 */
export const signedText = (checkpoint: Omit<Checkpoint, 'signature'>): string =>
  checkpoint.accessLogSequence === undefined || checkpoint.accessLogHash === undefined
    ? ['benefits-ledger checkpoint v1', checkpoint.position, checkpoint.globalHash, checkpoint.signedAt, checkpoint.keyId].join('\n')
    : ['benefits-ledger checkpoint v2', checkpoint.position, checkpoint.globalHash, checkpoint.accessLogSequence, checkpoint.accessLogHash, checkpoint.signedAt, checkpoint.keyId].join('\n');

/** Signs the global head, and the access log's durable head when there is one (v2; v1 without). */
export const signCheckpoint = (key: SigningKey, position: bigint, globalHash: string, signedAt: Date, accessLog: AccessLogHead | null = null): Checkpoint => {
  const head = accessLog === null ? {} : { accessLogSequence: accessLog.sequence.toString(), accessLogHash: accessLog.hash };
  const unsigned = { position: position.toString(), globalHash, ...head, signedAt: signedAt.toISOString(), keyId: key.keyId };
  return { ...unsigned, signature: signText(key, signedText(unsigned)) };
};

/** The access log's head a checkpoint vouches for; null for a v1 checkpoint. */
export const accessLogHeadOf = (checkpoint: Checkpoint): AccessLogHead | null =>
  checkpoint.accessLogSequence === undefined || checkpoint.accessLogHash === undefined
    ? null
    : { sequence: Number(checkpoint.accessLogSequence), hash: checkpoint.accessLogHash };

export const checkpointSignatureValid = (key: PublicKey, checkpoint: Checkpoint): boolean =>
  checkpoint.keyId === key.keyId && verifyText(key, signedText(checkpoint), checkpoint.signature);

export const checkpointEvent = (checkpoint: Checkpoint): EventToAppend => ({
  type: CHECKPOINT_EVENT_TYPE,
  data: checkpoint,
  metadata: {
    eventId: randomUUID(),
    schemaVersion: 1,
    correlationId: `checkpoint-${checkpoint.position}`,
    causationId: `checkpoint-${checkpoint.position}`,
    actor: 'system:checkpoint-signer',
    recordedAt: checkpoint.signedAt,
  },
});

export const isCheckpointEvent = (event: Pick<RecordedEvent, 'streamName' | 'type'>): boolean =>
  event.streamName === CHECKPOINT_STREAM && event.type === CHECKPOINT_EVENT_TYPE;

/** A checkpoint as read back from an event or a witness file; anything malformed is null. */
export const parseCheckpoint = (value: unknown): Checkpoint | null => {
  if (value === null || typeof value !== 'object') return null;
  const { position, globalHash, signedAt, keyId, signature, accessLogSequence, accessLogHash } = value as Record<string, unknown>;
  const texts = [position, globalHash, signedAt, keyId, signature];
  if (!texts.every((text) => typeof text === 'string') || !/^\d{1,20}$/.test(position as string)) return null;
  const v1 = { position: position as string, globalHash: globalHash as string, signedAt: signedAt as string, keyId: keyId as string, signature: signature as string };
  if (accessLogSequence === undefined && accessLogHash === undefined) return v1;
  // Both or neither: one without the other is no format that was ever signed. 15 digits keep the
  // sequence exact as a JavaScript number.
  if (typeof accessLogSequence !== 'string' || !/^\d{1,15}$/.test(accessLogSequence) || typeof accessLogHash !== 'string') return null;
  return { ...v1, accessLogSequence, accessLogHash };
};

/**
 * Checkpoints kept as JSON lines (the service's witness file, or a consumer's copy); malformed lines
 * become null. An unterminated last line that is no checkpoint is left out: it is an append cut short
 * (a power cut, a full disk), whose checkpoint the store holds, not a record someone altered.
 */
export const readWitnessFile = (path: string): Array<Checkpoint | null> => {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  // The piece after the last newline: empty when the last append was whole.
  const tail = lines.pop() ?? '';
  const records = lines.filter((line) => line.trim() !== '').map(witnessLine);
  const torn = tail.trim() === '' ? null : witnessLine(tail);
  return torn === null ? records : [...records, torn];
};

/** One line of a witness copy as a checkpoint, or null when it is none. */
export const witnessLine = (line: string): Checkpoint | null => {
  try {
    return parseCheckpoint(JSON.parse(line) as unknown);
  } catch {
    return null;
  }
};

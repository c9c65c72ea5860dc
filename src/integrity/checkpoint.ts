import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { EventToAppend, RecordedEvent } from '../event-store/event-store.port';
import { signText, verifyText, type PublicKey, type SigningKey } from './signing-key';

/**
 * A signed checkpoint: "the store's global order, up to `position`, hashes to `globalHash`",
 * signed with the ledger's Ed25519 key. Checkpoints are appended as events to their own stream, so
 * they travel on the feed and in every copy of the store; consumers keep them as witness copies.
 */
export const CHECKPOINT_STREAM = 'audit-checkpoints';
export const CHECKPOINT_EVENT_TYPE = 'CheckpointSigned';

export interface Checkpoint {
  /** Global position of the last event covered, as a decimal string. */
  readonly position: string;
  /** The global chain's hash at that position. */
  readonly globalHash: string;
  /** ISO-8601 instant of signing. */
  readonly signedAt: string;
  readonly keyId: string;
  /** Base64 Ed25519 signature over `signedText(checkpoint)`. */
  readonly signature: string;
}

/** Exactly what is signed: a fixed, line-separated text, so any language can re-create it. */
export const signedText = (checkpoint: Omit<Checkpoint, 'signature'>): string =>
  ['benefits-ledger checkpoint v1', checkpoint.position, checkpoint.globalHash, checkpoint.signedAt, checkpoint.keyId].join('\n');

export const signCheckpoint = (key: SigningKey, position: bigint, globalHash: string, signedAt: Date): Checkpoint => {
  const unsigned = { position: position.toString(), globalHash, signedAt: signedAt.toISOString(), keyId: key.keyId };
  return { ...unsigned, signature: signText(key, signedText(unsigned)) };
};

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
  const { position, globalHash, signedAt, keyId, signature } = value as Record<string, unknown>;
  const texts = [position, globalHash, signedAt, keyId, signature];
  if (!texts.every((text) => typeof text === 'string') || !/^\d{1,20}$/.test(position as string)) return null;
  return { position: position as string, globalHash: globalHash as string, signedAt: signedAt as string, keyId: keyId as string, signature: signature as string };
};

/** Checkpoints kept as JSON lines (the service's witness file, or a consumer's copy); malformed lines become null. */
export const readWitnessFile = (path: string): Array<Checkpoint | null> => {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return parseCheckpoint(JSON.parse(line) as unknown);
      } catch {
        return null;
      }
    });
};

import { WrongExpectedVersion, type ExpectedRevision } from './event-store.port';

/**
 * The expected-revision rule both adapters share (EventStoreDB's semantics): `current` is the
 * revision of the stream's last event, or null when the stream does not exist.
 */
export const checkExpectedRevision = (stream: string, expected: ExpectedRevision, current: bigint | null): void => {
  if (!matchesExpected(expected, current)) throw new WrongExpectedVersion(stream, expected, current ?? 'noStream');
};

export const matchesExpected = (expected: ExpectedRevision, current: bigint | null): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'noStream':
      return current === null;
    case 'streamExists':
      return current !== null;
    default:
      return current === expected;
  }
};

/** Refuses expectations that can never hold, so a caller bug fails loudly instead of as a version conflict. */
export const assertValidExpected = (expected: ExpectedRevision): void => {
  if (typeof expected === 'bigint') {
    if (expected < 0n) throw new RangeError(`expected revision must be >= 0, got ${expected}`);
    return;
  }
  if (expected !== 'any' && expected !== 'noStream' && expected !== 'streamExists') {
    throw new TypeError(`unknown expected revision ${String(expected)}`);
  }
};

import fc from 'fast-check';
import { deterministicEventId } from '../../src/event-store/deterministic-id';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('deterministicEventId', () => {
  it('gives a retried command the same id, and a version-5 RFC 4122 UUID', () =>
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { maxLength: 4 }), (namespace, parts) => {
        const id = deterministicEventId(namespace, ...parts);
        expect(id).toMatch(UUID_V5);
        expect(deterministicEventId(namespace, ...parts)).toBe(id);
      }),
    ));

  it('matches the RFC 4122 v5 value for a UUID namespace and one part', () => {
    // Reference value of uuidv5("www.example.com", DNS namespace), also given by Python's uuid.uuid5.
    expect(deterministicEventId('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('keeps part boundaries: ("ab", "c") and ("a", "bc") differ', () => {
    expect(deterministicEventId('claims', 'ab', 'c')).not.toBe(deterministicEventId('claims', 'a', 'bc'));
    expect(deterministicEventId('claims', 'a')).not.toBe(deterministicEventId('persons', 'a'));
  });
});

describe('deterministicEventId boundaries', () => {
  it('never confuses one part with several, nor a namespace boundary with a part boundary', () => {
    expect(deterministicEventId('ns', '1:a1:b')).not.toBe(deterministicEventId('ns', 'a', 'b'));
    expect(deterministicEventId('ns')).not.toBe(deterministicEventId('ns', ''));
    expect(deterministicEventId('a', 'bc')).not.toBe(deterministicEventId('ab', 'c'));
  });
});

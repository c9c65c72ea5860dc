import { parseJsonBody } from './body-parsers';
import { InvalidBody } from './utf8-body';

const refusal = (body: Buffer): InvalidBody => {
  try {
    parseJsonBody(body);
  } catch (error) {
    if (error instanceof InvalidBody) return error;
    throw error;
  }
  throw new Error('the body was accepted');
};

describe('the JSON body parser', () => {
  it.each([
    ['an object', '{"claimId":"c-1","costs":{"total":"1.00"}}', { claimId: 'c-1', costs: { total: '1.00' } }],
    ['an array', ' [1, 2]', [1, 2]],
    ['an empty body, as Express read it', '', {}],
    ['whitespace only', ' \n', {}],
  ])('reads %s', (_name, text, expected) => {
    expect(parseJsonBody(Buffer.from(text, 'utf8'))).toEqual(expected);
  });

  it('keeps a "__proto__" key as data, for the hostile-input guard to refuse', () => {
    const parsed = parseJsonBody(Buffer.from('{"__proto__":{"admin":true}}')) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
  });

  it.each([
    ['a string', '"c-1"', 'body: must be a JSON object or array'],
    ['a number', '42', 'body: must be a JSON object or array'],
    ['malformed JSON', '{"claimId": ', 'body: malformed JSON'],
  ])('refuses %s with a 400 it may show', (_name, text, message) => {
    const error = refusal(Buffer.from(text, 'utf8'));
    expect(error).toMatchObject({ status: 400, expose: true });
    expect(error.message).toContain(message);
  });

  it('refuses bytes that are not UTF-8, naming the field that holds them', () => {
    const body = Buffer.concat([Buffer.from('{"claim":{"hospital":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]);
    expect(refusal(body).message).toBe('claim.hospital: must be valid UTF-8');
  });
});

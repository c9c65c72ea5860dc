import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { pathOfReplacementCharacter } from './hostile-input';

/** An error body-parser passes on: a 400 whose message may be shown (the `http-errors` convention). */
class InvalidUtf8Body extends Error {
  readonly status = 400;
  readonly statusCode = 400;
  readonly expose = true;
}

/**
 * The JSON body parser's `verify` hook: a body that is not valid UTF-8 is refused with 400 naming
 * the field whose string holds the invalid bytes, instead of being decoded with replacement
 * characters and stored. Only the refused body is parsed a second time, to find that field.
 */
export const refuseInvalidUtf8 = (_request: IncomingMessage, _response: unknown, buffer: Buffer): void => {
  if (isUtf8(buffer)) return;
  let field = 'body';
  try {
    field = pathOfReplacementCharacter(JSON.parse(buffer.toString('utf8')) as unknown);
  } catch {
    // Malformed JSON as well: the body as a whole is named.
  }
  throw new InvalidUtf8Body(`${field}: must be valid UTF-8`);
};

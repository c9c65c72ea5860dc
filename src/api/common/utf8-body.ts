import { isUtf8 } from 'node:buffer';
import { pathOfReplacementCharacter } from './hostile-input';

/** A 400 whose message may be shown (the `http-errors` convention the exception mapping reads). */
export class InvalidBody extends Error {
  readonly status = 400;
  readonly statusCode = 400;
  readonly expose = true;
}

/**
 * A JSON body that is not valid UTF-8 is refused with 400 naming the field whose string holds the
 * invalid bytes, instead of being decoded with replacement characters and stored. Only the refused
 * body is parsed a second time, to find that field.
 */
export const refuseInvalidUtf8 = (buffer: Buffer): void => {
  if (isUtf8(buffer)) return;
  let field = 'body';
  try {
    field = pathOfReplacementCharacter(JSON.parse(buffer.toString('utf8')) as unknown);
  } catch {
    // Malformed JSON as well: the body as a whole is named.
  }
  throw new InvalidBody(`${field}: must be valid UTF-8`);
};

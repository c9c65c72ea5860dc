import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidBody, refuseInvalidUtf8 } from './utf8-body';

/** The largest JSON body accepted: Express's default, kept (a claim is about 1 KB). */
export const JSON_BODY_BYTES_MAX = 100 * 1024;

/**
 * The body parsers of the service, in place of Fastify's own. JSON must be valid UTF-8 (else 400
 * naming the field, see utf8-body.ts) and an object or an array; an empty body is `{}`. Any other
 * media type is read as text, bounded alike, so that `JsonWritesGuard` answers 415 in the API's own
 * words rather than the framework refusing it first; multipart uploads get the multipart plugin's
 * parser, registered after these.
 */
export const registerBodyParsers = (instance: FastifyInstance): void => {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: JSON_BODY_BYTES_MAX }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  instance.addContentTypeParser('*', { parseAs: 'string', bodyLimit: JSON_BODY_BYTES_MAX }, (_request: FastifyRequest, body, done) => done(null, body));
};

/** JSON as Express's strict parser read it: `{}` when empty, and only an object or an array at the top. */
export const parseJsonBody = (buffer: Buffer): unknown => {
  refuseInvalidUtf8(buffer);
  const text = buffer.toString('utf8');
  const first = text.trimStart()[0];
  if (first === undefined) return {};
  if (first !== '{' && first !== '[') throw new InvalidBody('body: must be a JSON object or array');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidBody(`body: malformed JSON (${(error as Error).message})`);
  }
};

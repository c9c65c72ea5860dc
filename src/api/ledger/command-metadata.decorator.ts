import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CommandMetadata } from '../../ledger/ledger.types';

/** Header values land in every event's metadata, which is immutable: keep them short and printable. */
const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]{0,126}[\x21-\x7e])?$/;
export const DEFAULT_ACTOR = 'http';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Builds a command's metadata from the request headers: `X-Actor` (default "http"),
 * `X-Correlation-Id` (default a new UUID), and `Idempotency-Key` as the command id, from which the
 * ledger derives event ids so a retried request appends nothing new. `recordedAt` is never taken
 * from a request: the server clock records HTTP commands.
 */
export const metadataFromHeaders = (headers: Headers): CommandMetadata => {
  const actor = header(headers, 'x-actor') ?? DEFAULT_ACTOR;
  const correlationId = header(headers, 'x-correlation-id') ?? randomUUID();
  const commandId = header(headers, 'idempotency-key');
  return { actor, correlationId, ...(commandId === undefined ? {} : { commandId }) };
};

const header = (headers: Headers, name: string): string | undefined => {
  const raw = headers[name];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value.trim() === '') return undefined;
  if (Array.isArray(raw) && raw.length > 1) throw new BadRequestException([`${name}: must be given once`]);
  if (!HEADER_VALUE.test(value)) throw new BadRequestException([`${name}: must be 1 to 128 printable ASCII characters`]);
  return value;
};

/** Parameter decorator: `@CommandMeta() meta: CommandMetadata`. */
export const CommandMeta = createParamDecorator((_data: unknown, context: ExecutionContext): CommandMetadata =>
  metadataFromHeaders(context.switchToHttp().getRequest<{ headers: Headers }>().headers),
);

/** Documents the three headers on a command endpoint. */
export const ApiCommandHeaders = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiHeader({ name: 'X-Actor', required: false, description: 'Who issues the command (recorded in event metadata); default "http".' }),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Correlation id for the events; default a new UUID.' }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Command id: event ids derive from it, so a retry with the same key and body appends nothing new.',
    }),
  );

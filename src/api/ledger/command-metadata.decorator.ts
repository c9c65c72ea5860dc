import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CommandMetadata } from '../../ledger/ledger.types';
import { actorOf, type Principal, type Role } from '../auth/roles';

/** Header values land in every event's metadata, which is immutable: keep them short and printable. */
const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]{0,126}[\x21-\x7e])?$/;

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** Who acted: the authenticated principal and the role the guard let it act in. */
export interface Acting {
  readonly principal: Principal;
  readonly role: Role;
}

/**
 * Builds a command's metadata. The actor is the authenticated principal with the role it acted in
 * (`actorOf`), never a header: the audit trail records who proved who they are, not what a caller
 * claims. `X-Correlation-Id` (default a new UUID) and `Idempotency-Key` (the command id, from which
 * the ledger derives event ids so a retried request appends nothing new) come from the headers.
 * `recordedAt` is never taken from a request: the server clock records HTTP commands.
 */
export const commandMetadataOf = (acting: Acting, headers: Headers): CommandMetadata => {
  const actor = actorOf(acting.principal, acting.role);
  const correlationId = header(headers, 'x-correlation-id') ?? randomUUID();
  const commandId = header(headers, 'idempotency-key');
  return { actor, correlationId, ...(commandId === undefined ? {} : { commandId }) };
};

/**
 * A header that is present is validated, an empty one included: an empty `Idempotency-Key` read as
 * "no key" would let the retry it was meant for append the command a second time.
 */
const header = (headers: Headers, name: string): string | undefined => {
  const raw = headers[name];
  if (raw === undefined) return undefined;
  if (Array.isArray(raw) && raw.length > 1) throw new BadRequestException([`${name}: must be given once`]);
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || !HEADER_VALUE.test(value)) throw new BadRequestException([`${name}: must be 1 to 128 printable ASCII characters`]);
  return value;
};

/**
 * Parameter decorator: `@CommandMeta() meta: CommandMetadata`. The AccessGuard has set the principal
 * and its acting role; a command route without them is a wiring bug, refused rather than recorded
 * anonymously.
 */
export const CommandMeta = createParamDecorator((_data: unknown, context: ExecutionContext): CommandMetadata => {
  const request = context.switchToHttp().getRequest<{ headers: Headers; principal?: Principal; actingRole?: Role }>();
  if (request.principal === undefined || request.actingRole === undefined) throw new Error('a command reached its handler without an authenticated principal');
  return commandMetadataOf({ principal: request.principal, role: request.actingRole }, request.headers);
});

/** Documents the headers of a command endpoint (the actor comes from the credential, not from a header). */
export const ApiCommandHeaders = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Correlation id for the events; default a new UUID.' }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Command id: event ids derive from it, so a retry with the same key and body appends nothing new.',
    }),
  );

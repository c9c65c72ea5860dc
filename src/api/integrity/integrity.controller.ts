import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '../../event-store/event-store.port';
import { EVENT_STORE, INTEGRITY_GATE } from '../infrastructure/tokens';
import { CHECKPOINT_STREAM, parseCheckpoint, type Checkpoint } from '../../integrity/checkpoint';
import type { IntegrityGate } from '../../integrity/integrity-gate';
import { Allow, Public } from '../auth/access.decorator';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { optionalPosition } from '../audit/query-params';
import { KnownQuery } from '../common/known-query.pipe';

/** Upper bound on checkpoints per page. */
export const CHECKPOINT_PAGE_MAX = 1000;

export interface CheckpointPage {
  readonly keyId: string;
  readonly checkpoints: ReadonlyArray<Checkpoint & { readonly eventPosition: string }>;
  /** Pass as `after` for the next page; null at the end. */
  readonly nextAfter: string | null;
}

/**
 * The anchors of tamper evidence, published so that consumers keep witness copies: the signed
 * checkpoints of the global chain, and the public key that verifies them.
 */
@ApiTags('audit')
@Controller('audit')
export class IntegrityController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(INTEGRITY_GATE) private readonly gate: IntegrityGate,
  ) {}

  @Get('checkpoints')
  @Allow('inspector', 'consumer', 'operator')
  @ApiOperation({
    summary: 'Signed checkpoints of the global hash chain, oldest first',
    description:
      'Each says: the store\'s global order up to `position` hashes to `globalHash`, signed with Ed25519 by key `keyId` over the text ' +
      '"benefits-ledger checkpoint v1\\n<position>\\n<globalHash>\\n<signedAt>\\n<keyId>". A v2 checkpoint also vouches that the access log held ' +
      '`accessLogSequence` entries, the last hashing to `accessLogHash`, and is signed over ' +
      '"benefits-ledger checkpoint v2\\n<position>\\n<globalHash>\\n<accessLogSequence>\\n<accessLogHash>\\n<signedAt>\\n<keyId>". ' +
      'Keep copies: they prove later that nothing up to them was changed. ' +
      '`after` pages by the checkpoint event\'s own position (`eventPosition`).',
  })
  @ApiQuery({ name: 'after', required: false, example: '0' })
  @ApiOkResponse({ description: '{ keyId, checkpoints, nextAfter }' })
  @ApiErrorResponses(400)
  async checkpoints(@KnownQuery('after') query: Record<string, unknown>): Promise<CheckpointPage> {
    const after = optionalPosition(query.after, 'after') ?? 0n;
    const events = await this.store.readAll({ afterPosition: after, maxCount: CHECKPOINT_PAGE_MAX, filter: { streamPrefixes: [CHECKPOINT_STREAM] } });
    const checkpoints = events.flatMap((event) => {
      const checkpoint = event.streamName === CHECKPOINT_STREAM ? parseCheckpoint(event.data) : null;
      return checkpoint ? [{ ...checkpoint, eventPosition: event.position.toString() }] : [];
    });
    const last = events[events.length - 1];
    return { keyId: this.gate.key.keyId, checkpoints, nextAfter: events.length === CHECKPOINT_PAGE_MAX && last ? last.position.toString() : null };
  }

  @Get('public-key')
  @Public()
  @Header('Content-Type', 'application/x-pem-file')
  @ApiOperation({ summary: 'The Ed25519 public key (SPKI PEM) that verifies the checkpoints; its key id is the first 16 hex digits of SHA-256 of the DER' })
  publicKey(): string {
    return this.gate.key.publicKeyPem;
  }
}

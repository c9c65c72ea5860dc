import { Controller, Get, Module } from '@nestjs/common';

/** About a usage answer's size: the floor's route (and the client ceiling's server) answers this many bytes of JSON. */
const FLOOR_ANSWER_BYTES = 2_000;
export const FLOOR_ANSWER = { padding: 'x'.repeat(FLOOR_ANSWER_BYTES) } as const;

/** One GET answering a fixed JSON document: what Nest on Fastify costs per request before any of the ledger's work. */
@Controller()
class FloorController {
  @Get('floor')
  answer(): typeof FLOOR_ANSWER {
    return FLOOR_ANSWER;
  }
}

/** An empty application but for that route: no guards, interceptors, pipes, logging or middleware. */
@Module({ controllers: [FloorController] })
export class FrameworkFloorModule {}

import { Controller, Get } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Allow, Public } from '../../src/api/auth/access.decorator';
import { RouteDeclarationsCheck } from '../../src/api/auth/route-declarations.check';

@Controller('declared')
class DeclaredController {
  @Get('open')
  @Public()
  open(): string {
    return 'ok';
  }

  @Get('closed')
  @Allow('operator')
  closed(): string {
    return 'ok';
  }
}

@Controller('forgotten')
class ForgottenController {
  @Get()
  forgotten(): string {
    return 'reachable by whom?';
  }

  @Get('empty')
  @Allow()
  empty(): string {
    return 'an empty @Allow() declares no one';
  }
}

const start = async (...controllers: Array<new () => object>): Promise<void> => {
  const module = await Test.createTestingModule({ imports: [DiscoveryModule], controllers, providers: [RouteDeclarationsCheck] }).compile();
  const app = module.createNestApplication(new FastifyAdapter(), { logger: false });
  try {
    await app.init();
  } finally {
    await app.close();
  }
};

describe('route declarations are checked at start-up', () => {
  it('starts when every route says @Allow(...) or @Public()', async () => {
    await expect(start(DeclaredController)).resolves.toBeUndefined();
  });

  it('refuses to start, naming each route that declares neither (or an empty @Allow())', async () => {
    await expect(start(DeclaredController, ForgottenController)).rejects.toThrow('routes without @Allow(...) or @Public(): ForgottenController.forgotten, ForgottenController.empty');
  });
});

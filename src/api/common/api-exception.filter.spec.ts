import { Body, Controller, Get, INestApplication, Post } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, ValidateNested } from 'class-validator';
import request from 'supertest';
import { DomainError } from '../../domain/domain-error';
import { SettlementRefused } from '../../domain/policy/settlement.types';
import { EventIdConflict, WrongExpectedVersion } from '../../event-store/event-store.port';
import { ApiCommonModule } from './api-common.module';
import { IsAmountText, IsIsoDate } from './dto-validators';
import { INTERNAL_ERROR_MESSAGE } from './error-mapping';

class CostsProbe {
  @IsAmountText() readonly total!: string;
}

class ClaimProbe {
  @IsIn(['INPATIENT', 'OUTPATIENT_CHRONIC']) readonly kind!: string;
  @IsIsoDate() readonly dischargeDate!: string;
  @IsBoolean() readonly referred!: boolean;
  @ValidateNested() @Type(() => CostsProbe) readonly costs!: CostsProbe;
}

/** Throws each member of the DomainError family (and a bug), so its mapping is observed through real HTTP. */
@Controller('probe')
class ProbeController {
  @Get('settlement-refused') settlementRefused(): never {
    throw new SettlementRefused('POLICY_SCOPE_NEGATIVE', 'policy-scope cost is negative');
  }
  @Get('wrong-version') wrongVersion(): never {
    throw new WrongExpectedVersion('benefit-year-p1-2023', 3n, 4n);
  }
  @Get('event-id-conflict') eventIdConflict(): never {
    throw new EventIdConflict('e-1', 'person-p1');
  }
  @Get('domain-not-found') domainNotFound(): never {
    throw new DomainError('not-found', 'PERSON_NOT_REGISTERED', 'person p404 is not registered');
  }
  @Get('domain-conflict') domainConflict(): never {
    throw new DomainError('conflict', 'CLAIM_ID_REUSED', 'claim c1 was already submitted with different content');
  }
  @Get('domain-unprocessable') domainUnprocessable(): never {
    throw new DomainError('unprocessable', 'NOT_ENROLLED', 'person p1 is not enrolled for 2023');
  }
  @Get('bug') bug(): never {
    throw new TypeError('Cannot read properties of undefined (reading "secret internals")');
  }
  @Post('claims') submit(@Body() claim: ClaimProbe): { kind: string; isInstance: boolean } {
    return { kind: claim.kind, isInstance: claim instanceof ClaimProbe };
  }
}

describe('API errors: global filter and validation pipe', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ApiCommonModule], controllers: [ProbeController] }).compile();
    app = moduleRef.createNestApplication(new FastifyAdapter(), { logger: false });
    await app.init();
    await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
  });

  it.each([
    ['settlement-refused', 422, 'Unprocessable Entity', 'POLICY_SCOPE_NEGATIVE'],
    ['wrong-version', 409, 'Conflict', 'WRONG_EXPECTED_VERSION'],
    ['event-id-conflict', 409, 'Conflict', 'EVENT_ID_CONFLICT'],
    ['domain-not-found', 404, 'Not Found', 'PERSON_NOT_REGISTERED'],
    ['domain-conflict', 409, 'Conflict', 'CLAIM_ID_REUSED'],
    ['domain-unprocessable', 422, 'Unprocessable Entity', 'NOT_ENROLLED'],
  ])('maps /probe/%s to %i with its code', async (path, statusCode, error, code) => {
    const response = await request(app.getHttpServer()).get(`/probe/${path}`).expect(statusCode);

    expect(response.body).toEqual({ statusCode, error, code, message: expect.any(String) });
  });

  it('tells the client what to do about a concurrent change', async () => {
    const response = await request(app.getHttpServer()).get('/probe/wrong-version').expect(409);

    expect(response.body.message).toBe('stream benefit-year-p1-2023: expected revision 3, actual 4: another request changed this record first; read it again and retry');
  });

  it('hides the text of an unexpected error behind a generic 500', async () => {
    const response = await request(app.getHttpServer()).get('/probe/bug').expect(500);

    expect(response.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: INTERNAL_ERROR_MESSAGE });
    expect(JSON.stringify(response.body)).not.toContain('secret internals');
  });

  it('accepts a valid body and hands the handler an instance of its DTO', async () => {
    const response = await request(app.getHttpServer())
      .post('/probe/claims')
      .send({ kind: 'INPATIENT', dischargeDate: '2024-02-29', referred: false, costs: { total: '937.80' } })
      .expect(201);

    expect(response.body).toEqual({ kind: 'INPATIENT', isInstance: true });
  });

  it('answers invalid input with 400 and one "path: rule" line per broken rule, nested fields included', async () => {
    const response = await request(app.getHttpServer())
      .post('/probe/claims')
      .send({ kind: 'DENTAL', dischargeDate: '2023-02-30', referred: 'yes', costs: { total: '937.8' }, extra: 1 })
      .expect(400);

    expect(response.body.statusCode).toBe(400);
    expect(response.body.error).toBe('Bad Request');
    expect(response.body.message).toEqual(
      expect.arrayContaining([
        'kind: kind must be one of the following values: INPATIENT, OUTPATIENT_CHRONIC',
        'dischargeDate: dischargeDate must be a calendar date written YYYY-MM-DD in the years 1900 to 2100',
        'referred: referred must be a boolean value',
        'costs.total: total must be an amount in yuan with exactly two decimals, e.g. "937.80"',
        'extra: property extra should not exist',
      ]),
    );
    expect(response.body.message).toHaveLength(5);
  });
});

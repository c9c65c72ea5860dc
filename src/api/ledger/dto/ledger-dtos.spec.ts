import type { ArgumentMetadata } from '@nestjs/common';
import { BadRequestException } from '@nestjs/common';
import { createValidationPipe } from '../../common/validation.pipe';
import { commandMetadataOf } from '../command-metadata.decorator';
import { SubmitClaimDto } from './claim.dto';
import { EnrollPersonDto } from './enrollment.dto';
import { RecognizeIdentityDto } from './person.dto';
import { PublishPolicyDto } from './policy.dto';
import { ReassessDto } from './reassessment.dto';

/** Runs the app's global pipe on a body, as Nest does for a @Body() of `type`. */
const validate = async (type: ArgumentMetadata['metatype'], body: unknown): Promise<unknown> =>
  createValidationPipe().transform(body, { type: 'body', metatype: type, data: '' });

const problems = async (type: ArgumentMetadata['metatype'], body: unknown): Promise<string[]> => {
  try {
    await validate(type, body);
    return [];
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return (error.getResponse() as { message: string[] }).message;
  }
};

const claim = {
  claimId: 'c-1',
  personId: 'p-1',
  kind: 'INPATIENT',
  admissionDate: '2023-03-01',
  dischargeDate: '2023-03-15',
  hospitalLevel: 'SECONDARY',
  location: 'IN_COUNTY',
  costs: { total: '80000.5', outOfCatalog: '0' },
  adjudicated: { basic: '100' },
};

describe('ledger DTOs', () => {
  it('normalises amounts to two decimals', async () => {
    const dto = (await validate(SubmitClaimDto, claim)) as SubmitClaimDto;
    expect(dto.costs).toEqual({ total: '80000.50', outOfCatalog: '0.00' });
    expect(dto.adjudicated).toEqual({ basic: '100.00' });
  });

  it.each([
    ['a missing costs object', { ...claim, costs: undefined }, /^costs: /],
    ['costs as a string', { ...claim, costs: '80000.00' }, /^costs: /],
    ['a negative amount', { ...claim, costs: { total: '-1.00' } }, /^costs\.total: .*at most two decimals/],
    ['thirteen integer digits', { ...claim, costs: { total: '1234567890123' } }, /^costs\.total: /],
    ['an id with a slash', { ...claim, personId: 'a/b' }, /^personId: .*opaque id/],
    ['an unknown location', { ...claim, location: 'ABROAD' }, /^location: .*IN_COUNTY/],
    ['a fractional bed-day count', { ...claim, severeMentalDisorder: { bedDays: 1.5 } }, /^severeMentalDisorder\.bedDays: /],
    ['a string flag', { ...claim, referred: 'yes' }, /^referred: .*boolean/],
    ['a disease code of neither form', { ...claim, diseaseCode: 'E1' }, /^diseaseCode: .*门诊慢特病 病种 code/],
  ])('refuses a claim with %s, naming the field', async (_name, body, line) => {
    expect(await problems(SubmitClaimDto, body)).toEqual(expect.arrayContaining([expect.stringMatching(line)]));
  });

  it('accepts a national 门诊慢特病 code and an ICD-10 code', async () => {
    expect(await problems(SubmitClaimDto, { ...claim, diseaseCode: 'M03900' })).toEqual([]);
    expect(await problems(SubmitClaimDto, { ...claim, diseaseCode: 'E11.900' })).toEqual([]);
  });

  it('refuses a recognition without its source', async () => {
    const lines = await problems(RecognizeIdentityDto, { category: 'SUBSISTENCE', validFrom: '2023-01-01' });
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^source: /)]));
  });

  it('refuses a year outside 2000–2100 and a date that does not exist', async () => {
    const lines = await problems(EnrollPersonDto, { year: 1999, contribution: '380', enrolledOn: '2022-02-29' });
    expect(lines).toEqual([expect.stringMatching(/^year: /), expect.stringMatching(/^enrolledOn: .*calendar date/)]);
  });

  it('asks for exactly one of pack and seed', async () => {
    expect(await problems(PublishPolicyDto, {})).toEqual([expect.stringMatching(/^pack: /), expect.stringMatching(/^seed: /)]);
    expect(await problems(PublishPolicyDto, { seed: 'heze' })).toEqual([]);
    expect(await problems(PublishPolicyDto, { pack: { region: 'heze' } })).toEqual([]);
    expect(await problems(PublishPolicyDto, { pack: {}, seed: 'heze' })).toEqual([expect.stringMatching(/^seed: seed and pack are alternatives/)]);
  });

  it('accepts either reassessment scope, and refuses an incomplete one or to before from', async () => {
    expect(await problems(ReassessDto, { scope: { personId: 'p-1', year: 2023 }, reason: 'r' })).toEqual([]);
    expect(await problems(ReassessDto, { scope: { region: 'heze', from: '2023-01-01', to: '2023-12-31' }, reason: 'r', dryRun: true })).toEqual([]);
    const incomplete = await problems(ReassessDto, { scope: { personId: 'p-1' }, reason: 'r' });
    expect(incomplete.length).toBeGreaterThan(0);
    expect(incomplete.every((line) => line.startsWith('scope.year: '))).toBe(true);
    expect(await problems(ReassessDto, { reason: 'r' })).toEqual(expect.arrayContaining([expect.stringMatching(/^scope: /)]));
    expect(await problems(ReassessDto, { scope: { region: 'heze', from: '2023-12-31', to: '2023-01-01' }, reason: 'r' })).toEqual([
      'scope.to: to must not be before from',
    ]);
  });
});

describe('command metadata', () => {
  const inspector = { principal: { id: 'token:0011223344556677', roles: ['registrar', 'inspector'] as const, regions: null, source: 'token' as const }, role: 'registrar' as const };

  it('takes the actor from the principal and the role it acted in, and defaults the correlation id to a new UUID', () => {
    const meta = commandMetadataOf(inspector, {});
    expect(meta.actor).toBe('token:0011223344556677#registrar');
    expect(meta.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta.commandId).toBeUndefined();
    expect(commandMetadataOf(inspector, {}).correlationId).not.toBe(meta.correlationId);
  });

  it('ignores an X-Actor header and takes X-Correlation-Id and Idempotency-Key', () => {
    expect(commandMetadataOf(inspector, { 'x-actor': 'system:policy-admin', 'x-correlation-id': 'corr-1', 'idempotency-key': 'key-1' })).toEqual({
      actor: 'token:0011223344556677#registrar',
      correlationId: 'corr-1',
      commandId: 'key-1',
    });
  });

  it('refuses a header value that is too long or not printable ASCII', () => {
    expect(() => commandMetadataOf(inspector, { 'x-correlation-id': 'x'.repeat(129) })).toThrow(BadRequestException);
    expect(() => commandMetadataOf(inspector, { 'idempotency-key': 'key\u0001' })).toThrow(BadRequestException);
  });
});

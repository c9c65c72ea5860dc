import { ClaimIdReused } from '../../ledger/claim-id-reused';
import { disclosureFor, toErrorBody } from './error-mapping';

describe('CLAIM_ID_REUSED and who may learn whom the id paid', () => {
  const reused = new ClaimIdReused('hz-1', { personId: 'p-a', year: 2023 });

  it('answers 409 with the code and a message naming the field and nobody', () => {
    const body = toErrorBody(reused, { claimOwner: false, regions: null });
    expect(body).toEqual({ statusCode: 409, error: 'Conflict', code: 'CLAIM_ID_REUSED', message: expect.stringMatching(/^claimId: /) });
    expect(JSON.stringify(body)).not.toContain('p-a');
  });

  it('adds the original person-year for a caller allowed to see it', () => {
    expect(toErrorBody(reused, { claimOwner: true, regions: null })).toMatchObject({ original: { personId: 'p-a', year: 2023 } });
  });

  it.each([
    ['of its region', reused.withOriginalRegion('heze'), true],
    ['of another region', reused.withOriginalRegion('fumeng'), false],
    ['whose region was not looked up', reused, false],
  ])('shows a caller limited to Heze the original person %s: %s', (_case, exception, shown) => {
    expect('original' in toErrorBody(exception, { claimOwner: true, regions: ['heze'] })).toBe(shown);
  });

  it.each([
    [undefined, true],
    [{ roles: ['inspector'], regions: null }, true],
    [{ roles: ['operator'], regions: ['heze'] }, true],
    [{ roles: ['claims-feeder'], regions: null }, false],
    [{ roles: ['consumer', 'registrar'], regions: null }, false],
  ])('decides from the principal %j: %s', (principal, allowed) => {
    expect(disclosureFor(principal).claimOwner).toBe(allowed);
  });
});

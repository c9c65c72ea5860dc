import { ClaimIdReused } from '../../ledger/claim-id-reused';
import { disclosureFor, toErrorBody } from './error-mapping';

describe('CLAIM_ID_REUSED and who may learn whom the id paid', () => {
  const reused = new ClaimIdReused('hz-1', { personId: 'p-a', year: 2023 });

  it('answers 409 with the code and a message naming the field and nobody', () => {
    const body = toErrorBody(reused, { claimOwner: false });
    expect(body).toEqual({ statusCode: 409, error: 'Conflict', code: 'CLAIM_ID_REUSED', message: expect.stringMatching(/^claimId: /) });
    expect(JSON.stringify(body)).not.toContain('p-a');
  });

  it('adds the original person-year for a caller allowed to see it', () => {
    expect(toErrorBody(reused, { claimOwner: true })).toMatchObject({ original: { personId: 'p-a', year: 2023 } });
  });

  it.each([
    [undefined, true],
    [{ roles: ['inspector'] }, true],
    [{ roles: ['operator'] }, true],
    [{ roles: ['claims-feeder'] }, false],
    [{ roles: ['consumer', 'registrar'] }, false],
  ])('decides from the principal %j: %s', (principal, allowed) => {
    expect(disclosureFor(principal).claimOwner).toBe(allowed);
  });
});

import { StoreNotWritable } from '../../event-store/event-store.port';
import { toErrorBody } from './error-mapping';

/**
 * A write can pass the WriteGuard a moment before verification marks the store broken; the guarded
 * store then refuses it with the gate's reason, which names the changed streams (and so persons).
 */
describe('a store that refuses writes, and what each caller is told', () => {
  const tampered = new StoreNotWritable('verification found 1 problem(s) in the event store: recomputed-chain at person-p-other revision 1');

  it('tells a credential without region limits where the store was changed', () => {
    expect(toErrorBody(tampered, { claimOwner: true, regions: null })).toMatchObject({ statusCode: 503, code: 'STORE_TAMPERED', message: expect.stringContaining('person-p-other') });
  });

  it.each([
    ['limited to regions', { claimOwner: true, regions: ['heze'] }],
    ['unknown (the default)', undefined],
  ])('tells a caller %s only that the store failed verification', (_case, disclosure) => {
    const body = toErrorBody(tampered, disclosure);
    expect(body).toMatchObject({ statusCode: 503, code: 'STORE_TAMPERED', message: expect.stringContaining('failed verification') });
    expect(JSON.stringify(body)).not.toContain('person-p-other');
  });

  it('keeps the reason of a log that could not be made durable, which names no person', () => {
    const notDurable = new StoreNotWritable('fsync failed: EIO', 'STORE_NOT_DURABLE');
    expect(toErrorBody(notDurable, { claimOwner: false, regions: ['heze'] })).toMatchObject({ code: 'STORE_NOT_DURABLE', message: expect.stringContaining('EIO') });
  });
});

import { validateEnvironment } from '../../src/config/app.config';

describe('projections thread setting', () => {
  it('projects on a worker thread by default, in the event loop under NODE_ENV=test, and as PROJECTIONS_THREAD says', () => {
    expect(validateEnvironment({}).projectionsThread).toBe('worker');
    expect(validateEnvironment({ NODE_ENV: 'production' }).projectionsThread).toBe('worker');
    expect(validateEnvironment({ NODE_ENV: 'test' }).projectionsThread).toBe('main');
    expect(validateEnvironment({ NODE_ENV: 'test', PROJECTIONS_THREAD: 'worker' }).projectionsThread).toBe('worker');
    expect(validateEnvironment({ PROJECTIONS_THREAD: 'main' }).projectionsThread).toBe('main');
  });
});

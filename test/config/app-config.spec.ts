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

describe('WAL checkpoint setting', () => {
  it('checkpoints on a thread by default, inline under NODE_ENV=test, as WAL_CHECKPOINTS says, and refuses other words by name', () => {
    expect(validateEnvironment({}).walCheckpoints).toBe('thread');
    expect(validateEnvironment({ NODE_ENV: 'test' }).walCheckpoints).toBe('inline');
    expect(validateEnvironment({ NODE_ENV: 'test', WAL_CHECKPOINTS: 'thread' }).walCheckpoints).toBe('thread');
    expect(validateEnvironment({ WAL_CHECKPOINTS: 'inline' }).walCheckpoints).toBe('inline');
    expect(() => validateEnvironment({ WAL_CHECKPOINTS: 'sometimes' })).toThrow(/WAL_CHECKPOINTS.*must be one of thread, inline/);
  });
});

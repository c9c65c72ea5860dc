import { GroupCommitQueue, type Outcome } from '../../src/event-store/group-commit';

describe('GroupCommitQueue', () => {
  it('commits callers that enqueue in the same turn together, at most maxJobsPerCommit at a time', async () => {
    const groups: number[][] = [];
    const queue = new GroupCommitQueue<number, number>((jobs) => {
      groups.push([...jobs]);
      return jobs.map((job): Outcome<number> => ({ ok: true, value: job * 2 }));
    }, 512);
    const results = await Promise.all(Array.from({ length: 600 }, (_, index) => queue.enqueue(index)));
    expect(results).toEqual(Array.from({ length: 600 }, (_, index) => index * 2));
    expect(groups.map((group) => group.length)).toEqual([512, 88]);
  });

  it('fails only the callers whose outcome failed, and all of them when the commit itself throws', async () => {
    let broken = false;
    const queue = new GroupCommitQueue<number, number>((jobs) => {
      if (broken) throw new Error('disk full');
      return jobs.map((job): Outcome<number> => (job % 2 === 0 ? { ok: true, value: job } : { ok: false, error: new Error(`odd ${job}`) }));
    });
    const settled = await Promise.allSettled([1, 2, 3].map((job) => queue.enqueue(job)));
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
    broken = true;
    await expect(Promise.all([queue.enqueue(2), queue.enqueue(4)])).rejects.toThrow('disk full');
  });

  it('answers a caller only after its commit ran', async () => {
    const committed: number[] = [];
    const queue = new GroupCommitQueue<number, number>((jobs) => {
      committed.push(...jobs);
      return jobs.map((job): Outcome<number> => ({ ok: true, value: job }));
    });
    const pending = queue.enqueue(7);
    expect(committed).toEqual([]);
    queue.drain();
    expect(committed).toEqual([7]);
    await expect(pending).resolves.toBe(7);
  });
});

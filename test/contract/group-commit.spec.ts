import { GroupCommitQueue, type Outcome } from '../../src/shared/group-commit';
import { nextTurn } from '../support/event-loop-turns';

describe('GroupCommitQueue', () => {
  it('commits callers that enqueue in the same turn together, at most maxJobsPerCommit at a time', async () => {
    const groups: number[][] = [];
    const queue = new GroupCommitQueue<number, number>((jobs) => {
      groups.push([...jobs]);
      return jobs.map((job): Outcome<number> => ({ ok: true, value: job * 2 }));
    }, { maxJobsPerCommit: 512 });
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

  describe('with afterCommit', () => {
    it('answers a group once afterCommit resolves, and commits the next group only then', async () => {
      const groups: number[][] = [];
      const pending: Array<() => void> = [];
      const queue = new GroupCommitQueue<number, number>(
        (jobs) => (groups.push([...jobs]), jobs.map((job): Outcome<number> => ({ ok: true, value: job }))),
        { afterCommit: () => new Promise<void>((resolve) => pending.push(resolve)) },
      );
      const first = queue.enqueue(1);
      await nextTurn();
      const later = [queue.enqueue(2), queue.enqueue(3)];
      await nextTurn();
      expect(groups).toEqual([[1]]);
      let answered = false;
      void first.then(() => (answered = true));
      await nextTurn();
      expect(answered).toBe(false);

      pending[0]!();
      await expect(first).resolves.toBe(1);
      await nextTurn();
      expect(groups).toEqual([[1], [2, 3]]);
      pending[1]!();
      await expect(Promise.all(later)).resolves.toEqual([2, 3]);
    });

    it('fails every caller of a group whose afterCommit rejects, and goes on with the next group', async () => {
      let calls = 0;
      const queue = new GroupCommitQueue<number, number>(
        (jobs) => jobs.map((job): Outcome<number> => ({ ok: true, value: job })),
        { afterCommit: () => ((calls += 1) === 1 ? Promise.reject(new Error('EIO')) : Promise.resolve()) },
      );
      await expect(Promise.all([queue.enqueue(1), queue.enqueue(2)])).rejects.toThrow('EIO');
      await expect(queue.enqueue(3)).resolves.toBe(3);
    });

    it('fails the group, and goes on, when afterCommit throws before returning its promise', async () => {
      let calls = 0;
      const queue = new GroupCommitQueue<number, number>((jobs) => jobs.map((job): Outcome<number> => ({ ok: true, value: job })), {
        afterCommit: () => {
          if ((calls += 1) === 1) throw new Error('EMFILE');
          return Promise.resolve();
        },
      });
      await expect(queue.enqueue(1)).rejects.toThrow('EMFILE');
      await expect(queue.enqueue(2)).resolves.toBe(2);
    });
  });
});

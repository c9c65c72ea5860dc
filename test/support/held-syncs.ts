import fs from 'node:fs';

type SyncCallback = (error: NodeJS.ErrnoException | null) => void;

export interface HeldSyncs {
  /** Each `fs.fdatasync` call made since, in order, with the callback that finishes it. */
  readonly calls: ReadonlyArray<{ readonly fd: number; readonly finish: SyncCallback }>;
  /** Finishes call `index` as a failing disk would. */
  readonly fail: (index: number, code: string) => void;
  readonly restore: () => void;
}

/**
 * `fs.fdatasync` held until the test finishes each call, to check who waits for a sync (the
 * synchronous `fdatasyncSync` is left alone). Call `restore` when the test is done.
 */
export const holdSyncs = (): HeldSyncs => {
  const calls: Array<{ fd: number; finish: SyncCallback }> = [];
  const spy = jest.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, callback: SyncCallback) => {
    calls.push({ fd, finish: callback });
  }) as typeof fs.fdatasync);
  return {
    calls,
    fail: (index, code) => calls[index]!.finish(Object.assign(new Error(`${code}: fdatasync failed`), { code })),
    restore: () => spy.mockRestore(),
  };
};

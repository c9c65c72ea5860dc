/**
 * A hook on the write path for metrics: the group-commit queue reports each commit's size here, and
 * whoever watches (the service's /metrics) subscribes. Plain functions, no framework: the store must
 * not depend on the metrics library. Observers are process-wide, like the store's single writer.
 */
export interface WritePathObserver {
  groupCommitted(appends: number): void;
}

const observers = new Set<WritePathObserver>();

/** Starts observing; call the returned function to stop (on application shutdown). */
export const observeWritePath = (observer: WritePathObserver): (() => void) => {
  observers.add(observer);
  return () => observers.delete(observer);
};

export const reportGroupCommit = (appends: number): void => {
  for (const observer of observers) observer.groupCommitted(appends);
};

/*
 * A slower disk, for experiments on durability's cost: every fsync and fdatasync of the process
 * (SQLite's and libuv's alike) first sleeps SLOW_SYNC_US microseconds (1000 when unset). This
 * machine's virtual disk syncs in about 0.08 ms, where a cloud block device takes a millisecond or
 * more, so whether a sync holds the event loop cannot be seen here without it. Build and use:
 *
 *   gcc -shared -fPIC -O2 -o /tmp/slow-sync.so bench/support/slow-sync.c -ldl
 *   LD_PRELOAD=/tmp/slow-sync.so SLOW_SYNC_US=1000 npm run bench -- --only http
 *
 * Never for the test suite or the service: it only delays, it does not change what is synced.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

static void pause_before_sync(void) {
  const char *configured = getenv("SLOW_SYNC_US");
  long delay = configured ? atol(configured) : 1000;
  struct timespec pause = { delay / 1000000, (delay % 1000000) * 1000 };
  nanosleep(&pause, NULL);
}

int fsync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  pause_before_sync();
  return real(fd);
}

int fdatasync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
  pause_before_sync();
  return real(fd);
}

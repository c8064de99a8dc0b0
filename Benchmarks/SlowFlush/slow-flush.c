// Makes every fsync and fdatasync wait SATCHEL_FLUSH_MS milliseconds first, as storage
// without a fast write cache does (an SD card, a spinning disk, many school servers).
// The load benchmark preloads it into the server to show what group commit is for on
// such a disk; this machine's virtual disk flushes in about 0.15 ms.
// Built by scripts/bench: cc -shared -fPIC -O2 -o slow-flush.so slow-flush.c -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

static void wait_for_flush(void) {
    const char *text = getenv("SATCHEL_FLUSH_MS");
    long milliseconds = text ? atol(text) : 0;
    if (milliseconds <= 0) return;
    struct timespec delay = { milliseconds / 1000, (milliseconds % 1000) * 1000000L };
    nanosleep(&delay, NULL);
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    wait_for_flush();
    return real(fd);
}

int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    wait_for_flush();
    return real(fd);
}

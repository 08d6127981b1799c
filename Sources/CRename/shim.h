// The operating-system calls FeeSim needs that Swift's Glibc module does not expose. Only FeeSimReports'
// ResultFolder uses them.
#ifndef FEESIM_CSYSTEM_SHIM_H
#define FEESIM_CSYSTEM_SHIM_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

/// Atomically exchanges the names of two existing paths (Linux renameat2 with RENAME_EXCHANGE, macOS renamex_np
/// with RENAME_SWAP). Returns 0, or -1 with errno set (ENOSYS or EINVAL where the system or file system cannot).
static inline int feesim_exchange_paths(const char *a, const char *b) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */);
#elif defined(__APPLE__)
    return renamex_np(a, b, 0x00000002 /* RENAME_SWAP */);
#else
    errno = ENOSYS;
    return -1;
#endif
}

#endif

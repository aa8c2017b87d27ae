/* fault_preload.c - an LD_PRELOAD fault injector for the robustness tests.
 *
 *   SSO_FAULT_BYTES=N      after N bytes written to regular files, every
 *                          further write to a regular file fails with ENOSPC
 *                          (a full disk); pipes and terminals are spared
 *   SSO_FAULT_READONLY=S   opening for writing a path that contains S fails
 *                          with EROFS (a read-only store)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static long long budget = -2; /* -2: not read yet; -1: no limit */

static int full(int fd, size_t n)
{
	struct stat st;

	if (budget == -2) {
		const char *b = getenv("SSO_FAULT_BYTES");
		budget = b ? atoll(b) : -1;
	}
	if (budget < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	if ((long long)n > budget) {
		budget = 0;
		errno = ENOSPC;
		return 1;
	}
	budget -= (long long)n;
	return 0;
}

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef int (*open_fn)(const char *, int, ...);
typedef int (*openat_fn)(int, const char *, int, ...);

/* the next definition of name: the C library's */
#define REAL(type, name)                                                                           \
	static type real_##name;                                                                   \
	if (!real_##name)                                                                          \
	real_##name = (type)dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t n)
{
	REAL(write_fn, write);
	return full(fd, n) ? -1 : real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite_fn, pwrite);
	return full(fd, n) ? -1 : real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite_fn, pwrite64);
	return full(fd, n) ? -1 : real_pwrite64(fd, buf, n, off);
}

static int read_only(const char *path, int flags)
{
	const char *ro = getenv("SSO_FAULT_READONLY");

	if (ro && *ro && path && strstr(path, ro) && (flags & (O_WRONLY | O_RDWR | O_CREAT))) {
		errno = EROFS;
		return 1;
	}
	return 0;
}

#define OPEN(name)                                                                                 \
	int name(const char *path, int flags, ...)                                                 \
	{                                                                                          \
		mode_t mode = 0;                                                                   \
		va_list ap;                                                                        \
		REAL(open_fn, name);                                                               \
		va_start(ap, flags);                                                               \
		if (flags & O_CREAT)                                                               \
			mode = (mode_t)va_arg(ap, int);                                            \
		va_end(ap);                                                                        \
		return read_only(path, flags) ? -1 : real_##name(path, flags, mode);               \
	}
OPEN(open)
OPEN(open64)

#define OPENAT(name)                                                                               \
	int name(int dir, const char *path, int flags, ...)                                        \
	{                                                                                          \
		mode_t mode = 0;                                                                   \
		va_list ap;                                                                        \
		REAL(openat_fn, name);                                                             \
		va_start(ap, flags);                                                               \
		if (flags & O_CREAT)                                                               \
			mode = (mode_t)va_arg(ap, int);                                            \
		va_end(ap);                                                                        \
		return read_only(path, flags) ? -1 : real_##name(dir, path, flags, mode);          \
	}
OPENAT(openat)
OPENAT(openat64)

/* error.h - how libsso reports failure: a negative code and one line of detail */
#ifndef SSO_ERROR_H
#define SSO_ERROR_H

/*
 * Every function that can fail returns int: 0 (or a count) on success, or one
 * of these negative codes. The detail is one line, kept per thread, read with
 * sso_error_last(): "bad.yaml:14:7: member 王秀兰: ID number check character is 3, not X".
 * Executables turn a code into an exit status once (see cmd/cli.c).
 */
enum {
	SSO_OK = 0,
	SSO_EINTERNAL = -1, /* a bug or an impossible state: exit 70 */
	SSO_ENOMEM = -2,    /* out of memory: exit 70 */
	SSO_EUSAGE = -3,    /* the call's words are wrong (bad option value): exit 64 */
	SSO_EINPUT = -4,    /* bad input data, with its file and line: exit 65 */
	SSO_ENOTFOUND = -5, /* an id that names nothing in the store: exit 65 */
	SSO_EREFUSED = -6,  /* a rule says no (lifecycle, role, vote): exit 1 */
	SSO_ENOINPUT = -7,  /* cannot open an input file or the store: exit 66 */
	SSO_ECREATE = -8,   /* cannot create an output or the store: exit 73 */
	SSO_EIO = -9,       /* I/O or store error (disk full, read-only): exit 74 */
	SSO_EBUSY = -10,    /* store busy past the timeout: exit 75 */
	SSO_ECONFIG = -11,  /* bad configuration, with file, line and key: exit 78 */
};

/* The detail of the last error of this thread; never NULL, "" if none. Borrowed
 * until the next libsso call on this thread. */
const char *sso_error_last(void);

/* Name of a code ("SSO_EINPUT"), for tests and logs. */
const char *sso_error_name(int code);

/* Record an error detail (printf-style) and return code, so that a failing path
 * reads `return sso_error_set(SSO_EINPUT, "%s:%zu: ...", ...)`. The current
 * detail may be one of the arguments. */
int sso_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prefix the current detail with more context ("ORG000001: " + detail). */
void sso_error_prefix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Forget the last error. */
void sso_error_clear(void);

/*
 * Where a batch reports its problems, one line each ("file:line:col: what"),
 * so that every bad document is named, not only the first. fn may be NULL to
 * only count them.
 */
typedef struct sso_diag {
	void (*fn)(void *payload, const char *line);
	void *payload;
	unsigned long count;
} sso_diag;

/* Report one problem (printf-style). */
void sso_diag_report(sso_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

/* input.h - text input from a file, stdin or memory, checked to be UTF-8 */
#ifndef SSO_INPUT_H
#define SSO_INPUT_H

#include <stddef.h>

/*
 * Every text input of the toolkit (forms, configuration, CSV) is read through
 * an sso_input. It drops a leading UTF-8 BOM, refuses NUL bytes and text that
 * is not UTF-8 (saying so when it looks like GBK), or converts GBK/GB18030 to
 * UTF-8 when asked. Readers above it see only valid UTF-8.
 */
typedef struct sso_input sso_input;

typedef enum sso_encoding {
	SSO_ENCODING_UTF8 = 0,
	SSO_ENCODING_GBK, /* GBK and its superset GB18030, converted with iconv */
} sso_encoding;

/* Parse an --encoding value: "utf-8", "utf8", "gbk", "gb18030" (any case).
 * Returns 0, or SSO_EUSAGE naming the accepted values. */
int sso_encoding_parse(sso_encoding *out, const char *name);

/* Open path for reading; NULL or "-" is standard input (named "-" in messages).
 * Returns 0, or SSO_ENOINPUT naming the path and the reason. The caller owns
 * *out and frees it with sso_input_free(). */
int sso_input_open(sso_input **out, const char *path, sso_encoding enc);

/* An input reading the open file descriptor fd, which it owns from now on
 * (closed by sso_input_free(), or here on failure), named name in messages,
 * its relative paths resolved against path's directory. Returns 0 or
 * SSO_ENOMEM / SSO_EINTERNAL. */
int sso_input_fdopen(sso_input **out, int fd, const char *name, const char *path, sso_encoding enc);

/* Open bytes [from, to) of the file at path (to < 0: to its end), for
 * readers that split a file between threads; from must start a character
 * (the start of a line always does). Lines are counted from first_line in messages; a BOM is dropped only
 * at offset 0. Not for standard input. Returns 0 or as sso_input_open(). */
int sso_input_open_range(sso_input **out, const char *path, sso_encoding enc, long long from,
			 long long to, size_t first_line);

/* Read from len bytes of memory (borrowed: it must outlive the input), named
 * name in messages. Returns 0 or SSO_ENOMEM. */
int sso_input_memory(sso_input **out, const char *name, const void *data, size_t len,
		     sso_encoding enc);

/* Read up to cap bytes (cap at least 4) of UTF-8 into buf. Returns the number of bytes (0 at the
 * end), or SSO_EINPUT ("name:line: ... looks like GBK ...", "... NUL byte"),
 * or SSO_EIO when reading fails. A multi-byte character is never split across
 * two reads. */
long sso_input_read(sso_input *in, char *buf, size_t cap);

/* Like sso_input_read, without a copy: sets *p to the next span of checked
 * UTF-8 (at most 256 KB, never splitting a character), borrowed until the
 * next call on in. Returns its length, 0 at the end, or an error as
 * sso_input_read(). */
long sso_input_next(const char **p, sso_input *in);

/* Look at up to the first 4 KB of the text without consuming it (after a
 * BOM; raw bytes, not yet checked or converted). Returns 0 with *p and *n
 * set, or SSO_EIO. Only before the first read. */
int sso_input_peek(const char **p, size_t *n, sso_input *in);

/* The name used in messages: the path, or "-" for standard input. Borrowed for
 * the life of the input. */
const char *sso_input_name(const sso_input *in);

/* The line reached: 1 + the line breaks read so far. */
size_t sso_input_line(const sso_input *in);

/* The directory of the input file ("." for stdin or memory), for paths
 * relative to it (charter_file). Borrowed for the life of the input. */
const char *sso_input_dir(const sso_input *in);

/* Close and free; NULL is fine. Standard input is not closed. */
void sso_input_free(sso_input *in);

/* The most a spooled input may hold: 4 GB. */
#define SSO_SPOOL_MAX ((long long)4 << 30)

/*
 * Copy what remains of fd (a pipe, a FIFO, a terminal), named name in
 * messages, into an unlinked temporary file in $TMPDIR (or /tmp), reading
 * until its end or max + 1 bytes, so that *size > max tells it was longer.
 * With text nonzero a NUL byte is refused at once (SSO_EINPUT: no text holds
 * one; /dev/zero stops here). Sets *out to the temporary file at its start,
 * the caller's to close. Returns 0, SSO_EINPUT or SSO_EIO.
 */
int sso_spool_fd(int *out, long long *size, int fd, const char *name, long long max, int text);

/*
 * Read the whole of an input that is not a regular file (standard input from
 * a pipe or a terminal, a FIFO) now, into a temporary file (sso_spool_fd), and
 * read it from there: a write then opens its transaction only once its input
 * is all in, and never holds the store locked while a person types or a pipe
 * stalls. A regular file or memory is left as it is. More than max bytes is
 * refused (SSO_EINPUT "NAME: holds more than N MB"). Only before the first
 * read. Returns 0, SSO_EINPUT or SSO_EIO.
 */
int sso_input_spool(sso_input *in, long long max);

#endif

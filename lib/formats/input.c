/* input.c - UTF-8 (or GBK converted to UTF-8) text from files, stdin or memory */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sso/error.h"
#include "sso/input.h"

#define RAW_SIZE (256 * 1024)

struct sso_input {
	char *name;
	char *dir;
	int fd; /* -1 for memory */
	int own_fd;
	int ranged; /* read with pread from pos up to end (end < 0: to EOF) */
	long long pos, end;
	const unsigned char *mem; /* memory input */
	size_t mem_len, mem_pos;
	sso_encoding enc;
	iconv_t cd;
	unsigned char *raw; /* bytes read but not yet delivered */
	char *out;          /* converted text handed out by sso_input_next (GBK) */
	size_t raw_len, raw_pos;
	int eof;
	int started; /* BOM checked */
	size_t line; /* lines delivered so far, for messages */
	/* UTF-8 validation state carried between reads */
	int need;
	unsigned char lo, hi;
};

int sso_encoding_parse(sso_encoding *out, const char *name)
{
	if (!strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8")) {
		*out = SSO_ENCODING_UTF8;
		return 0;
	}
	if (!strcasecmp(name, "gbk") || !strcasecmp(name, "gb18030") ||
	    !strcasecmp(name, "gb2312")) {
		*out = SSO_ENCODING_GBK;
		return 0;
	}
	return sso_error_set(SSO_EUSAGE, "unknown encoding '%s': use utf-8 or gbk", name);
}

static char *dir_of(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* A new input named name (for messages) whose relative paths resolve against
 * path's directory, with its read buffer and, for GBK, its iconv converter.
 * Returns 0 with *out the caller's, or SSO_ENOMEM / SSO_EINTERNAL. */
static int input_new(sso_input **out, const char *name, const char *path, sso_encoding enc)
{
	sso_input *in = calloc(1, sizeof(*in));

	*out = NULL;
	if (!in)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	in->fd = -1;
	in->enc = enc;
	in->cd = (iconv_t)-1;
	in->line = 1;
	in->name = strdup(name);
	in->dir = dir_of(path);
	in->raw = malloc(RAW_SIZE);
	if (!in->name || !in->dir || !in->raw) {
		sso_input_free(in);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	if (enc == SSO_ENCODING_GBK) {
		in->cd = iconv_open("UTF-8", "GB18030");
		if (in->cd == (iconv_t)-1) {
			sso_input_free(in);
			return sso_error_set(SSO_EINTERNAL, "iconv cannot convert GB18030: %s",
					     strerror(errno));
		}
	}
	*out = in;
	return 0;
}

int sso_input_open(sso_input **out, const char *path, sso_encoding enc)
{
	sso_input *in;
	int rc, stdin_ = !path || !strcmp(path, "-");

	rc = input_new(&in, stdin_ ? "-" : path, stdin_ ? NULL : path, enc);
	if (rc < 0)
		return rc;
	if (stdin_) {
		in->fd = STDIN_FILENO;
	} else {
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0) {
			rc = sso_error_set(SSO_ENOINPUT, "%s: cannot open: %s", path,
					   strerror(errno));
			sso_input_free(in);
			return rc;
		}
		in->own_fd = 1;
	}
	*out = in;
	return 0;
}

int sso_input_fdopen(sso_input **out, int fd, const char *name, const char *path, sso_encoding enc)
{
	int rc = input_new(out, name, path, enc);

	if (rc < 0) {
		close(fd);
		return rc;
	}
	(*out)->fd = fd;
	(*out)->own_fd = 1;
	return 0;
}

int sso_input_open_range(sso_input **out, const char *path, sso_encoding enc, long long from,
			 long long to, size_t first_line)
{
	int rc = sso_input_open(out, path, enc);

	if (rc < 0)
		return rc;
	if (!(*out)->own_fd) {
		sso_input_free(*out);
		*out = NULL;
		return sso_error_set(SSO_EINTERNAL, "a byte range of standard input");
	}
	(*out)->ranged = 1;
	(*out)->pos = from;
	(*out)->end = to;
	(*out)->line = first_line;
	(*out)->started = from > 0; /* a BOM stands only at the start of a file */
	return 0;
}

int sso_input_memory(sso_input **out, const char *name, const void *data, size_t len,
		     sso_encoding enc)
{
	int rc = input_new(out, name, NULL, enc);

	if (rc < 0)
		return rc;
	(*out)->mem = data;
	(*out)->mem_len = len;
	return 0;
}

const char *sso_input_name(const sso_input *in)
{
	return in->name;
}

size_t sso_input_line(const sso_input *in)
{
	return in->line;
}

const char *sso_input_dir(const sso_input *in)
{
	return in->dir;
}

void sso_input_free(sso_input *in)
{
	if (!in)
		return;
	if (in->own_fd && in->fd >= 0)
		close(in->fd);
	if (in->cd != (iconv_t)-1)
		iconv_close(in->cd);
	free(in->raw);
	free(in->out);
	free(in->name);
	free(in->dir);
	free(in);
}

/* Refill raw[] with more bytes, keeping what is left. Returns 0 or SSO_EIO. */
static int fill(sso_input *in)
{
	size_t keep = in->raw_len - in->raw_pos;

	if (in->eof)
		return 0;
	memmove(in->raw, in->raw + in->raw_pos, keep);
	in->raw_pos = 0;
	in->raw_len = keep;
	while (in->raw_len < RAW_SIZE) {
		size_t room = RAW_SIZE - in->raw_len;
		ssize_t n;

		if (in->mem) {
			n = (ssize_t)(in->mem_len - in->mem_pos < room ? in->mem_len - in->mem_pos
								       : room);
			memcpy(in->raw + in->raw_len, in->mem + in->mem_pos, (size_t)n);
			in->mem_pos += (size_t)n;
		} else if (in->ranged) {
			if (in->end >= 0 && (long long)room > in->end - in->pos)
				room = (size_t)(in->end - in->pos);
			n = room ? pread(in->fd, in->raw + in->raw_len, room, (off_t)in->pos) : 0;
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return sso_error_set(SSO_EIO, "%s: cannot read: %s", in->name,
						     strerror(errno));
			in->pos += n;
		} else {
			n = read(in->fd, in->raw + in->raw_len, room);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return sso_error_set(SSO_EIO, "%s: cannot read: %s", in->name,
						     strerror(errno));
		}
		if (n == 0) {
			in->eof = 1;
			break;
		}
		in->raw_len += (size_t)n;
		if (in->raw_len - in->raw_pos >= 4096)
			break;
	}
	return 0;
}

static size_t count_lines(const unsigned char *p, size_t n)
{
	size_t lines = 0, i = 0;
#ifdef __SSE2__
	const __m128i nl = _mm_set1_epi8('\n');

	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));

		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl));

		/* popcount of 16 bits without a library call (no -mpopcnt) */
		m = m - ((m >> 1) & 0x5555);
		m = (m & 0x3333) + ((m >> 2) & 0x3333);
		m = (m + (m >> 4)) & 0x0F0F;
		lines += (m + (m >> 8)) & 0x1F;
	}
#endif
	for (; i < n; i++)
		lines += p[i] == '\n';
	return lines;
}

/* Does the text at p look like GBK: double-byte pairs with GBK lead and trail
 * bytes, and no valid UTF-8 multi-byte sequence among them? */
static int looks_like_gbk(const unsigned char *p, size_t n)
{
	size_t pairs = 0, i = 0;

	while (i < n && pairs < 8) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (p[i] >= 0x81 && p[i] <= 0xFE && i + 1 < n && p[i + 1] >= 0x40 &&
		    p[i + 1] <= 0xFE && p[i + 1] != 0x7F) {
			pairs++;
			i += 2;
			continue;
		}
		if (i + 1 >= n)
			break; /* a lead byte cut by the buffer's end */
		return 0;
	}
	return pairs > 0;
}

static int bad_text(sso_input *in, const unsigned char *start, const unsigned char *bad,
		    const unsigned char *end)
{
	size_t line = in->line + count_lines(start, (size_t)(bad - start));

	if (*bad == 0)
		return sso_error_set(SSO_EINPUT,
				     "%s:%zu: contains a NUL byte: this is not a text file",
				     in->name, line);
	if (looks_like_gbk(bad, (size_t)(end - bad)))
		return sso_error_set(SSO_EINPUT,
				     "%s:%zu: the text is not UTF-8; it looks like GBK: "
				     "pass --encoding gbk, or convert it with "
				     "'iconv -f GBK -t UTF-8'",
				     in->name, line);
	return sso_error_set(SSO_EINPUT, "%s:%zu: the text is not UTF-8 (byte 0x%02X)", in->name,
			     line, *bad);
}

/* How many bytes from p on are ASCII and not NUL (stopping near end). The
 * hot loop of every CSV read: 16 bytes a step with SSE2, 8 without. */
static size_t ascii_run(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q = p;
#ifdef __SSE2__
	const __m128i zero = _mm_setzero_si128();

	while (end - q >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
		unsigned bad = (unsigned)_mm_movemask_epi8(v) |
			       (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero));

		if (bad)
			return (size_t)(q - p) + (size_t)__builtin_ctz(bad);
		q += 16;
	}
#endif
	{
		const uint64_t high = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;

		while (end - q >= 8) {
			uint64_t w;

			memcpy(&w, q, 8);
			if ((w & high) || ((w - ones) & ~w & high))
				break;
			q += 8;
		}
	}
	while (q < end && *q && *q < 0x80)
		q++;
	return (size_t)(q - p);
}

/* Validate n bytes of UTF-8 continuing the state of in. Returns 0 or a
 * negative code with the position named. */
static int validate(sso_input *in, const unsigned char *p, size_t n)
{
	const unsigned char *start = p, *end = p + n, *lead = p;

	while (p < end) {
		unsigned char c;

		if (in->need == 0) {
			p += ascii_run(p, end);
			if (p == end)
				break;
			c = *p;
			if (c == 0)
				return bad_text(in, start, p, end);
			if (c < 0x80) {
				p++;
				continue;
			}
			/* the common case of Chinese text: a whole 3-byte character
			 * (U+1000..U+CFFF, U+E000..U+FFFF) */
			if (end - p >= 3 && c >= 0xE1 && c <= 0xEF && c != 0xED &&
			    (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
				p += 3;
				continue;
			}
			lead = p;
			if (c >= 0xC2 && c <= 0xDF) {
				in->need = 1, in->lo = 0x80, in->hi = 0xBF;
			} else if (c >= 0xE0 && c <= 0xEF) {
				in->need = 2;
				in->lo = c == 0xE0 ? 0xA0 : 0x80;
				in->hi = c == 0xED ? 0x9F : 0xBF;
			} else if (c >= 0xF0 && c <= 0xF4) {
				in->need = 3;
				in->lo = c == 0xF0 ? 0x90 : 0x80;
				in->hi = c == 0xF4 ? 0x8F : 0xBF;
			} else {
				return bad_text(in, start, p, end);
			}
			p++;
			continue;
		}
		c = *p;
		if (c < in->lo || c > in->hi) {
			in->need = 0;
			/* name the sequence from its lead byte: GBK is judged from there */
			return bad_text(in, start, lead, end);
		}
		in->lo = 0x80, in->hi = 0xBF;
		in->need--;
		p++;
	}
	return 0;
}

/* How many bytes at the end of p[0..n) start an incomplete UTF-8 sequence. */
static size_t incomplete_tail(const unsigned char *p, size_t n)
{
	for (size_t k = 1; k <= 3 && k <= n; k++) {
		unsigned char c = p[n - k];

		if ((c & 0xC0) == 0x80)
			continue;
		if (c >= 0xC0) {
			size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			return len > k ? k : 0;
		}
		return 0;
	}
	return 0;
}

/* The next span of valid UTF-8 in raw[], at most cap bytes, never splitting
 * a character: sets *p and returns its length (0 at the end) or an error. */
static long next_utf8(sso_input *in, const unsigned char **p, size_t cap)
{
	size_t avail, n, tail;
	int rc;

	if (in->raw_len - in->raw_pos < 4 && (rc = fill(in)) < 0)
		return rc;
	avail = in->raw_len - in->raw_pos;
	if (avail == 0) {
		if (in->need)
			return sso_error_set(SSO_EINPUT,
					     "%s:%zu: the text ends inside a UTF-8 character",
					     in->name, in->line);
		return 0;
	}
	n = avail < cap ? avail : cap;
	tail = incomplete_tail(in->raw + in->raw_pos, n);
	if (tail < n && !(n == avail && in->eof))
		n -= tail; /* do not split a character across reads */
	rc = validate(in, in->raw + in->raw_pos, n);
	if (rc < 0)
		return rc;
	*p = in->raw + in->raw_pos;
	in->line += count_lines(in->raw + in->raw_pos, n);
	in->raw_pos += n;
	return (long)n;
}

static long read_utf8(sso_input *in, char *buf, size_t cap)
{
	const unsigned char *p;
	long n = next_utf8(in, &p, cap);

	if (n > 0)
		memcpy(buf, p, (size_t)n);
	return n;
}

/* Convert the raw GBK (GB18030) bytes read so far into UTF-8 in buf, at
 * most cap bytes, refilling from the file as needed; a character cut by a
 * read waits for the next one. Returns the bytes written, 0 at the end, or
 * SSO_EINPUT naming the line of invalid GBK or of a NUL byte. */
static long read_gbk(sso_input *in, char *buf, size_t cap)
{
	for (;;) {
		char *src, *dst = buf;
		size_t left, room = cap, done;
		int rc;

		if (in->raw_len - in->raw_pos < 4 && (rc = fill(in)) < 0)
			return rc;
		left = in->raw_len - in->raw_pos;
		if (left == 0)
			return 0;
		src = (char *)in->raw + in->raw_pos;
		if (iconv(in->cd, &src, &left, &dst, &room) == (size_t)-1) {
			if (errno == EILSEQ || (errno == EINVAL && in->eof))
				return sso_error_set(SSO_EINPUT,
						     "%s:%zu: the text is not valid GBK either",
						     in->name,
						     in->line + count_lines((unsigned char *)buf,
									    (size_t)(dst - buf)));
			/* E2BIG (buf full) and EINVAL (a character cut by the read) are fine */
		}
		in->raw_pos = (size_t)((unsigned char *)src - in->raw);
		done = (size_t)(dst - buf);
		if (memchr(buf, 0, done))
			return sso_error_set(SSO_EINPUT, "%s:%zu: contains a NUL byte", in->name,
					     in->line);
		in->line += count_lines((unsigned char *)buf, done);
		if (done > 0)
			return (long)done;
		if (in->eof && in->raw_pos == in->raw_len)
			return 0;
		if (cap < 8)
			return sso_error_set(SSO_EINTERNAL, "read buffer too small");
	}
}

static int start(sso_input *in)
{
	int rc;

	if (in->started)
		return 0;
	in->started = 1;
	if ((rc = fill(in)) < 0)
		return rc;
	if (in->raw_len >= 3 && !memcmp(in->raw, "\xEF\xBB\xBF", 3))
		in->raw_pos = 3;
	return 0;
}

int sso_input_peek(const char **p, size_t *n, sso_input *in)
{
	int rc = start(in);

	if (rc < 0)
		return rc;
	*p = (const char *)in->raw + in->raw_pos;
	*n = in->raw_len - in->raw_pos;
	return 0;
}

long sso_input_next(const char **p, sso_input *in)
{
	int rc;
	long n;

	if ((rc = start(in)) < 0)
		return rc;
	if (in->enc == SSO_ENCODING_UTF8)
		return next_utf8(in, (const unsigned char **)p, RAW_SIZE);
	if (!in->out && !(in->out = malloc(RAW_SIZE)))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	n = read_gbk(in, in->out, RAW_SIZE);
	*p = in->out;
	return n;
}

long sso_input_read(sso_input *in, char *buf, size_t cap)
{
	int rc;

	if ((rc = start(in)) < 0)
		return rc;
	if (cap < 4)
		return sso_error_set(SSO_EINTERNAL, "read buffer too small");
	return in->enc == SSO_ENCODING_GBK ? read_gbk(in, buf, cap) : read_utf8(in, buf, cap);
}

/* Write n bytes to fd, whatever it takes. Returns 0 or -1 with errno. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* An unlinked temporary file in $TMPDIR (or /tmp). Returns its descriptor,
 * or SSO_EIO saying why. */
static int spool_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof(path), "%s/sso-spool-XXXXXX", dir) >= sizeof(path))
		return sso_error_set(SSO_EIO, "$TMPDIR is too long");
	if ((fd = mkstemp(path)) < 0)
		return sso_error_set(SSO_EIO, "cannot create a temporary file in %s: %s", dir,
				     strerror(errno));
	unlink(path);
	return fd;
}

int sso_spool_fd(int *out, long long *size, int fd, const char *name, long long max, int text)
{
	char *buf = malloc(RAW_SIZE);
	long long total = 0;
	size_t lines = 1;
	int tmp = -1, rc = 0;

	*out = -1;
	*size = 0;
	if (!buf)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	if ((tmp = rc = spool_file()) < 0)
		goto done;
	rc = 0;
	while (total <= max) {
		size_t want = max + 1 - total < RAW_SIZE ? (size_t)(max + 1 - total) : RAW_SIZE;
		ssize_t n = read(fd, buf, want);
		const char *nul;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = sso_error_set(SSO_EIO, "%s: cannot read: %s", name, strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		if (text && (nul = memchr(buf, 0, (size_t)n))) {
			rc = sso_error_set(SSO_EINPUT,
					   "%s:%zu: contains a NUL byte: this is not a text file",
					   name,
					   lines + count_lines((const unsigned char *)buf,
							       (size_t)(nul - buf)));
			goto done;
		}
		if (text)
			lines += count_lines((const unsigned char *)buf, (size_t)n);
		if (write_all(tmp, buf, (size_t)n) < 0) {
			rc = sso_error_set(SSO_EIO, "%s: cannot keep it in a temporary file: %s",
					   name, strerror(errno));
			goto done;
		}
		total += n;
	}
	if (lseek(tmp, 0, SEEK_SET) != 0) {
		rc = sso_error_set(SSO_EIO, "%s: temporary file: %s", name, strerror(errno));
		goto done;
	}
	*out = tmp;
	*size = total;
	tmp = -1;
done:
	if (tmp >= 0)
		close(tmp);
	free(buf);
	return rc;
}

int sso_input_spool(sso_input *in, long long max)
{
	struct stat sb;
	long long size;
	int fd, rc;

	if (in->mem || in->fd < 0 || in->ranged || in->started)
		return 0;
	if (fstat(in->fd, &sb) == 0 && S_ISREG(sb.st_mode))
		return 0;
	if ((rc = sso_spool_fd(&fd, &size, in->fd, in->name, max, 1)) < 0)
		return rc;
	if (size > max) {
		close(fd);
		return sso_error_set(SSO_EINPUT,
				     "%s: holds more than %lld MB: give a smaller input", in->name,
				     max >> 20);
	}
	if (in->own_fd)
		close(in->fd);
	in->fd = fd;
	in->own_fd = 1;
	return 0;
}

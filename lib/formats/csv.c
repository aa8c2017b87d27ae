/* csv.c - CSV records with the line each starts on, read through libcsv */
#include <errno.h>
#include <csv.h>
#include <malloc.h>
#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>

#include "sso/csv.h"
#include "sso/error.h"

#define FIELD_MAX  ((size_t)16 << 20)
#define ROW_MAX    ((size_t)64 << 20) /* the text of one record */
#define FIELDS_MAX 65536              /* the fields of one record */

struct sso_csv_reader {
	struct csv_parser p;
	const char *name; /* the input being read, for messages */
	sso_csv_fn fn;
	void *payload;
	int rc;          /* first error; later callbacks do nothing */
	int stopped;     /* fn asked to stop */
	size_t line;     /* current line */
	size_t row_line; /* line the current record started on */
	/* the current record: field texts packed in buf, offsets in off */
	char *buf;
	size_t buf_len, buf_cap;
	size_t *off, *lens;
	char **fields;
	size_t count, cap;
	const unsigned char *keep; /* fields to copy (NULL: all) */
	size_t nkeep;
	char sep;
	/* TSV: the beginning of a line cut by the end of a chunk */
	char *carry;
	size_t carry_len, carry_cap;
};

typedef struct sso_csv_reader reader;

/* Make room for need more bytes of field text and one more field offset,
 * doubling the buffers. Returns 0 or SSO_ENOMEM (the reader stays valid). */
static int grow(reader *r, size_t need)
{
	/* a row of a million commas is bad input, not gigabytes of offsets */
	if (r->count >= FIELDS_MAX || r->buf_len + need > ROW_MAX)
		return sso_error_set(SSO_EINPUT, "%s:%zu: a row of more than %s", r->name,
				     r->count ? r->row_line : r->line,
				     r->count >= FIELDS_MAX ? "65536 fields" : "64 MB");
	if (r->buf_len + need > r->buf_cap) {
		size_t cap = r->buf_cap ? r->buf_cap : 4096;
		char *nb;

		while (cap < r->buf_len + need)
			cap *= 2;
		nb = realloc(r->buf, cap);
		if (!nb)
			return sso_error_set(SSO_ENOMEM, "out of memory");
		r->buf = nb;
		r->buf_cap = cap;
	}
	if (r->count == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		size_t *no = realloc(r->off, cap * sizeof(*no));
		size_t *nl = no ? realloc(r->lens, cap * sizeof(*nl)) : NULL;
		char **nf = nl ? realloc(r->fields, cap * sizeof(*nf)) : NULL;

		if (no)
			r->off = no;
		if (nl)
			r->lens = nl;
		if (!nf)
			return sso_error_set(SSO_ENOMEM, "out of memory");
		r->fields = nf;
		r->cap = cap;
	}
	return 0;
}

/* libcsv grows a field's buffer by a fixed block at each call: make that
 * growth geometric, so that a long field costs linear time, not quadratic. */
static void *grow_field(void *p, size_t want)
{
	if (p && malloc_usable_size(p) >= want)
		return p;
	return realloc(p, want < 4096 ? 4096 : want + want / 2);
}

/* RFC 4180: spaces belong to the field; libcsv would trim them by default. */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Line breaks inside a field (only a quoted one has any, but libcsv does
 * not say which was quoted): eight bytes a step, inline, as most fields are
 * short. */
static size_t count_nl(const char *p, size_t len)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	const uint64_t nl = ones * '\n';
	size_t n = 0, i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		w ^= nl;
		if ((w - ones) & ~w & high)
			for (size_t k = i; k < i + 8; k++)
				n += p[k] == '\n';
	}
	for (; i < len; i++)
		n += p[i] == '\n';
	return n;
}

static void on_field(void *s, size_t len, void *data)
{
	reader *r = data;
	const char *text = s ? s : "";

	if (r->rc || r->stopped)
		return;
	if (r->count == 0)
		r->row_line = r->line;
	size_t copy = len;

	if (r->keep && (r->count >= r->nkeep || !r->keep[r->count]))
		copy = 0; /* a field the caller does not read: counted, not copied */
	if (r->buf_len + copy + 1 > r->buf_cap || r->count == r->cap) {
		if ((r->rc = grow(r, copy + 1)) < 0)
			return;
	}
	r->off[r->count] = r->buf_len;
	r->lens[r->count] = copy;
	memcpy(r->buf + r->buf_len, text, copy);
	r->buf[r->buf_len + copy] = '\0';
	r->buf_len += copy + 1;
	r->count++;
	if (len)
		r->line += count_nl(text, len);
}

static void on_record(int c, void *data)
{
	reader *r = data;
	sso_csv_row row;

	if (r->rc || r->stopped)
		return;
	if (r->count > 0) {
		for (size_t i = 0; i < r->count; i++)
			r->fields[i] = r->buf + r->off[i];
		row.line = r->row_line;
		row.count = r->count;
		row.fields = r->fields;
		row.lens = r->lens;
		row.no_controls = 0; /* libcsv does not say */
		r->rc = r->fn(r->payload, &row);
		if (r->rc == SSO_CSV_STOP)
			r->stopped = 1;
		if (r->rc > 0)
			r->rc = 0;
	}
	r->count = 0;
	r->buf_len = 0;
	if (c == '\n')
		r->line++;
}

int sso_csv_reader_new(sso_csv_reader **out, char sep, sso_csv_fn fn, void *payload)
{
	/* a line of its own: readers in two threads write their state (and
	 * libcsv's) for every byte they parse, and must not share a cache line */
	size_t size = (sizeof(reader) + 127) & ~(size_t)127;
	reader *r = NULL;

	*out = NULL;
	if (posix_memalign((void **)&r, 128, size) != 0)
		r = NULL;
	if (r)
		memset(r, 0, size);
	if (!r || csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL)) {
		free(r);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	csv_set_delim(&r->p, (unsigned char)sep);
	csv_set_space_func(&r->p, no_space);
	csv_set_realloc_func(&r->p, grow_field);
	r->sep = sep;
	r->name = "-";
	r->fn = fn;
	r->payload = payload;
	r->line = 1;
	*out = r;
	return 0;
}

static int parse_error(reader *r)
{
	return csv_error(&r->p) == CSV_EPARSE
		       ? sso_error_set(SSO_EINPUT,
				       "%s:%zu: malformed quoting: a quote inside an "
				       "unquoted field, or text after a closing quote",
				       r->name, r->count ? r->row_line : r->line)
		       : sso_error_set(SSO_ENOMEM, "out of memory");
}

/* Hand n bytes to libcsv. Returns 0 or an error (the parser's, or fn's). */
static int to_libcsv(reader *r, const char *p, size_t n)
{
	if (csv_parse(&r->p, p, n, on_field, on_record, r) != n && !r->rc && !r->stopped)
		return parse_error(r);
	if (csv_get_buffer_size(&r->p) > FIELD_MAX && !r->rc)
		return sso_error_set(SSO_EINPUT,
				     "%s:%zu: a field longer than 16 MB: is a quote left open?",
				     r->name, r->count ? r->row_line : r->line);
	return r->rc;
}

/* Undo sso_csv_put()'s TSV escapes (\t \n \r \\) in the field f of len
 * bytes, in place; another backslash stays as it is. Returns the new length. */
static size_t tsv_unescape(char *f, size_t len)
{
	char *w;
	size_t i;

	if (!len || !(w = memchr(f, '\\', len)))
		return len;
	for (i = (size_t)(w - f); i < len; i++) {
		char c = f[i];

		if (c == '\\' && i + 1 < len) {
			char e = f[i + 1];

			c = e == 't'    ? '\t'
			    : e == 'n'  ? '\n'
			    : e == 'r'  ? '\r'
			    : e == '\\' ? '\\'
					: 0;
			if (c)
				i++;
			else
				c = '\\';
		}
		*w++ = c;
	}
	*w = '\0';
	return (size_t)(w - f);
}

/* Field k of a split line, from start to stop in buf: NUL-terminated, and
 * empty if it is not kept (as on_field: a field the caller does not read is
 * empty). Returns where the next field starts. */
static inline size_t put_field(char *buf, char **fields, size_t *lens, size_t k, size_t start,
			       size_t stop, int kept)
{
	size_t flen = kept ? stop - start : 0;

	buf[start + flen] = '\0';
	fields[k] = buf + start;
	lens[k] = flen;
	return stop + 1;
}

/* A line without quotes or carriage returns, len bytes at p (its line end
 * not included): split at the separators and handed to fn as one record,
 * exactly as libcsv would hand it over. seps (NULL: look for them) has
 * room for nseps + 1 offsets. no_controls: the line holds no byte
 * below 0x20 (the row says so to fn). */
static int plain_record(reader *r, const char *p, size_t len, uint32_t *seps, size_t nseps,
			int no_controls)
{
	sso_csv_row row;
	char *at, *end;
	int rc;

	r->count = 0;
	r->buf_len = 0;
	r->row_line = r->line;
	if ((rc = grow(r, len + 1)) < 0)
		return rc;
	memcpy(r->buf, p, len);
	r->buf[len] = '\0';
	if (seps) {
		/* the separators are known: nseps + 1 fields, split with the
		 * reader's arrays in locals (a store to lens[] could be one to
		 * r->count, as far as the compiler knows) */
		size_t nf = nseps + 1, start = 0;
		const unsigned char *keep = r->keep;
		size_t nkeep = r->nkeep;
		char **fields;
		size_t *lens;
		char *buf = r->buf;

		while (r->cap < nf) {
			r->count = r->cap;
			if ((rc = grow(r, 0)) < 0)
				return rc;
		}
		fields = r->fields;
		lens = r->lens;
		seps[nseps] = (uint32_t)len; /* the last field ends with the line */
		if (keep && nf <= nkeep) {
			for (size_t k = 0; k < nf; k++)
				start = put_field(buf, fields, lens, k, start, seps[k], keep[k]);
		} else {
			for (size_t k = 0; k < nf; k++)
				start = put_field(buf, fields, lens, k, start, seps[k],
						  !keep || (k < nkeep && keep[k]));
		}
		r->count = nf;
	} else {
		at = r->buf;
		end = r->buf + len;
		for (;;) {
			char *sep = memchr(at, r->sep, (size_t)(end - at));
			size_t flen = (size_t)((sep ? sep : end) - at);

			if (r->count == r->cap && (rc = grow(r, 0)) < 0)
				return rc;
			if (r->keep && (r->count >= r->nkeep || !r->keep[r->count]))
				flen = 0; /* as on_field: a field the caller does not read is empty */
			at[flen] = '\0';
			r->fields[r->count] = at;
			r->lens[r->count] = flen;
			r->count++;
			if (!sep)
				break;
			at = sep + 1;
		}
	}
	if (r->sep == '\t')
		for (size_t i = 0; i < r->count; i++)
			r->lens[i] = tsv_unescape(r->fields[i], r->lens[i]);
	row.line = r->line;
	row.count = r->count;
	row.fields = r->fields;
	row.lens = r->lens;
	row.no_controls = no_controls;
	rc = r->fn(r->payload, &row);
	r->count = 0;
	r->buf_len = 0;
	if (rc == SSO_CSV_STOP)
		r->stopped = 1;
	return rc < 0 ? (r->rc = rc) : 0;
}

/*
 * The fast path. libcsv looks at every byte through a state machine and
 * calls back for every field; most lines of a large export hold no quote at
 * all, and for them the answer is plain: split at the separators. So, while
 * libcsv is between records, each whole line without a '"' (or a '\r' but
 * the one of a CRLF) is split here; a line with one, and everything after
 * it until libcsv is between records again (a quoted field may run over
 * several lines), is parsed by libcsv, as is a line cut by the end of the
 * chunk (libcsv keeps its beginning until the next chunk brings the rest).
 * The records, fields and line numbers are the same either way.
 */
#define MAX_SEPS 256

/* Find the end of the line at p: returns the '\n' (or NULL if the chunk
 * ends first), with the offsets of the separators before it in seps (at
 * most MAX_SEPS; *nseps = MAX_SEPS + 1 if there are more), whether a '"'
 * stands in it, whether another byte below 0x20 (not a separator, not a
 * '\r') does, and the number of '\r' and the offset of the last one. One
 * pass, sixteen bytes a step with SSE2: the readers of the fields need not
 * look for control characters again in a line that has none. */
static const char *scan_line(const char *p, const char *end, char sep, uint32_t *seps,
			     size_t *nseps, int *quote, int *ctl, size_t *crs, size_t *last_cr)
{
	const char *q = p;
	size_t n = 0;

	*quote = 0;
	*ctl = 0;
	*crs = 0;
#ifdef __SSE2__
	{
		const __m128i vnl = _mm_set1_epi8('\n'), vsep = _mm_set1_epi8(sep);
		const __m128i vq = _mm_set1_epi8('"'), vcr = _mm_set1_epi8('\r');
		const __m128i v1f = _mm_set1_epi8(0x1f);
		unsigned anyq = 0, anyct = 0; /* in registers: seps may alias *quote */

		for (; end - q >= 16; q += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
			unsigned nl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vnl));
			unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vsep));
			unsigned qt = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vq));
			unsigned cr = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vcr));
			/* bytes <= 0x1f: those equal to their maximum with 0x1f */
			unsigned ct = (unsigned)_mm_movemask_epi8(
				_mm_cmpeq_epi8(_mm_max_epu8(v, v1f), v1f));

			if (nl) {
				unsigned before = (nl & (0u - nl)) - 1;

				sp &= before, qt &= before, cr &= before, ct &= before;
			}
			anyq |= qt;
			anyct |= ct & ~(sp | cr);
			for (; cr; cr &= cr - 1) {
				(*crs)++;
				*last_cr = (size_t)(q - p) + (size_t)__builtin_ctz(cr);
			}
			for (; sp; sp &= sp - 1) {
				if (n < MAX_SEPS)
					seps[n] = (uint32_t)((size_t)(q - p) +
							     (size_t)__builtin_ctz(sp));
				n++;
			}
			if (nl) {
				*nseps = n > MAX_SEPS ? MAX_SEPS + 1 : n;
				*quote = anyq != 0;
				*ctl = anyct != 0;
				return q + __builtin_ctz(nl);
			}
		}
		*quote = anyq != 0;
		*ctl = anyct != 0;
	}
#endif
	for (; q < end; q++) {
		if (*q == '\n') {
			*nseps = n > MAX_SEPS ? MAX_SEPS + 1 : n;
			return q;
		}
		if (*q == sep) {
			if (n < MAX_SEPS)
				seps[n] = (uint32_t)(q - p);
			n++;
		} else if (*q == '"') {
			*quote = 1;
		} else if (*q == '\r') {
			(*crs)++;
			*last_cr = (size_t)(q - p);
		} else if ((unsigned char)*q < 0x20) {
			*ctl = 1;
		}
	}
	return NULL;
}

/* One TSV line of len bytes (its '\n' not included): a record, unless blank. */
static int tsv_line(reader *r, const char *p, size_t len)
{
	int rc = 0;

	if (len && p[len - 1] == '\r')
		len--; /* the CR of a CRLF */
	if (len)
		rc = plain_record(r, p, len, NULL, 0, 0); /* escapes undone: unknown */
	r->line++;
	return rc;
}

/*
 * TSV as sso_csv_put() writes it: one record a line, fields split at tabs,
 * no quoting (a '"' is text), \t \n \r \\ escapes undone. A line cut by
 * the end of the chunk waits in carry for the rest.
 */
static int tsv_chunk(reader *r, const char *p, size_t n)
{
	const char *end = p + n;
	int rc = 0;

	while (p < end && rc == 0 && !r->stopped) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (!nl || r->carry_len) {
			if (r->carry_len + len + 1 > r->carry_cap) {
				size_t cap = r->carry_cap ? r->carry_cap : 4096;
				char *nc;

				while (cap < r->carry_len + len + 1)
					cap *= 2;
				if (!(nc = realloc(r->carry, cap)))
					return sso_error_set(SSO_ENOMEM, "out of memory");
				r->carry = nc;
				r->carry_cap = cap;
			}
			memcpy(r->carry + r->carry_len, p, len);
			r->carry_len += len;
			if (r->carry_len > FIELD_MAX)
				return sso_error_set(SSO_EINPUT, "%s:%zu: a line longer than 16 MB",
						     r->name, r->line);
			if (!nl)
				break;
			rc = tsv_line(r, r->carry, r->carry_len);
			r->carry_len = 0;
		} else {
			rc = tsv_line(r, p, len);
		}
		p += len + 1;
	}
	return rc ? rc : r->rc;
}

/* One chunk of CSV: whole plain lines split here (plain_record(), told
 * whether scan_line() saw a control byte), the rest handed to libcsv.
 * Returns 0 or the first error (the parser's, or fn's). */
static int feed_chunk(reader *r, const char *p, size_t n)
{
	const char *end = p + n;
	uint32_t seps[MAX_SEPS + 1];
	int rc = 0;

	if (r->sep == '\t')
		return tsv_chunk(r, p, n);
	while (p < end && rc == 0 && !r->stopped) {
		size_t len, body, nseps, crs, last_cr = 0;
		const char *nl;
		int quote, ctl;

		if (r->p.pstate != 0 || r->count != 0) {
			/* inside a record libcsv began: give it the rest of the line */
			nl = memchr(p, '\n', (size_t)(end - p));
			len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
			rc = to_libcsv(r, p, len);
			p += len;
			continue;
		}
		nl = scan_line(p, end, r->sep, seps, &nseps, &quote, &ctl, &crs, &last_cr);
		if (!nl)
			return to_libcsv(r, p, (size_t)(end - p));
		len = (size_t)(nl - p) + 1;
		body = len - 1;
		if (crs && last_cr + 1 == body) {
			body--; /* the CR of a CRLF */
			crs--;
		}
		if (quote || crs) {
			rc = to_libcsv(r, p, len);
		} else {
			if (body)
				rc = plain_record(r, p, body, nseps <= MAX_SEPS ? seps : NULL,
						  nseps, !ctl);
			r->line++;
		}
		p += len;
	}
	return rc ? rc : r->rc;
}

int sso_csv_reader_feed(sso_csv_reader *r, sso_input *in)
{
	r->name = sso_input_name(in);
	while (!r->rc && !r->stopped) {
		const char *chunk;
		long n = sso_input_next(&chunk, in);
		int rc;

		if (n < 0)
			return (int)n;
		if (n == 0)
			break;
		if ((rc = feed_chunk(r, chunk, (size_t)n)) < 0)
			return rc;
	}
	return r->rc;
}

void sso_csv_reader_keep(sso_csv_reader *r, const unsigned char *keep, size_t n)
{
	r->keep = keep;
	r->nkeep = n;
}

int sso_csv_reader_between(const sso_csv_reader *r)
{
	/* libcsv's state 0 is ROW_NOT_BEGUN: no field of a record started */
	return r->p.pstate == 0 && r->count == 0 && r->carry_len == 0;
}

size_t sso_csv_reader_line(const sso_csv_reader *r)
{
	return r->line;
}

int sso_csv_reader_finish(sso_csv_reader *r)
{
	if (r->rc || r->stopped)
		return r->rc;
	if (r->sep == '\t') {
		int rc = r->carry_len ? tsv_line(r, r->carry, r->carry_len) : 0;

		r->carry_len = 0;
		return rc ? rc : r->rc;
	}
	if (csv_fini(&r->p, on_field, on_record, r) != 0 && !r->rc)
		return sso_error_set(SSO_EINPUT, "%s:%zu: a quoted field is never closed", r->name,
				     r->count ? r->row_line : r->line);
	return r->rc;
}

void sso_csv_reader_free(sso_csv_reader *r)
{
	if (!r)
		return;
	csv_free(&r->p);
	free(r->buf);
	free(r->off);
	free(r->lens);
	free(r->fields);
	free(r->carry);
	free(r);
}

int sso_csv_read(sso_input *in, char sep, sso_csv_fn fn, void *payload)
{
	sso_csv_reader *r;
	int rc = sso_csv_reader_new(&r, sep, fn, payload);

	if (rc < 0)
		return rc;
	rc = sso_csv_reader_feed(r, in);
	if (rc == 0)
		rc = sso_csv_reader_finish(r);
	sso_csv_reader_free(r);
	return rc;
}

int sso_csv_header(const sso_csv_row *header, sso_csv_column *cols, size_t ncols, const char *file)
{
	for (size_t c = 0; c < ncols; c++) {
		cols[c].index = -1;
		for (size_t i = 0; i < header->count; i++) {
			if (strcmp(header->fields[i], cols[c].name) != 0)
				continue;
			if (cols[c].index >= 0)
				return sso_error_set(SSO_EINPUT,
						     "%s:%zu: the header names column '%s' twice",
						     file, header->line, cols[c].name);
			cols[c].index = (int)i;
		}
		if (cols[c].index < 0 && cols[c].required)
			return sso_error_set(SSO_EINPUT,
					     "%s:%zu: the header has no column '%s' (it needs "
					     "a header row naming its columns)",
					     file, header->line, cols[c].name);
	}
	return 0;
}

int sso_csv_put(FILE *fp, char sep, const char *text, size_t len)
{
	if (len == (size_t)-1)
		len = strlen(text);
	if (sep == '\t') {
		size_t start = 0;

		for (size_t i = 0; i < len; i++) {
			const char *esc = NULL;

			switch (text[i]) {
			case '\t': esc = "\\t"; break;
			case '\n': esc = "\\n"; break;
			case '\r': esc = "\\r"; break;
			case '\\': esc = "\\\\"; break;
			}
			if (!esc)
				continue;
			fwrite(text + start, 1, i - start, fp);
			fputs(esc, fp);
			start = i + 1;
		}
		fwrite(text + start, 1, len - start, fp);
	} else {
		int quote = 0;

		for (size_t i = 0; i < len && !quote; i++)
			quote = text[i] == sep || text[i] == '"' || text[i] == '\n' ||
				text[i] == '\r';
		if (quote)
			csv_fwrite(fp, text, len);
		else
			fwrite(text, 1, len, fp);
	}
	return ferror(fp) ? sso_error_set(SSO_EIO, "cannot write the output: %s",
					  strerror(errno ? errno : EIO))
			  : 0;
}

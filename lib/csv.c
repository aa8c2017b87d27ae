/* csv.c - CSV records with the line each starts on, read through libcsv */
#include <errno.h>
#include <csv.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "sso/csv.h"
#include "sso/error.h"

#define FIELD_MAX ((size_t)16 << 20)
#define CHUNK (256 * 1024)

typedef struct reader {
	const char *name;
	sso_csv_fn fn;
	void *payload;
	int rc;             /* first error; later callbacks do nothing */
	size_t line;        /* current line */
	size_t row_line;    /* line the current record started on */
	/* the current record: field texts packed in buf, offsets in off */
	char *buf;
	size_t buf_len, buf_cap;
	size_t *off, *lens;
	char **fields;
	size_t count, cap;
} reader;

static int grow(reader *r, size_t need)
{
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

static void on_field(void *s, size_t len, void *data)
{
	reader *r = data;
	const char *text = s ? s : "";
	const char *p, *end = text + len;

	if (r->rc)
		return;
	if (r->count == 0)
		r->row_line = r->line;
	if ((r->rc = grow(r, len + 1)) < 0)
		return;
	r->off[r->count] = r->buf_len;
	r->lens[r->count] = len;
	memcpy(r->buf + r->buf_len, text, len);
	r->buf[r->buf_len + len] = '\0';
	r->buf_len += len + 1;
	r->count++;
	for (p = text; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		r->line++;
}

static void on_record(int c, void *data)
{
	reader *r = data;
	sso_csv_row row;

	if (r->rc)
		return;
	if (r->count > 0) {
		for (size_t i = 0; i < r->count; i++)
			r->fields[i] = r->buf + r->off[i];
		row.line = r->row_line;
		row.count = r->count;
		row.fields = r->fields;
		row.lens = r->lens;
		r->rc = r->fn(r->payload, &row);
		if (r->rc > 0)
			r->rc = 0;
	}
	r->count = 0;
	r->buf_len = 0;
	if (c == '\n')
		r->line++;
}

int sso_csv_read(sso_input *in, char sep, sso_csv_fn fn, void *payload)
{
	struct csv_parser p;
	reader r = {0};
	char *chunk = malloc(CHUNK);
	int rc = 0;

	r.name = sso_input_name(in);
	r.fn = fn;
	r.payload = payload;
	r.line = 1;
	if (!chunk || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL)) {
		free(chunk);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	csv_set_delim(&p, (unsigned char)sep);
	csv_set_space_func(&p, no_space);
	csv_set_realloc_func(&p, grow_field);
	for (;;) {
		long n = sso_input_read(in, chunk, CHUNK);

		if (n < 0) {
			rc = (int)n;
			goto done;
		}
		if (n == 0)
			break;
		if (csv_parse(&p, chunk, (size_t)n, on_field, on_record, &r) != (size_t)n &&
		    !r.rc) {
			rc = csv_error(&p) == CSV_EPARSE
				     ? sso_error_set(SSO_EINPUT,
						     "%s:%zu: malformed quoting: a quote inside an "
						     "unquoted field, or text after a closing quote",
						     r.name, r.count ? r.row_line : r.line)
				     : sso_error_set(SSO_ENOMEM, "out of memory");
			goto done;
		}
		if (r.rc) {
			rc = r.rc;
			goto done;
		}
		if (csv_get_buffer_size(&p) > FIELD_MAX) {
			rc = sso_error_set(SSO_EINPUT,
					   "%s:%zu: a field longer than 16 MB: is a quote left open?",
					   r.name, r.count ? r.row_line : r.line);
			goto done;
		}
	}
	if (csv_fini(&p, on_field, on_record, &r) != 0 && !r.rc) {
		rc = sso_error_set(SSO_EINPUT, "%s:%zu: a quoted field is never closed", r.name,
				   r.count ? r.row_line : r.line);
		goto done;
	}
	rc = r.rc;
done:
	csv_free(&p);
	free(chunk);
	free(r.buf);
	free(r.off);
	free(r.lens);
	free(r.fields);
	return rc;
}

int sso_csv_header(const sso_csv_row *header, sso_csv_column *cols, size_t ncols,
		   const char *file)
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
	return ferror(fp) ? sso_error_set(SSO_EIO, "cannot write the output: %s", strerror(errno ? errno : EIO)) : 0;
}

/* manifest.c - an export's manifest: its rows, its SHA-256 and the head of the chain it reflects */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "sso/error.h"
#include "sso/event.h"
#include "sso/ledger.h"

struct sso_manifest {
	FILE *fp;     /* where the export goes (borrowed) */
	FILE *stream; /* what the export writes to: fp, through the hash */
	sso_sha256 h;
	sso_format format;
	unsigned long long bytes, lines, items;
	size_t col;     /* the column of the next byte in its line */
	int in_quote;   /* CSV: inside a quoted field */
	int dash;       /* YAML: the line began with '-' */
	int write_fail; /* fp refused a write */
};

/* Count what a table writes, whatever its size: CSV records end at a line
 * end outside quotes; TSV escapes its line breaks, so each line is one; a
 * YAML table is a sequence, an item a line that starts "- ". */
static void count(sso_manifest *m, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = buf[i];

		if (m->format == SSO_FORMAT_CSV && c == '"')
			m->in_quote = !m->in_quote;
		if (m->format == SSO_FORMAT_YAML) {
			if (m->col == 0)
				m->dash = c == '-';
			else if (m->col == 1 && m->dash && c == ' ')
				m->items++;
		}
		if (c == '\n' && !m->in_quote) {
			m->lines++;
			m->col = 0;
		} else {
			m->col++;
		}
	}
}

static ssize_t tee_write(void *cookie, const char *buf, size_t n)
{
	sso_manifest *m = cookie;

	if (m->write_fail || fwrite(buf, 1, n, m->fp) != n || ferror(m->fp)) {
		m->write_fail = 1;
		return 0; /* the stream's error flag is set: the table sees it */
	}
	sso_hash__update(&m->h, buf, n);
	count(m, buf, n);
	m->bytes += n;
	return (ssize_t)n;
}

int sso_manifest_begin(sso_manifest **out, FILE **stream, FILE *fp, const sso_out_options *o)
{
	cookie_io_functions_t io = {NULL, tee_write, NULL, NULL};
	sso_manifest *m = calloc(1, sizeof(*m));

	*out = NULL;
	*stream = NULL;
	if (!m)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	m->fp = fp;
	m->format = o->format;
	sso_hash__init(&m->h);
	if (!(m->stream = fopencookie(m, "w", io))) {
		free(m);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	*out = m;
	*stream = m->stream;
	return 0;
}

/* The rows of the table written: its records less the header, or YAML's
 * items. */
static unsigned long long rows_of(const sso_manifest *m)
{
	if (m->format == SSO_FORMAT_YAML)
		return m->items;
	return m->lines ? m->lines - 1 : 0;
}

int sso_manifest_end(sso_manifest *m, sso_store *s, const sso_manifest_about *about, FILE *yaml)
{
	static const char *const formats[] = {"csv", "tsv", "yaml"};
	char sha[65], day[11], seq[24], head[24 + 65];
	sso_yemit *e = NULL;
	sso_head h;
	int rc;

	/* everything through the hash, and out of fp, before it is vouched for */
	if (fflush(m->stream) != 0 || m->write_fail || fflush(m->fp) != 0 || ferror(m->fp))
		return sso_error_set(SSO_EIO, "cannot write the output: %s",
				     strerror(errno ? errno : EIO));
	if ((rc = sso_event_head_at(&h, s, about->head_day)) < 0)
		return rc;
	sso_hash__hex(&m->h, sha);
	sso_date_format(about->as_of, day);
	snprintf(seq, sizeof(seq), "%lld", h.seq);
	snprintf(head, sizeof(head), "%lld:%s", h.seq, h.hash);
	if ((rc = sso_yemit_new(&e, yaml)) < 0)
		return rc;
	sso_yemit_doc(e);
	sso_yemit_map(e);
	sso_yemit_kv(e, "export", about->export);
	sso_yemit_kv(e, "period", about->period);
	sso_yemit_kv(e, "street", about->street);
	sso_yemit_kv(e, "district", about->district);
	sso_yemit_kv(e, "as_of", day);
	sso_yemit_kv(e, "format", formats[m->format]);
	sso_yemit_key(e, "rows");
	sso_yemit_int(e, (long long)rows_of(m));
	sso_yemit_key(e, "bytes");
	sso_yemit_int(e, (long long)m->bytes);
	sso_yemit_kv(e, "sha256", sha);
	sso_yemit_key(e, "head_seq");
	sso_yemit_plain(e, seq);
	sso_yemit_kv(e, "head_hash", h.hash);
	sso_yemit_kv(e, "head", head);
	sso_yemit_close(e);
	sso_yemit_doc_end(e);
	rc = sso_yemit_end(e);
	sso_yemit_free(e);
	if (rc < 0)
		sso_error_prefix("the manifest: ");
	return rc;
}

void sso_manifest_free(sso_manifest *m)
{
	if (!m)
		return;
	m->write_fail = 1; /* what is still buffered stays out of fp */
	fclose(m->stream);
	free(m);
}

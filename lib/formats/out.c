/* out.c - tables as CSV/TSV/YAML and nested YAML through libyaml's emitter */
#include <errno.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "sso/csv.h"
#include "sso/error.h"
#include "sso/out.h"

int sso_format_parse(sso_format *out, const char *name)
{
	if (!strcmp(name, "csv"))
		*out = SSO_FORMAT_CSV;
	else if (!strcmp(name, "tsv"))
		*out = SSO_FORMAT_TSV;
	else if (!strcmp(name, "yaml"))
		*out = SSO_FORMAT_YAML;
	else
		return sso_error_set(SSO_EUSAGE, "unknown format '%s': use csv, tsv or yaml", name);
	return 0;
}

/* ---- YAML emitter ---- */

struct sso_yemit {
	yaml_emitter_t em;
	FILE *fp;
	int failed;
	int started;
	int depth;
	char open[64]; /* 'm' or 's' for each open collection */
};

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	FILE *fp = data;

	return fwrite(buffer, 1, size, fp) == size;
}

static void emit(sso_yemit *e, yaml_event_t *ev, int ok)
{
	if (e->failed)
		return;
	if (!ok || !yaml_emitter_emit(&e->em, ev))
		e->failed = 1;
}

int sso_yemit_new(sso_yemit **out, FILE *fp)
{
	sso_yemit *e = calloc(1, sizeof(*e));
	yaml_event_t ev;

	*out = NULL;
	if (!e || !yaml_emitter_initialize(&e->em)) {
		free(e);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	e->fp = fp;
	yaml_emitter_set_output(&e->em, write_handler, fp);
	yaml_emitter_set_unicode(&e->em, 1);
	yaml_emitter_set_width(&e->em, -1);
	yaml_emitter_set_indent(&e->em, 2);
	emit(e, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	*out = e;
	return 0;
}

void sso_yemit_doc(sso_yemit *e)
{
	yaml_event_t ev;

	emit(e, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, e->started));
	e->started = 1;
}

void sso_yemit_doc_end(sso_yemit *e)
{
	yaml_event_t ev;

	emit(e, &ev, yaml_document_end_event_initialize(&ev, 1));
}

static void push(sso_yemit *e, char kind)
{
	if (e->depth == (int)sizeof(e->open))
		e->failed = 1;
	else
		e->open[e->depth++] = kind;
}

void sso_yemit_map(sso_yemit *e)
{
	yaml_event_t ev;

	push(e, 'm');
	emit(e, &ev,
	     yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
}

void sso_yemit_seq(sso_yemit *e)
{
	yaml_event_t ev;

	push(e, 's');
	emit(e, &ev,
	     yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE));
}

void sso_yemit_close(sso_yemit *e)
{
	yaml_event_t ev;

	if (e->failed || e->depth == 0) {
		e->failed = 1;
		return;
	}
	if (e->open[--e->depth] == 'm')
		emit(e, &ev, yaml_mapping_end_event_initialize(&ev));
	else
		emit(e, &ev, yaml_sequence_end_event_initialize(&ev));
}

/* Would a plain scalar with this text read back as something other than text
 * (null, boolean, number, date)? Then it must be quoted. */
static int reads_as_non_text(const char *s)
{
	static const char *const words[] = {"~",    "null",  "Null",  "NULL",  "true", "True",
					    "TRUE", "false", "False", "FALSE", "yes",  "Yes",
					    "YES",  "no",    "No",    "NO",    "on",   "On",
					    "ON",   "off",   "Off",   "OFF",   "y",    "Y",
					    "n",    "N"};
	const char *p = s;

	if (!*s)
		return 1;
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (!strcmp(s, words[i]))
			return 1;
	if (*p == '+' || *p == '-' || *p == '.')
		p++;
	if (isdigit((unsigned char)*p))
		return 1; /* numbers, dates, codes with leading digits: quote them all */
	return s[0] == '.' && (!strcmp(s, ".inf") || !strcmp(s, ".nan"));
}

static void scalar(sso_yemit *e, const char *text, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	emit(e, &ev,
	     yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)text, (int)strlen(text),
					  1, 1, style));
}

void sso_yemit_key(sso_yemit *e, const char *key)
{
	scalar(e, key, YAML_PLAIN_SCALAR_STYLE);
}

void sso_yemit_text(sso_yemit *e, const char *text)
{
	if (!text)
		scalar(e, "~", YAML_PLAIN_SCALAR_STYLE);
	else if (strchr(text, '\n'))
		scalar(e, text, YAML_LITERAL_SCALAR_STYLE);
	else if (reads_as_non_text(text))
		scalar(e, text, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	else
		scalar(e, text, YAML_ANY_SCALAR_STYLE);
}

void sso_yemit_plain(sso_yemit *e, const char *text)
{
	scalar(e, text && *text ? text : "~", YAML_PLAIN_SCALAR_STYLE);
}

void sso_yemit_int(sso_yemit *e, long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	scalar(e, buf, YAML_PLAIN_SCALAR_STYLE);
}

void sso_yemit_bool(sso_yemit *e, int v)
{
	scalar(e, v ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
}

void sso_yemit_kv(sso_yemit *e, const char *key, const char *text)
{
	sso_yemit_key(e, key);
	sso_yemit_text(e, text);
}

int sso_yemit_end(sso_yemit *e)
{
	yaml_event_t ev;

	emit(e, &ev, yaml_stream_end_event_initialize(&ev));
	if (!e->failed && !yaml_emitter_flush(&e->em))
		e->failed = 1;
	if (e->failed || fflush(e->fp) != 0 || ferror(e->fp))
		return sso_error_set(SSO_EIO, "cannot write the output: %s",
				     strerror(errno ? errno : EIO));
	return 0;
}

void sso_yemit_free(sso_yemit *e)
{
	if (!e)
		return;
	yaml_emitter_delete(&e->em);
	free(e);
}

/* ---- tables ---- */

struct sso_table {
	FILE *fp;
	sso_out_options opts;
	const sso_column *cols;
	size_t ncols;
	sso_yemit *y;
	int rows;
};

static int put_row(sso_table *t, const char *const *values)
{
	char sep = t->opts.format == SSO_FORMAT_TSV ? '\t' : ',';

	for (size_t i = 0; i < t->ncols; i++) {
		if (i)
			putc(sep, t->fp);
		if (values[i] && sso_csv_put(t->fp, sep, values[i], (size_t)-1) < 0)
			return SSO_EIO;
	}
	putc('\n', t->fp);
	return ferror(t->fp) ? sso_error_set(SSO_EIO, "cannot write the output: %s",
					     strerror(errno ? errno : EIO))
			     : 0;
}

int sso_table_new(sso_table **out, FILE *fp, const sso_out_options *opts, const sso_column *cols,
		  size_t ncols)
{
	sso_table *t = calloc(1, sizeof(*t));
	int rc = 0;

	*out = NULL;
	if (!t)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	t->fp = fp;
	t->opts = *opts;
	t->cols = cols;
	t->ncols = ncols;
	if (opts->format == SSO_FORMAT_YAML) {
		if ((rc = sso_yemit_new(&t->y, fp)) < 0)
			goto fail;
		sso_yemit_doc(t->y);
		sso_yemit_seq(t->y);
	} else {
		const char *head[256];

		if (ncols > 256) {
			rc = sso_error_set(SSO_EINTERNAL, "too many columns");
			goto fail;
		}
		if (opts->bom)
			fputs("\xEF\xBB\xBF", fp);
		for (size_t i = 0; i < ncols; i++)
			head[i] = opts->zh_headers && cols[i].zh ? cols[i].zh : cols[i].key;
		if ((rc = put_row(t, head)) < 0)
			goto fail;
	}
	*out = t;
	return 0;
fail:
	sso_table_free(t);
	return rc;
}

int sso_table_row(sso_table *t, const char *const *values)
{
	if (t->opts.format != SSO_FORMAT_YAML) {
		const char *v[256];

		for (size_t i = 0; i < t->ncols; i++) {
			v[i] = values[i];
			if (t->cols[i].type == SSO_COL_BOOL && v[i])
				v[i] = (!strcmp(v[i], "1") || !strcmp(v[i], "true")) ? "1" : "0";
		}
		return put_row(t, v);
	}
	sso_yemit_map(t->y);
	for (size_t i = 0; i < t->ncols; i++) {
		const char *v = values[i];

		sso_yemit_key(t->y, t->cols[i].key);
		if (!v || (t->cols[i].type != SSO_COL_TEXT && !*v))
			sso_yemit_plain(t->y, "~");
		else if (t->cols[i].type == SSO_COL_BOOL)
			sso_yemit_bool(t->y, !strcmp(v, "1") || !strcmp(v, "true"));
		else if (t->cols[i].type == SSO_COL_NUMBER)
			sso_yemit_plain(t->y, v);
		else
			sso_yemit_text(t->y, v);
	}
	sso_yemit_close(t->y);
	t->rows++;
	return 0;
}

int sso_table_end(sso_table *t)
{
	if (t->y) {
		sso_yemit_close(t->y); /* an empty sequence comes out as [] */
		sso_yemit_doc_end(t->y);
		return sso_yemit_end(t->y);
	}
	if (fflush(t->fp) != 0 || ferror(t->fp))
		return sso_error_set(SSO_EIO, "cannot write the output: %s",
				     strerror(errno ? errno : EIO));
	return 0;
}

void sso_table_free(sso_table *t)
{
	if (!t)
		return;
	sso_yemit_free(t->y);
	free(t);
}

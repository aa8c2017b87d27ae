/* fuzz_actrow.c - the activity row from any bytes, read as CSV and as TSV:
 * every row accepted keeps the rules it was accepted by, and what the export
 * would print of it reads back as the same row; a record the reader says has
 * no control byte has none, and reads as it does when looked at in full;
 * never a crash */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sso/sso.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct state {
	sso_actrow_header head;
	int have_header;
} state;

static void check_row(const sso_actrow *r)
{
	char buf[SSO_ACTROW_HOURS_CAP], id[SSO_ID_CAP];
	sso_actrow_header h;
	sso_actrow again;
	char *fields[SSO_ACT_NCOLS];
	size_t lens[SSO_ACT_NCOLS];
	char copies[SSO_ACT_NCOLS][SSO_ACTROW_HOURS_CAP + SSO_ACTROW_TEXT_MAX];
	sso_csv_row row = {2, SSO_ACT_NCOLS, fields, lens, 0};
	int y, m, d;

	if (r->participants < 0 || r->participants > SSO_ACTROW_PARTICIPANTS_MAX)
		abort();
	if (r->has_hours && !(r->hours >= 0 && r->hours <= SSO_ACTROW_HOURS_MAX))
		abort();
	if (!r->len[SSO_ACT_ID] || r->len[SSO_ACT_ID] > SSO_ACTROW_ID_MAX || r->org <= 0)
		abort();
	sso_date_ymd(r->date, &y, &m, &d);
	if (y * 10000 + m * 100 + d != r->ymd || y < 1900)
		abort();
	for (int c = 0; c < SSO_ACT_NCOLS; c++)
		if (r->len[c] && (r->text[c][0] == ' ' || r->text[c][r->len[c] - 1] == ' ' ||
				  r->text[c][0] == '\t' || r->text[c][r->len[c] - 1] == '\t'))
			abort(); /* trimmed */
	sso_id_format(id, sizeof(id), "ORG", r->org);
	if (r->org_canonical && strcmp(id, r->text[SSO_ACT_ORG]))
		abort();

	/* the row as the export prints it (the canonical id, the hours
	 * formatted) reads back as the same row */
	for (int c = 0; c < SSO_ACT_NCOLS; c++) {
		const char *t = r->text[c];

		h.index[c] = c;
		if (c == SSO_ACT_ORG)
			t = id;
		else if (c == SSO_ACT_HOURS && r->has_hours)
			t = sso_actrow_format_hours(buf, sizeof(buf), r->hours);
		snprintf(copies[c], sizeof(copies[c]), "%s", t);
		fields[c] = copies[c];
		lens[c] = strlen(copies[c]);
	}
	h.nfields = SSO_ACT_NCOLS;
	if (sso_actrow_parse(&again, &h, &row) < 0)
		abort();
	if (again.org != r->org || !again.org_canonical || again.date != r->date ||
	    again.participants != r->participants || again.has_hours != r->has_hours ||
	    (r->has_hours && again.hours != r->hours))
		abort();
	if (r->has_hours && strpbrk(buf, "eE"))
		abort();
}

/* row's fields copied (each parse trims its own), no_controls set to flag;
 * NULL when a field holds a NUL or is too long for a copy. */
typedef struct copy {
	char *fields[64];
	size_t lens[64];
	char *text;
	sso_csv_row row;
} copy;

static const sso_csv_row *copy_of(copy *c, const sso_csv_row *row, int flag)
{
	size_t total = 0, at = 0;

	if (row->count > 64)
		return NULL;
	for (size_t i = 0; i < row->count; i++)
		total += row->lens[i] + 1;
	if (!(c->text = malloc(total ? total : 1)))
		abort();
	for (size_t i = 0; i < row->count; i++) {
		memcpy(c->text + at, row->fields[i], row->lens[i] + 1);
		c->fields[i] = c->text + at;
		c->lens[i] = row->lens[i];
		at += row->lens[i] + 1;
	}
	c->row = (sso_csv_row){row->line, row->count, c->fields, c->lens, flag};
	return &c->row;
}

/* The reader's claim that no field holds a byte below 0x20 is true, and the
 * parser's quick path under it gives the full rules' answer and message. */
static void check_claim(const sso_actrow_header *h, const sso_csv_row *row)
{
	copy c1, c2;
	sso_actrow a, b;
	char msg[512] = "";
	int ra, rb;

	if (!row->no_controls)
		return;
	for (size_t i = 0; i < row->count; i++)
		for (size_t k = 0; k < row->lens[i]; k++)
			if ((unsigned char)row->fields[i][k] < 0x20)
				abort();
	if (!copy_of(&c1, row, 1))
		return;
	if (!copy_of(&c2, row, 0))
		abort();
	ra = sso_actrow_parse(&a, h, &c1.row);
	if (ra < 0)
		snprintf(msg, sizeof(msg), "%s", sso_error_last());
	rb = sso_actrow_parse(&b, h, &c2.row);
	if (ra != rb || (ra < 0 && strcmp(msg, sso_error_last())))
		abort();
	if (ra == 0) {
		for (int c = 0; c < SSO_ACT_NCOLS; c++)
			if (a.len[c] != b.len[c] || memcmp(a.text[c], b.text[c], a.len[c] + 1))
				abort();
		if (a.org != b.org || a.org_canonical != b.org_canonical || a.date != b.date ||
		    a.ymd != b.ymd || a.participants != b.participants ||
		    a.has_hours != b.has_hours || a.hours != b.hours)
			abort();
	}
	free(c1.text);
	free(c2.text);
}

static int on_row(void *payload, const sso_csv_row *row)
{
	state *s = payload;
	sso_actrow r;

	if (!s->have_header) {
		s->have_header = 1;
		return sso_actrow_header_read(&s->head, row, "fuzz") < 0 ? SSO_CSV_STOP : 0;
	}
	check_claim(&s->head, row);
	if (sso_actrow_parse(&r, &s->head, row) == 0)
		check_row(&r);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int k = 0; k < 2; k++) {
		state s = {0};
		sso_input *in = NULL;

		if (sso_input_memory(&in, "fuzz", data, size, SSO_ENCODING_UTF8) < 0)
			abort();
		/* both separators, whatever the header says: neither reader may care */
		(void)sso_csv_read(in, k ? '\t' : ',', on_row, &s);
		sso_input_free(in);
	}
	return 0;
}

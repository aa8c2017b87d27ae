/* fuzz_actrow.c - the activity row from any bytes, read as CSV and as TSV:
 * every row accepted keeps the rules it was accepted by, and what the export
 * would print of it reads back as the same row; never a crash */
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

static int on_row(void *payload, const sso_csv_row *row)
{
	state *s = payload;
	sso_actrow r;

	if (!s->have_header) {
		s->have_header = 1;
		return sso_actrow_header_read(&s->head, row, "fuzz") < 0 ? SSO_CSV_STOP : 0;
	}
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

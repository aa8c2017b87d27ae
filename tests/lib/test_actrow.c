/* test_actrow.c - the activity row: headers (keys, Chinese, BOM, spaces),
 * trimming, and each rule of its fields, with a case that breaks it */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* A record of fields split at '|' (a copy the parser may trim in place). */
typedef struct rec {
	char buf[4096];
	char *fields[32];
	size_t lens[32];
	sso_csv_row row;
} rec;

static const sso_csv_row *record(rec *r, const char *text, size_t line)
{
	char *p;
	size_t n = 0;

	snprintf(r->buf, sizeof(r->buf), "%s", text);
	p = r->buf;
	for (;;) {
		char *bar = strchr(p, '|');

		r->fields[n] = p;
		r->lens[n] = bar ? (size_t)(bar - p) : strlen(p);
		n++;
		if (!bar)
			break;
		*bar = '\0';
		p = bar + 1;
	}
	r->row = (sso_csv_row){line, n, r->fields, r->lens, 0};
	return &r->row;
}

#define FULL_HEADER                                                                                \
	"activity_id|org_id|date|participants|street|community|kind|title|volunteer_hours"

static void header_of(sso_actrow_header *h, const char *text)
{
	rec r;

	if (sso_actrow_header_read(h, record(&r, text, 1), "a.csv") < 0)
		fail_msg("%s", sso_error_last());
}

/* Parse data (fields split at '|') under the full header: the return code. */
static int parse(sso_actrow *out, const char *data, rec *r)
{
	sso_actrow_header h;

	header_of(&h, FULL_HEADER);
	return sso_actrow_parse(out, &h, record(r, data, 2));
}

static void ok(const char *data, sso_actrow *out, rec *r)
{
	if (parse(out, data, r) < 0)
		fail_msg("'%s' refused: %s", data, sso_error_last());
}

static void refused(const char *data, const char *message)
{
	sso_actrow a;
	rec r;

	assert_int_equal(parse(&a, data, &r), SSO_EINPUT);
	assert_contains(sso_error_last(), message);
}

static void headers(void **state)
{
	sso_actrow_header h;
	rec r;

	(void)state;
	/* keys in any order, other columns ignored */
	header_of(&h, "note|participants|date|org_id|activity_id");
	assert_int_equal(h.nfields, 5);
	assert_int_equal(h.index[SSO_ACT_PARTICIPANTS], 1);
	assert_int_equal(h.index[SSO_ACT_ID], 4);
	assert_int_equal(h.index[SSO_ACT_HOURS], -1);
	/* the Chinese headers the export prints, spaces around them, a BOM */
	header_of(&h, "\357\273\277 活动编号 |组织编号|活动日期\t|参与人数|志愿服务时长|活动名称");
	assert_int_equal(h.index[SSO_ACT_ID], 0);
	assert_int_equal(h.index[SSO_ACT_DATE], 2);
	assert_int_equal(h.index[SSO_ACT_HOURS], 4);
	assert_int_equal(h.index[SSO_ACT_TITLE], 5);
	/* each column's header is the export's */
	for (int c = 0; c < SSO_ACT_NCOLS; c++) {
		char text[128];

		snprintf(text, sizeof(text), "activity_id|org_id|date|participants|%s",
			 sso_actrow_columns[c].zh);
		if (c > SSO_ACT_PARTICIPANTS) {
			header_of(&h, text);
			assert_int_equal(h.index[c], 4);
		}
	}
	assert_string_equal(sso_actrow_columns[SSO_ACT_HOURS].zh, "志愿服务时长");
	/* a required column missing, or one named twice */
	assert_int_equal(sso_actrow_header_read(&h,
						record(&r, "activity_id|org_id|participants", 1),
						"a.csv"),
			 SSO_EINPUT);
	assert_contains(sso_error_last(), "a.csv:1: the header has no column 'date'");
	assert_int_equal(sso_actrow_header_read(&h,
						record(&r,
						       "activity_id|org_id|date|"
						       "participants|活动编号",
						       1),
						"a.csv"),
			 SSO_EINPUT);
	assert_contains(sso_error_last(), "names column 'activity_id' twice");
}

static void keep(void **state)
{
	sso_actrow_header h;
	unsigned char k[6];

	(void)state;
	header_of(&h, "note|activity_id|org_id|date|participants|title");
	sso_actrow_keep(&h, k);
	assert_int_equal(k[0], 0);
	for (int i = 1; i < 6; i++)
		assert_int_equal(k[i], 1);
}

static void fields(void **state)
{
	sso_actrow a;
	rec r;

	(void)state;
	ok("A-1|ORG000001|2026-07-01|12|120101001|120101001001|文体|合唱|1.5", &a, &r);
	assert_int_equal(a.org, 1);
	assert_true(a.org_canonical);
	assert_int_equal(a.ymd, 20260701);
	assert_int_equal(a.date, sso_date_from_ymd(2026, 7, 1));
	assert_int_equal(a.participants, 12);
	assert_true(a.has_hours);
	assert_true(a.hours == 1.5);
	assert_string_equal(a.text[SSO_ACT_TITLE], "合唱");

	/* trimming: spaces and tabs around every field */
	ok(" A-2 |\tORG000002 | 2026-01-31 | 12 ||| kind |\ttitle\t| 1.2345 ", &a, &r);
	assert_string_equal(a.text[SSO_ACT_ID], "A-2");
	assert_int_equal(a.len[SSO_ACT_ID], 3);
	assert_int_equal(a.org, 2);
	assert_int_equal(a.participants, 12);
	assert_string_equal(a.text[SSO_ACT_KIND], "kind");
	assert_string_equal(a.text[SSO_ACT_TITLE], "title");
	assert_true(a.hours == 1.2345);

	/* org ids in any case, bare, or padded otherwise: read, not canonical */
	ok("A|org000003|2026-01-01|1|||||", &a, &r);
	assert_int_equal(a.org, 3);
	assert_false(a.org_canonical);
	ok("A|7|2026-01-01|1|||||", &a, &r);
	assert_int_equal(a.org, 7);
	assert_false(a.org_canonical);
	ok("A|ORG0000004|2026-01-01|1|||||", &a, &r);
	assert_int_equal(a.org, 4);
	assert_false(a.org_canonical);
	ok("A|ORG1234567|2026-01-01|1|||||", &a, &r);
	assert_int_equal(a.org, 1234567);
	assert_true(a.org_canonical);
	ok("A|ORG5555550001|2026-01-01|1|||||", &a, &r); /* as printed, however long */
	assert_int_equal(a.org, 5555550001L);
	assert_true(a.org_canonical);
	ok("A|ORG005555550001|2026-01-01|1|||||", &a, &r);
	assert_int_equal(a.org, 5555550001L);
	assert_false(a.org_canonical);
	refused("A||2026-01-01|1|||||", "org_id is empty");
	refused("A|ORGX1|2026-01-01|1|||||", "org_id: 'ORGX1' is not an id like ORG000001");
	refused("A|ORG000000|2026-01-01|1|||||", "org_id: ");

	/* dates: real ones, 1900 on, written YYYY-MM-DD */
	ok("A|ORG000001|2024-02-29|1|||||", &a, &r);
	ok("A|ORG000001|1900-01-01|1|||||", &a, &r);
	ok("A|ORG000001|9999-12-31|1|||||", &a, &r);
	refused("A|ORG000001|2026-02-29|1|||||", "date '2026-02-29' is not a real date");
	refused("A|ORG000001|1900-02-29|1|||||", "date '1900-02-29' is not a real date");
	refused("A|ORG000001|1899-12-31|1|||||", "date '1899-12-31'");
	refused("A|ORG000001|2026/01/01|1|||||", "date '2026/01/01'");
	refused("A|ORG000001|2026-1-01|1|||||", "date '2026-1-01'");
	refused("A|ORG000001||1|||||", "date '' is not a real date");

	/* participants: a whole number, 0 to the maximum */
	ok("A|ORG000001|2026-01-01|0|||||", &a, &r);
	assert_int_equal(a.participants, 0);
	ok("A|ORG000001|2026-01-01|1000000|||||", &a, &r);
	assert_int_equal(a.participants, 1000000);
	refused("A|ORG000001|2026-01-01|1000001|||||", "participants must be at most 1000000");
	refused("A|ORG000001|2026-01-01|99999999999999999999|||||", "must be at most 1000000");
	refused("A|ORG000001|2026-01-01|-3|||||",
		"participants must be a whole number of 0 or more, not '-3'");
	refused("A|ORG000001|2026-01-01|2.5|||||", "not '2.5'");
	refused("A|ORG000001|2026-01-01|+3|||||", "not '+3'");
	refused("A|ORG000001|2026-01-01||||||", "participants must be a whole number");
	refused("A|ORG000001|2026-01-01|1 2|||||", "not '1 2'");

	/* volunteer hours: empty, or a plain decimal of at most the maximum */
	ok("A|ORG000001|2026-01-01|1||||| ", &a, &r);
	assert_false(a.has_hours);
	ok("A|ORG000001|2026-01-01|1|||||0", &a, &r);
	assert_true(a.has_hours);
	assert_true(a.hours == 0);
	ok("A|ORG000001|2026-01-01|1|||||0.00001", &a, &r);
	assert_true(a.hours == 0.00001);
	ok("A|ORG000001|2026-01-01|1|||||1.2345678901234567", &a, &r);
	assert_true(a.hours == strtod("1.2345678901234567", NULL));
	ok("A|ORG000001|2026-01-01|1|||||1000000", &a, &r);
	ok("A|ORG000001|2026-01-01|1|||||1000000.000", &a, &r);
	refused("A|ORG000001|2026-01-01|1|||||1000000.001",
		"volunteer_hours must be at most 1000000");
	refused("A|ORG000001|2026-01-01|1|||||-1",
		"volunteer_hours must be a number of at least 0, not '-1'");
	static const char *const bad_hours[] = {"nan", "inf", "1e3", "0x10",  "+1",
						".5",  "5.",  "1,5", "1.2.3", "一"};
	for (size_t i = 0; i < sizeof(bad_hours) / sizeof(*bad_hours); i++) {
		char row[64];

		snprintf(row, sizeof(row), "A|ORG000001|2026-01-01|1|||||%s", bad_hours[i]);
		refused(row, "volunteer_hours must be a number of at least 0");
	}

	/* activity_id: 1 to 64 bytes on one line */
	refused("|ORG000001|2026-01-01|1|||||", "activity_id is empty");
	refused("  |ORG000001|2026-01-01|1|||||", "activity_id is empty");
	ok("0123456789012345678901234567890123456789012345678901234567890123|ORG000001|2026-01-01|"
	   "1|||||",
	   &a, &r);
	refused("01234567890123456789012345678901234567890123456789012345678901234|ORG000001|"
		"2026-01-01|1|||||",
		"activity_id must be 1 to 64 characters on one line");
	refused("A\nB|ORG000001|2026-01-01|1|||||", "activity_id must be 1 to 64 characters");

	/* texts: no control characters; a title may hold line breaks and tabs */
	ok("A|ORG000001|2026-01-01|1||||两行\n标\t题|", &a, &r);
	assert_string_equal(a.text[SSO_ACT_TITLE], "两行\n标\t题");
	refused("A|ORG000001|2026-01-01|1||||a\001b|", "title may not hold control characters");
	refused("A|ORG000001|2026-01-01|1|||a\nb||", "kind may not hold control characters");
	refused("A|ORG000001|2026-01-01|1|a\rb||||", "street may not hold control characters");
	refused("A|ORG000001|2026-01-01|1||a\033b|||", "community may not hold");

	/* the number of fields, and every field's length */
	refused("A|ORG000001|2026-01-01|1", "the row has 4 fields where the header has 9");
	refused("A|ORG000001|2026-01-01|1||||||x", "the row has 10 fields where the header has 9");
	{
		char row[4096];
		int n = snprintf(row, sizeof(row), "A|ORG000001|2026-01-01|1||||");

		memset(row + n, 'x', 2001);
		snprintf(row + n + 2001, sizeof(row) - (size_t)n - 2001, "|");
		refused(row, "title is longer than 2000 bytes");
	}
}

/* Absent optional columns read as empty; the order of checks names the first
 * problem of a row with several. */
static void absent_columns_and_order(void **state)
{
	sso_actrow_header h;
	sso_actrow a;
	rec r;

	(void)state;
	header_of(&h, "activity_id|org_id|date|participants");
	assert_int_equal(sso_actrow_parse(&a, &h, record(&r, "A|ORG000001|2026-01-01|3", 2)), 0);
	assert_string_equal(a.text[SSO_ACT_TITLE], "");
	assert_false(a.has_hours);
	assert_int_equal(sso_actrow_parse(&a, &h, record(&r, "|X|2026-13-01|-1", 2)), SSO_EINPUT);
	assert_contains(sso_error_last(), "org_id");
}

static void hours_printed(void **state)
{
	static const char *const texts[] = {"0",
					    "2",
					    "1.5",
					    "1.2345",
					    "0.00001",
					    "0.000000000123",
					    "1000000",
					    "999999.999999",
					    "1.2345678901234567",
					    "0.1",
					    "123456.789"};
	char buf[SSO_ACTROW_HOURS_CAP];

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		double v = strtod(texts[i], NULL);
		sso_actrow a;
		rec r;
		char row[512];

		sso_actrow_format_hours(buf, sizeof(buf), v);
		assert_null(strpbrk(buf, "eE"));
		/* the shortest text of the number: here, the one it was read from */
		assert_string_equal(buf, texts[i]);
		snprintf(row, sizeof(row), "A|ORG000001|2026-01-01|1|||||%s", buf);
		ok(row, &a, &r);
		assert_true(a.hours == v);
	}
	/* a number no short decimal holds still reads back as itself */
	sso_actrow_format_hours(buf, sizeof(buf), 1.0 / 3.0);
	assert_true(strtod(buf, NULL) == 1.0 / 3.0);
	sso_actrow_format_hours(buf, sizeof(buf), 1e-300);
	assert_null(strpbrk(buf, "eE"));
	assert_true(strtod(buf, NULL) == 1e-300);
}

static void separator(void **state)
{
	static const struct {
		const char *text;
		char sep;
	} cases[] = {
		{"activity_id,org_id,date,participants\nA\tB,1,2,3\n", ','},
		{"activity_id\torg_id\tdate\tparticipants\nA,B\t1\t2\t3\n", '\t'},
		{"\357\273\277活动编号\t组织编号\n", '\t'},
		{"活动编号,组织编号\n", ','},
		{"", ','},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		sso_input *in = NULL;

		assert_int_equal(sso_input_memory(&in, "a", cases[i].text, strlen(cases[i].text),
						  SSO_ENCODING_UTF8),
				 0);
		assert_int_equal(sso_actrow_separator(in), cases[i].sep);
		sso_input_free(in);
	}
}

/* ---- the quick paths give the full rules' answers ---- */

/* A copy of row (its fields, so that each parse trims its own) with
 * no_controls set to flag. */
typedef struct copy {
	char text[32][SSO_ACTROW_TEXT_MAX + 8];
	char *fields[32];
	size_t lens[32];
	sso_csv_row row;
} copy;

static const sso_csv_row *copy_of(copy *c, const sso_csv_row *row, int flag)
{
	assert_true(row->count <= 32);
	for (size_t i = 0; i < row->count; i++) {
		assert_true(row->lens[i] < sizeof(c->text[i]));
		memcpy(c->text[i], row->fields[i], row->lens[i] + 1);
		c->fields[i] = c->text[i];
		c->lens[i] = row->lens[i];
	}
	c->row = (sso_csv_row){row->line, row->count, c->fields, c->lens, flag};
	return &c->row;
}

/* Parse row as the reader handed it and with no_controls cleared (every
 * field looked at again): the same answer, the same message. */
static void same_answer(const sso_actrow_header *h, const sso_csv_row *row)
{
	static copy c1, c2;
	sso_actrow a, b;
	char msg[512] = "";
	int ra = sso_actrow_parse(&a, h, copy_of(&c1, row, row->no_controls));

	if (ra < 0)
		snprintf(msg, sizeof(msg), "%s", sso_error_last());
	assert_int_equal(sso_actrow_parse(&b, h, copy_of(&c2, row, 0)), ra);
	if (ra < 0) {
		assert_string_equal(sso_error_last(), msg);
		return;
	}
	for (int c = 0; c < SSO_ACT_NCOLS; c++) {
		assert_int_equal(a.len[c], b.len[c]);
		assert_memory_equal(a.text[c], b.text[c], a.len[c] + 1);
	}
	assert_int_equal(a.org, b.org);
	assert_int_equal(a.org_canonical, b.org_canonical);
	assert_int_equal(a.date, b.date);
	assert_int_equal(a.ymd, b.ymd);
	assert_int_equal(a.participants, b.participants);
	assert_int_equal(a.has_hours, b.has_hours);
	assert_true(a.hours == b.hours);
}

typedef struct seen {
	sso_actrow_header head;
	int have_header;
	size_t rows, quick; /* records, and those read with no_controls set */
} seen;

/* Each record the reader hands over: if it says no field holds a byte
 * below 0x20, none does; and it reads as it would without the claim. */
static int on_record(void *payload, const sso_csv_row *row)
{
	seen *s = payload;

	if (!s->have_header) {
		s->have_header = 1;
		assert_int_equal(sso_actrow_header_read(&s->head, row, "a.csv"), 0);
		return 0;
	}
	s->rows++;
	if (row->no_controls) {
		s->quick++;
		for (size_t i = 0; i < row->count; i++)
			for (size_t k = 0; k < row->lens[i]; k++)
				assert_true((unsigned char)row->fields[i][k] >= 0x20);
	}
	same_answer(&s->head, row);
	return 0;
}

static void read_text(seen *s, const char *text, size_t len, char sep)
{
	sso_input *in = NULL;

	memset(s, 0, sizeof(*s));
	assert_int_equal(sso_input_memory(&in, "a.csv", text, len, SSO_ENCODING_UTF8), 0);
	(void)sso_csv_read(in, sep, on_record, s);
	sso_input_free(in);
}

/* Records of every length around the 16-byte steps of the reader's scan,
 * with a control byte (or a space, a tab, a UTF-8 byte) in each position of
 * each field: read by the reader's claim and without it, the same rows and
 * the same messages. */
static void quick_paths(void **state)
{
	static const char *const rows[] = {
		"A-1,ORG000001,2026-07-01,12,120101001,120101001001,文体,合唱,1.5",
		"A-1,ORG000001,2026-07-01,12,s,c,k,t,",
		"A,ORG1,2026-02-29,0,,,,,0",
		"A,1,2024-02-29,1000000,,,,,1000000",
		"A,ORG000001,2026-13-01,1,,,,,",
		"A,ORG000001,1899-12-31,1,,,,,",
		"A,ORG0000001,2026-01-01,1000001,,,,,",
		/* one literal in two (the parentheses tell clang the concatenation is meant) */
		("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,ORG000002,"
		 "2026-01-01,1,,,,,"),
		"A,ORG000002,2026-01-01,x,,,,,",
		"A,ORG000002,2026-01-01,1,,,,,1.",
	};
	static const unsigned char bytes[] = {0x01, 0x07, '\t', 0x0b, 0x0c, 0x1b, 0x1f,
					      ' ',  0x7f, 0x80, 0xe6, '\r', '\n', 0x19};
	const char *head = FULL_HEADER;
	char text[8192];
	size_t quick = 0;
	seen s;

	(void)state;
	for (size_t r = 0; r < sizeof(rows) / sizeof(*rows); r++) {
		size_t len = strlen(rows[r]);

		for (size_t pos = 0; pos <= len; pos++)
			for (size_t b = 0; b < sizeof(bytes); b++) {
				/* the header with '|' made ',', then the row with the
				 * byte put in before pos (a 0x80 or 0xe6 alone is not
				 * UTF-8: the input refuses it, which is not the point) */
				size_t n = 0;

				if (bytes[b] >= 0x80 && bytes[b] != 0xe6)
					continue;
				for (const char *p = head; *p; p++)
					text[n++] = *p == '|' ? ',' : *p;
				text[n++] = '\n';
				memcpy(text + n, rows[r], pos);
				n += pos;
				if (bytes[b] == 0xe6) {
					memcpy(text + n, "文", 3); /* e6 96 87 */
					n += 3;
				} else {
					text[n++] = (char)bytes[b];
				}
				memcpy(text + n, rows[r] + pos, len - pos);
				n += len - pos;
				text[n++] = '\n';
				read_text(&s, text, n, ',');
				quick += s.quick;
				for (size_t k = 0; k < n; k++)
					if (text[k] == ',')
						text[k] = '\t';
				read_text(&s, text, n, '\t'); /* TSV: escapes undone, no claim */
			}
		/* the row alone, and padded with spaces to each length */
		for (size_t pad = 0; pad < 40; pad++) {
			size_t n = 0;

			for (const char *p = head; *p; p++)
				text[n++] = *p == '|' ? ',' : *p;
			text[n++] = '\n';
			memset(text + n, ' ', pad);
			n += pad;
			memcpy(text + n, rows[r], len);
			n += len;
			memset(text + n, ' ', pad % 7);
			n += pad % 7;
			text[n++] = '\n';
			read_text(&s, text, n, ',');
			assert_int_equal(s.quick, s.rows); /* no control byte: the claim */
			quick += s.quick;
		}
	}
	assert_true(quick > 0);
}

/* The day number of every date from 1900 to 9999 (a quick path of its
 * own) is sso_date_from_ymd()'s. */
static void every_date(void **state)
{
	sso_actrow a;
	rec r;
	char data[128];

	(void)state;
	for (int y = 1900; y <= 9999; y += (y < 2200 ? 1 : 7))
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= 31; d++) {
				int rc;

				snprintf(data, sizeof(data), "A|ORG000001|%04d-%02d-%02d|1|||||", y,
					 m, d);
				rc = parse(&a, data, &r);
				if (rc < 0) {
					assert_true(d > 28);
					continue;
				}
				assert_int_equal(a.date, sso_date_from_ymd(y, m, d));
				assert_int_equal(a.ymd, y * 10000 + m * 100 + d);
			}
	assert_int_equal(parse(&a, "A|ORG000001|9999-12-31|1|||||", &r), 0);
	assert_int_equal(a.date, sso_date_from_ymd(9999, 12, 31));
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(headers),       cmocka_unit_test(keep),
		cmocka_unit_test(fields),        cmocka_unit_test(absent_columns_and_order),
		cmocka_unit_test(hours_printed), cmocka_unit_test(separator),
		cmocka_unit_test(quick_paths),   cmocka_unit_test(every_date),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}

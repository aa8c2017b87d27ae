/* test_csv_reader.c - the CSV reader in depth: CRLF, BOM, blank lines, line
 * numbers, feeding in steps, byte ranges of a file, narrowed copies, and the
 * plain-line fast path against random RFC 4180 records */
#include <stdlib.h>
#include <string.h>

#include "support.h"

typedef struct seen {
	char text[4096];
	size_t used;
	int stop_after;
	int rows;
} seen;

/* "line:field|field|...;" per record */
static int collect(void *payload, const sso_csv_row *row)
{
	seen *s = payload;
	int n = snprintf(s->text + s->used, sizeof(s->text) - s->used, "%zu:", row->line);

	s->used += (size_t)n;
	for (size_t i = 0; i < row->count; i++) {
		assert_int_equal(strlen(row->fields[i]), row->lens[i]);
		n = snprintf(s->text + s->used, sizeof(s->text) - s->used, "%s%s", i ? "|" : "",
			     row->fields[i]);
		s->used += (size_t)n;
	}
	s->used += (size_t)snprintf(s->text + s->used, sizeof(s->text) - s->used, ";");
	s->rows++;
	return s->stop_after && s->rows == s->stop_after ? SSO_CSV_STOP : 0;
}

static int read_text(const char *text, seen *s)
{
	sso_input *in;
	int rc;

	memset(s, 0, sizeof(*s));
	assert_int_equal(sso_input_memory(&in, "t.csv", text, strlen(text), SSO_ENCODING_UTF8), 0);
	rc = sso_csv_read(in, ',', collect, s);
	sso_input_free(in);
	return rc;
}

static void records(void **state)
{
	seen s;

	(void)state;
	assert_int_equal(read_text("a,b\n1,2\n", &s), 0);
	assert_string_equal(s.text, "1:a|b;2:1|2;");
	/* BOM, CRLF, blank lines, spaces kept, a last line without a line end */
	assert_int_equal(read_text("\xEF\xBB\xBF"
				   "a,b\r\n\r\n 1 ,2\r\n\n3,\"4\"",
				   &s),
			 0);
	assert_string_equal(s.text, "1:a|b;3: 1 |2;5:3|4;");
	/* quotes: separators, doubled quotes, line breaks; line numbers follow */
	assert_int_equal(read_text("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,1\n",
				   &s),
			 0);
	assert_string_equal(s.text, "1:a|b;2:x,y|say \"hi\";3:two\nlines|z;5:last|1;");
	/* empty fields */
	assert_int_equal(read_text(",\n,,\n", &s), 0);
	assert_string_equal(s.text, "1:|;2:||;");
}

static void errors(void **state)
{
	seen s;

	(void)state;
	assert_int_equal(read_text("a,b\n1,\"open\n2,3\n", &s), SSO_EINPUT);
	assert_contains(sso_error_last(), "t.csv:2: a quoted field is never closed");
	assert_int_equal(read_text("a,b\n1,2\n3,x\"y\n", &s), SSO_EINPUT);
	assert_contains(sso_error_last(), "t.csv:3: malformed quoting");
	assert_int_equal(read_text("a,b\n1,\"x\"y\n", &s), SSO_EINPUT);
	assert_contains(sso_error_last(), "t.csv:2: malformed quoting");
	assert_int_equal(read_text("a,b\n1,\xb2\xe2\xca\xd4\n", &s), SSO_EINPUT);
	assert_contains(sso_error_last(), "t.csv:2: the text is not UTF-8; it looks like GBK");
	{
		const char nul[] = "a,b\n1,2\n3\0,4\n";
		sso_input *in;

		assert_int_equal(sso_input_memory(&in, "t.csv", nul, sizeof(nul) - 1,
						  SSO_ENCODING_UTF8),
				 0);
		assert_int_equal(sso_csv_read(in, ',', collect, &s), SSO_EINPUT);
		assert_contains(sso_error_last(), "t.csv:3: contains a NUL byte");
		sso_input_free(in);
	}
}

static void stop_and_keep(void **state)
{
	static const unsigned char keep[] = {0, 1};
	sso_csv_reader *r;
	sso_input *in;
	const char *text = "a,b,c\n1,2,3\n4,5,6\n";
	seen s;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.stop_after = 2;
	assert_int_equal(sso_input_memory(&in, "t.csv", text, strlen(text), SSO_ENCODING_UTF8), 0);
	assert_int_equal(sso_csv_read(in, ',', collect, &s), 0);
	assert_string_equal(s.text, "1:a|b|c;2:1|2|3;");
	sso_input_free(in);

	memset(&s, 0, sizeof(s));
	assert_int_equal(sso_input_memory(&in, "t.csv", text, strlen(text), SSO_ENCODING_UTF8), 0);
	assert_int_equal(sso_csv_reader_new(&r, ',', collect, &s), 0);
	sso_csv_reader_keep(r, keep, 2);
	assert_int_equal(sso_csv_reader_feed(r, in), 0);
	assert_int_equal(sso_csv_reader_finish(r), 0);
	/* only field 1 is copied; the others are empty but counted */
	assert_string_equal(s.text, "1:|b|;2:|2|;3:|5|;");
	sso_csv_reader_free(r);
	sso_input_free(in);
}

/* A file read as two byte ranges fed to one reader is read as the whole. */
static void ranges(void **state)
{
	const char *text = "\xEF\xBB\xBF"
			   "id,note\n1,\"a\nb\"\n2,plain\n3,\"c,d\"\n";
	char *dir = support_tmpdir(), *path = support_write(dir, "r.csv", text);
	long long len = (long long)strlen(text);
	seen whole, parts;

	(void)state;
	assert_int_equal(read_text(text, &whole), 0);
	assert_string_equal(whole.text, "1:id|note;2:1|a\nb;4:2|plain;5:3|c,d;");
	/* every split point after the BOM, inside quoted fields too */
	for (long long split = 3; split < len; split++) {
		sso_csv_reader *r;
		sso_input *a, *b;

		memset(&parts, 0, sizeof(parts));
		assert_int_equal(sso_input_open_range(&a, path, SSO_ENCODING_UTF8, 0, split, 1), 0);
		assert_int_equal(sso_csv_reader_new(&r, ',', collect, &parts), 0);
		assert_int_equal(sso_csv_reader_feed(r, a), 0);
		assert_int_equal(sso_input_open_range(&b, path, SSO_ENCODING_UTF8, split, -1,
						      sso_input_line(a)),
				 0);
		assert_int_equal(sso_csv_reader_feed(r, b), 0);
		assert_int_equal(sso_csv_reader_finish(r), 0);
		assert_string_equal(parts.text, whole.text);
		sso_csv_reader_free(r);
		sso_input_free(a);
		sso_input_free(b);
	}
	/* between records only right after a record's line end */
	{
		sso_csv_reader *r;
		sso_input *a;
		/* "\xEF\xBB\xBFid,note\n" is 11 bytes; "1,\"a\n" ends inside a quote */
		const long long cuts[][2] = {{11, 1}, {16, 0}, {19, 1}, {14, 0}};

		for (size_t i = 0; i < 4; i++) {
			memset(&parts, 0, sizeof(parts));
			assert_int_equal(sso_input_open_range(&a, path, SSO_ENCODING_UTF8, 0,
							      cuts[i][0], 1),
					 0);
			assert_int_equal(sso_csv_reader_new(&r, ',', collect, &parts), 0);
			assert_int_equal(sso_csv_reader_feed(r, a), 0);
			assert_int_equal(sso_csv_reader_between(r), (int)cuts[i][1]);
			sso_csv_reader_free(r);
			sso_input_free(a);
		}
	}
	free(path);
	support_rmdir(dir);
}

static void next_without_copy(void **state)
{
	const char *text = "\xEF\xBB\xBFsome 文字 text\n";
	sso_input *in;
	const char *p;
	long n;

	(void)state;
	assert_int_equal(sso_input_memory(&in, "t", text, strlen(text), SSO_ENCODING_UTF8), 0);
	n = sso_input_next(&p, in);
	assert_int_equal(n, (long)strlen(text) - 3);
	assert_memory_equal(p, text + 3, (size_t)n);
	assert_int_equal(sso_input_next(&p, in), 0);
	assert_int_equal(sso_input_line(in), 2);
	sso_input_free(in);
}

/* ---- random records: what is written is what is read ---- */

typedef struct expect {
	char **fields;   /* every field of every record, in order */
	size_t *lines;   /* each record's first line */
	size_t *nfields; /* fields per record */
	size_t nrec, at_rec, at_field;
} expect;

static int check_record(void *payload, const sso_csv_row *row)
{
	expect *e = payload;

	assert_true(e->at_rec < e->nrec);
	assert_int_equal(row->line, e->lines[e->at_rec]);
	assert_int_equal(row->count, e->nfields[e->at_rec]);
	for (size_t i = 0; i < row->count; i++) {
		assert_string_equal(row->fields[i], e->fields[e->at_field + i]);
		assert_int_equal(row->lens[i], strlen(e->fields[e->at_field + i]));
	}
	e->at_field += row->count;
	e->at_rec++;
	return 0;
}

/* Records of random fields (plain, with separators, quotes, CR, LF, spaces,
 * Chinese), written as RFC 4180 with LF or CRLF line ends and blank lines,
 * over 1 MB so that records are cut by the reader's 256 KB chunks: every
 * field and every line number comes back, through the plain path and
 * through libcsv alike. */
static void random_records(void **state)
{
	static const char *const bits[] = {"a",    "bc", "12",   ",",          "\"", "\n",
					   "\r\n", " ",  "文字", "2026-01-05", "\t", "ORG000001"};
	unsigned long long rng = 0x2545F4914F6CDD1DULL;
	size_t cap = 3 << 20, len = 0, line = 1, nf = 0;
	char *text = malloc(cap);
	expect e = {0};
	sso_input *in;

	(void)state;
	e.fields = malloc(1200000 * sizeof(char *)); /* a field takes a byte at least */
	e.lines = malloc(600000 * sizeof(size_t));
	e.nfields = malloc(600000 * sizeof(size_t));
	while (len < (1 << 20) + 4096) {
		size_t n = 1 + (rng >> 60) % 6;
		int crlf = (rng >> 20) % 3 == 0;

		e.lines[e.nrec] = line;
		e.nfields[e.nrec++] = n;
		for (size_t f = 0; f < n; f++) {
			char field[64] = "";
			size_t k = (rng >> 8) % 4, fl = 0;
			int quote = 0;

			for (size_t b = 0; b < k; b++) {
				const char *bit;

				rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
				/* mostly plain bits, so that most lines take the plain path */
				bit = bits[rng % 16 < 12 ? (rng >> 4) % 3 + 9 * ((rng >> 6) % 2)
							 : (rng >> 4) % 12];
				fl += (size_t)snprintf(field + fl, sizeof(field) - fl, "%s", bit);
			}
			quote = strpbrk(field, ",\"\r\n") != NULL;
			e.fields[nf++] = strdup(field);
			if (f)
				text[len++] = ',';
			if (quote) {
				text[len++] = '"';
				for (char *c = field; *c; c++) {
					if (*c == '"')
						text[len++] = '"';
					if (*c == '\n')
						line++;
					text[len++] = *c;
				}
				text[len++] = '"';
			} else {
				memcpy(text + len, field, fl);
				len += fl;
			}
		}
		/* a record of one empty field is a blank line: give it a space */
		if (n == 1 && !e.fields[nf - 1][0]) {
			free(e.fields[nf - 1]);
			e.fields[nf - 1] = strdup(" ");
			text[len++] = ' ';
		}
		if (crlf)
			text[len++] = '\r';
		text[len++] = '\n';
		line++;
		if ((rng >> 40) % 17 == 0) { /* a blank line */
			text[len++] = '\n';
			line++;
		}
		rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	}
	assert_int_equal(sso_input_memory(&in, "r.csv", text, len, SSO_ENCODING_UTF8), 0);
	assert_int_equal(sso_csv_read(in, ',', check_record, &e), 0);
	assert_int_equal(e.at_rec, e.nrec);
	sso_input_free(in);
	for (size_t i = 0; i < nf; i++)
		free(e.fields[i]);
	free(e.fields);
	free(e.lines);
	free(e.nfields);
	free(text);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(records),           cmocka_unit_test(errors),
		cmocka_unit_test(stop_and_keep),     cmocka_unit_test(ranges),
		cmocka_unit_test(next_without_copy), cmocka_unit_test(random_records),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}

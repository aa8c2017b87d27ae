/* rubric.c - rubrics read from YAML and checked line by line; subjects and
 * satisfaction ratings scored with them in exact decimal arithmetic */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/grow.h"
#include "base/num.h"
#include "base/rows.h"
#include "sso/csv.h"
#include "sso/rubric.h"
#include "sso/ydoc.h"
#include "base/strmap.h"

#define MAX_POINTS 100000LL /* an item's maximum, the scale: at most 10^5 points */
#define MAX_ITEMS  200

/* the files of rubrics/, compiled in by cmake/embed.cmake */
extern const char sso_rubric_platform[], sso_rubric_comprehensive[], sso_rubric_satisfaction[];

const char *const sso_rubric_builtins[] = {"platform", "comprehensive", "satisfaction", NULL};

const char *sso_rubric_builtin(const char *name)
{
	if (!strcmp(name, "platform"))
		return sso_rubric_platform;
	if (!strcmp(name, "comprehensive"))
		return sso_rubric_comprehensive;
	if (!strcmp(name, "satisfaction"))
		return sso_rubric_satisfaction;
	return NULL;
}

/* ---- loading ---- */

typedef struct loader {
	const char *file;
} loader;

static int bad(const loader *L, const sso_ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(const loader *L, const sso_ynode *n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sso_error_set(SSO_EINPUT, "%s:%u:%u: %s", L->file, n->line, n->col, msg);
}

/* Refuse keys of map not in known (NULL-terminated). */
static int only_keys(const loader *L, const sso_ynode *map, const char *what,
		     const char *const *known)
{
	for (size_t i = 0; i < map->count; i++) {
		const sso_ynode *k = map->kids[2 * i];
		const char *const *x;

		for (x = known; *x && strcmp(*x, k->str); x++)
			;
		if (!*x) {
			char list[256] = "";
			size_t used = 0;

			for (x = known; *x; x++) {
				int n = snprintf(list + used, sizeof(list) - used, "%s%s",
						 x == known ? "" : ", ", *x);
				if (n < 0 || (size_t)n >= sizeof(list) - used)
					break;
				used += (size_t)n;
			}
			return bad(L, k, "unknown key '%s' in %s (known: %s)", k->str, what, list);
		}
	}
	return 0;
}

static int text(const loader *L, const sso_ynode *map, const char *key, const char *what,
		char **out)
{
	const sso_ynode *n = sso_ynode_get(map, key);

	if (!n || n->type != SSO_YSCALAR || sso_ynode_is_null(n) || n->len == 0)
		return bad(L, n ? n : map, "%s needs a %s (text)", what, key);
	if (!(*out = strdup(n->str)))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	return 0;
}

/* a key: lower-case letters, digits and _, starting with a letter */
static int ident(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static int key_of(const loader *L, const sso_ynode *map, const char *what, char **out)
{
	int rc = text(L, map, "key", what, out);

	if (rc < 0)
		return rc;
	if (!ident(*out))
		return bad(L, sso_ynode_get(map, "key"),
			   "%s key '%s' must be lower-case letters, digits and _ (like hub_role)",
			   what, *out);
	return 0;
}

static int number(const loader *L, const sso_ynode *map, const char *key, const char *what,
		  int required, long long *out)
{
	const sso_ynode *n = sso_ynode_get(map, key);

	if (!n) {
		if (required)
			return bad(L, map, "%s needs %s (a number)", what, key);
		return 1;
	}
	if (n->type != SSO_YSCALAR || sso_num__milli(n->str, n->len, out) < 0)
		return bad(L, n,
			   "%s: %s must be a number of 0 or more (at most 3 decimals), not "
			   "'%s'",
			   what, key, n->type == SSO_YSCALAR ? n->str : "a collection");
	return 0;
}

static void item_free(sso_rubric_item *it)
{
	free(it->key);
	free(it->label);
	for (size_t i = 0; i < it->naliases; i++)
		free(it->aliases[i]);
	free(it->aliases);
}

void sso_rubric_free(sso_rubric *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nitems; i++)
		item_free(&r->items[i]);
	for (size_t i = 0; i < r->ngrades; i++) {
		free(r->grades[i].key);
		free(r->grades[i].label);
	}
	free(r->items);
	free(r->grades);
	free(r->name);
	free(r->title);
	free(r->file);
	free(r);
}

/* Read the rubric's items (key, label, max, weight, aliases) into r, in
 * their order: at least one, at most MAX_ITEMS, keys and aliases distinct.
 * Returns 0, SSO_EINPUT naming the item's line, or SSO_ENOMEM. */
static int load_items(const loader *L, sso_rubric *r, const sso_ynode *seq)
{
	static const char *const known[] = {"key", "label", "max", "weight", "aliases", NULL};
	int rc;

	if (!seq || seq->type != SSO_YSEQ || seq->count == 0)
		return sso_error_set(SSO_EINPUT,
				     "%s:%u: a rubric needs items: a list of {key, "
				     "label, max}",
				     L->file, seq ? seq->line : 1);
	if (seq->count > MAX_ITEMS)
		return bad(L, seq, "more than %d items", MAX_ITEMS);
	if (!(r->items = calloc(seq->count, sizeof(*r->items))))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	for (size_t i = 0; i < seq->count; i++) {
		const sso_ynode *m = seq->kids[i], *aliases;
		sso_rubric_item *it = &r->items[i];

		r->nitems++;
		it->line = m->line;
		if (m->type != SSO_YMAP)
			return bad(L, m, "each item must be a mapping {key, label, max}");
		if ((rc = only_keys(L, m, "an item", known)) < 0 ||
		    (rc = key_of(L, m, "an item", &it->key)) < 0 ||
		    (rc = text(L, m, "label", "an item", &it->label)) < 0 ||
		    (rc = number(L, m, "max", "an item", 1, &it->max)) < 0)
			return rc;
		if (!strcmp(it->key, "total") || !strcmp(it->key, "grade") ||
		    !strcmp(it->key, "grade_label"))
			return bad(L, m, "item key '%s' is the name of an output column", it->key);
		if (it->max == 0 || it->max > MAX_POINTS * 1000)
			return bad(L, sso_ynode_get(m, "max"),
				   "item %s: max must be more than 0 and at most %lld", it->key,
				   MAX_POINTS);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(r->items[j].key, it->key))
				return bad(L, sso_ynode_get(m, "key"),
					   "item key '%s' is used twice (first on line %u)",
					   it->key, r->items[j].line);
		rc = number(L, m, "weight", "an item", 0, &it->weight);
		if (rc < 0)
			return rc;
		if (r->method == SSO_RUBRIC_WEIGHTED && (rc == 1 || it->weight == 0))
			return bad(L, m,
				   "item %s needs a weight more than 0 (method weighted_mean)",
				   it->key);
		if (r->method == SSO_RUBRIC_SUM && rc == 0)
			return bad(L, sso_ynode_get(m, "weight"),
				   "item %s: a weight belongs only to a rubric with method "
				   "weighted_mean",
				   it->key);
		if ((aliases = sso_ynode_get(m, "aliases")) != NULL) {
			if (aliases->type != SSO_YSEQ)
				return bad(L, aliases, "aliases must be a list of names");
			it->aliases = calloc(aliases->count ? aliases->count : 1, sizeof(char *));
			if (!it->aliases)
				return sso_error_set(SSO_ENOMEM, "out of memory");
			for (size_t k = 0; k < aliases->count; k++) {
				const sso_ynode *a = aliases->kids[k];

				if (a->type != SSO_YSCALAR || !a->len)
					return bad(L, a, "aliases must be a list of names");
				if (!(it->aliases[it->naliases++] = strdup(a->str)))
					return sso_error_set(SSO_ENOMEM, "out of memory");
			}
		}
	}
	/* keys, labels and aliases name one item each */
	for (size_t i = 0; i < r->nitems; i++) {
		const sso_rubric_item *b = &r->items[i];

		for (size_t k = 0; k < b->naliases + 2; k++) {
			const char *name = k < b->naliases    ? b->aliases[k]
					   : k == b->naliases ? b->label
							      : b->key;
			long at = sso_rubric_item_find(r, name);

			if (at != (long)i)
				return sso_error_set(SSO_EINPUT,
						     "%s:%u: item %s: the name '%s' also names "
						     "item %s",
						     L->file, b->line, b->key, name,
						     r->items[at].key);
		}
	}
	return 0;
}

/* Read the grades (name and minimum total), highest first; the last must
 * start at 0 so that every total gets a grade. Returns 0 or SSO_EINPUT. */
static int load_grades(const loader *L, sso_rubric *r, const sso_ynode *seq)
{
	static const char *const known[] = {"min", "key", "label", NULL};
	int rc;

	if (!seq || sso_ynode_is_null(seq))
		return 0;
	if (seq->type != SSO_YSEQ || seq->count == 0)
		return bad(L, seq, "grades must be a list of {min, key, label}, highest first");
	if (!(r->grades = calloc(seq->count, sizeof(*r->grades))))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	for (size_t i = 0; i < seq->count; i++) {
		const sso_ynode *m = seq->kids[i];
		sso_rubric_grade *g = &r->grades[i];

		r->ngrades++;
		g->line = m->line;
		if (m->type != SSO_YMAP)
			return bad(L, m, "each grade must be a mapping {min, key, label}");
		if ((rc = only_keys(L, m, "a grade", known)) < 0 ||
		    (rc = key_of(L, m, "a grade", &g->key)) < 0 ||
		    (rc = text(L, m, "label", "a grade", &g->label)) < 0 ||
		    (rc = number(L, m, "min", "a grade", 1, &g->min)) < 0)
			return rc;
		if (g->min > r->top)
			return bad(L, sso_ynode_get(m, "min"),
				   "grade %s: min is above the highest total, %lld", g->key,
				   r->top / 1000);
		if (i > 0 && g->min >= r->grades[i - 1].min)
			return bad(L, sso_ynode_get(m, "min"),
				   "grade %s: grades go from the highest min down, and each min "
				   "must be below the one before (line %u)",
				   g->key, r->grades[i - 1].line);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(r->grades[j].key, g->key))
				return bad(L, sso_ynode_get(m, "key"),
					   "grade key '%s' is used twice (first on line %u)",
					   g->key, r->grades[j].line);
	}
	if (r->grades[r->ngrades - 1].min != 0)
		return sso_error_set(SSO_EINPUT,
				     "%s:%u: the last grade must have min 0, or a low total would "
				     "get no grade",
				     L->file, r->grades[r->ngrades - 1].line);
	return 0;
}

/* Build r from the rubric document root: its name, title, method and scale,
 * its items and grades, and check that the items' maxima add up to the
 * scale. Returns 0 or SSO_EINPUT naming the key and its line. */
static int build(const loader *L, sso_rubric *r, const sso_ynode *root)
{
	static const char *const known[] = {"name",  "title",  "method", "scale",
					    "items", "grades", NULL};
	const sso_ynode *method;
	long long sum = 0;
	int rc;

	if (root->type != SSO_YMAP)
		return sso_error_set(SSO_EINPUT,
				     "%s:%u: a rubric is a mapping with name, title, "
				     "items and grades",
				     L->file, root->line);
	if ((rc = only_keys(L, root, "a rubric", known)) < 0 ||
	    (rc = text(L, root, "name", "the rubric", &r->name)) < 0 ||
	    (rc = text(L, root, "title", "the rubric", &r->title)) < 0)
		return rc;
	if ((method = sso_ynode_get(root, "method")) != NULL) {
		if (method->type == SSO_YSCALAR && !strcmp(method->str, "sum"))
			r->method = SSO_RUBRIC_SUM;
		else if (method->type == SSO_YSCALAR && !strcmp(method->str, "weighted_mean"))
			r->method = SSO_RUBRIC_WEIGHTED;
		else
			return bad(L, method, "method must be sum or weighted_mean");
	}
	if ((rc = number(L, root, "scale", "the rubric", 0, &r->scale)) < 0)
		return rc;
	if (rc == 0 && (r->scale == 0 || r->scale > MAX_POINTS * 1000))
		return bad(L, sso_ynode_get(root, "scale"),
			   "scale must be more than 0 and at most %lld", MAX_POINTS);
	if (rc == 0 && r->method == SSO_RUBRIC_WEIGHTED)
		return bad(L, sso_ynode_get(root, "scale"),
			   "scale goes with method sum; a weighted mean keeps the items' scale");
	if ((rc = load_items(L, r, sso_ynode_get(root, "items"))) < 0)
		return rc;
	for (size_t i = 0; i < r->nitems; i++) {
		if (r->method == SSO_RUBRIC_WEIGHTED)
			sum = r->items[i].max > sum ? r->items[i].max : sum;
		else
			sum += r->items[i].max;
	}
	r->top = r->scale ? r->scale : sum;
	return load_grades(L, r, sso_ynode_get(root, "grades"));
}

int sso_rubric_parse(sso_rubric **out, const char *file, const char *txt, size_t len)
{
	sso_ydoc *doc = NULL;
	sso_rubric *r = calloc(1, sizeof(*r));
	loader L = {file};
	int rc;

	*out = NULL;
	if (!r || !(r->file = strdup(file))) {
		free(r);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	rc = sso_ydoc_parse(&doc, file, txt, len);
	if (rc == 0)
		rc = build(&L, r, sso_ydoc_root(doc));
	sso_ydoc_free(doc);
	if (rc < 0) {
		sso_rubric_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

/* Read the rubric file at path whole (at most 1 MB) and parse it. Returns 0
 * with *out the caller's, or an input error. */
static int load_path(sso_rubric **out, const char *path)
{
	sso_input *in = NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc = sso_input_open(&in, path, SSO_ENCODING_UTF8);

	while (rc == 0) {
		long n;

		if (cap - len < 65536) {
			char *nb = realloc(buf, cap ? cap * 2 : 65536);

			if (!nb) {
				rc = sso_error_set(SSO_ENOMEM, "out of memory");
				break;
			}
			buf = nb;
			cap = cap ? cap * 2 : 65536;
		}
		if (len > (1 << 20)) {
			rc = sso_error_set(SSO_EINPUT, "%s: larger than 1 MB: not a rubric", path);
			break;
		}
		n = sso_input_read(in, buf + len, cap - len - 1);
		if (n < 0)
			rc = (int)n;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (rc == 0)
		rc = sso_rubric_parse(out, path, buf ? buf : "", len);
	free(buf);
	sso_input_free(in);
	return rc;
}

static int is_path(const char *s)
{
	size_t n = strlen(s);

	return strchr(s, '/') || (n > 5 && !strcmp(s + n - 5, ".yaml")) ||
	       (n > 4 && !strcmp(s + n - 4, ".yml"));
}

int sso_rubric_load(sso_rubric **out, const char *name, const sso_config *cfg)
{
	const char *text;
	char file[64];

	*out = NULL;
	if (is_path(name))
		return load_path(out, name);
	if (cfg) {
		for (size_t i = 0; i < cfg->rubric_path.count; i++) {
			char path[4096];

			if (snprintf(path, sizeof(path), "%s/%s.yaml", cfg->rubric_path.items[i],
				     name) >= (int)sizeof(path))
				continue;
			if (access(path, F_OK) == 0)
				return load_path(out, path);
		}
	}
	if (!(text = sso_rubric_builtin(name)))
		return sso_error_set(SSO_EUSAGE,
				     "no rubric '%s': give a file (NAME.yaml or a path) or a "
				     "built-in one: platform, comprehensive, satisfaction",
				     name);
	snprintf(file, sizeof(file), "built-in %s", name);
	return sso_rubric_parse(out, file, text, strlen(text));
}

/* ---- scoring ---- */

long sso_rubric_item_find(const sso_rubric *r, const char *name)
{
	for (size_t i = 0; i < r->nitems; i++) {
		const sso_rubric_item *it = &r->items[i];

		if (!strcmp(it->key, name) || !strcmp(it->label, name))
			return (long)i;
		for (size_t k = 0; k < it->naliases; k++)
			if (!strcmp(it->aliases[k], name))
				return (long)i;
	}
	return -1;
}

int sso_rubric_total(const sso_rubric *r, const long long *scores, long long *total)
{
	long long sum = 0, wsum = 0, maxsum = 0;
	int given = 0;

	for (size_t i = 0; i < r->nitems; i++) {
		if (scores[i] < 0)
			continue;
		given++;
		if (r->method == SSO_RUBRIC_WEIGHTED) {
			sum += r->items[i].weight * scores[i];
			wsum += r->items[i].weight;
		} else {
			sum += scores[i];
			maxsum += r->items[i].max;
		}
	}
	if (r->method == SSO_RUBRIC_SUM && given != (int)r->nitems)
		return sso_error_set(SSO_EINPUT, "every item needs a score");
	if (given == 0)
		return sso_error_set(SSO_EINPUT, "no item has a score");
	/* scores, maxima, weights and scale are all thousandths; totals tenths */
	if (r->method == SSO_RUBRIC_WEIGHTED)
		*total = sso_num__div_round(sum, wsum * 100);
	else if (r->scale)
		*total = sso_num__div_round(sum * r->scale, maxsum * 100);
	else
		*total = sso_num__div_round(sum, 100);
	return 0;
}

const sso_rubric_grade *sso_rubric_grade_of(const sso_rubric *r, long long total_tenths)
{
	for (size_t i = 0; i < r->ngrades; i++)
		if (total_tenths * 100 >= r->grades[i].min)
			return &r->grades[i];
	return r->ngrades ? &r->grades[r->ngrades - 1] : NULL;
}

/* ---- reading scores ---- */

/* A score of len bytes for item it: thousandths, or -1 with a problem told. */
static long long score_of(sso_rows *P, size_t line, const sso_rubric_item *it, const char *s,
			  size_t len)
{
	long long v;

	if (sso_num__milli(s, len, &v) < 0) {
		if (len && s[0] == '-')
			sso_rows__bad(P, line, "%s: the score %.*s is negative", it->key, (int)len,
				      s);
		else
			sso_rows__bad(P, line,
				      "%s: '%.*s' is not a score (a number, at most 3 decimals)",
				      it->key, len > 60 ? 60 : (int)len, s);
		return -1;
	}
	if (v > it->max) {
		char a[32], b[32];

		sso_rows__bad(P, line, "%s: the score %s is above the item's maximum, %s", it->key,
			      sso_num__milli_text(a, sizeof(a), v),
			      sso_num__milli_text(b, sizeof(b), it->max));
		return -1;
	}
	return v;
}

typedef struct eval_reader {
	const sso_rubric *r;
	sso_rows P;
	sso_eval *e;
	size_t cap;
	int have_header;
	size_t ncols;
	int *col;       /* item i's field index */
	sso_strmap ids; /* id -> row index + line (lines kept in lines[]) */
	size_t *lines;
} eval_reader;

/* One record of an evaluation file: the header first (an id column and one
 * per item, by key, label or alias), then a row per organization or
 * platform, scored by the rubric. A bad row is reported and counted; reading
 * goes on. Returns 0, or an error that stops the reading. */
static int eval_row(void *payload, const sso_csv_row *row)
{
	eval_reader *R = payload;
	const sso_rubric *r = R->r;
	sso_eval_row *out;
	size_t prev;
	int bad_before, rc;

	if (!R->have_header) {
		sso_csv_column *cols = calloc(r->nitems, sizeof(*cols));

		if (!cols)
			return sso_error_set(SSO_ENOMEM, "out of memory");
		R->have_header = 1;
		R->ncols = row->count;
		for (size_t i = 0; i < r->nitems; i++)
			cols[i] = (sso_csv_column){r->items[i].key, 1, -1};
		rc = sso_csv_header(row, cols, r->nitems, R->P.file);
		for (size_t i = 0; rc == 0 && i < r->nitems; i++) {
			R->col[i] = cols[i].index;
			if (cols[i].index == 0)
				rc = sso_error_set(SSO_EINPUT,
						   "%s:%zu: the first column is the subject's id; "
						   "item %s must come after it",
						   R->P.file, row->line, r->items[i].key);
		}
		free(cols);
		if (rc == 0 && !(R->e->id_column = strdup(row->fields[0])))
			rc = sso_error_set(SSO_ENOMEM, "out of memory");
		return rc;
	}
	if (row->count != R->ncols) {
		sso_rows__bad(&R->P, row->line, "the row has %zu fields where the header has %zu",
			      row->count, R->ncols);
		return 0;
	}
	if (!row->lens[0]) {
		sso_rows__bad(&R->P, row->line, "the subject's id (column %s) is empty",
			      R->e->id_column);
		return 0;
	}
	if (sso_strmap__get(&R->ids, row->fields[0], row->lens[0], &prev)) {
		sso_rows__bad(&R->P, row->line, "%s is scored twice (first on line %zu)",
			      row->fields[0], R->lines[prev]);
		return 0;
	}
	if (R->e->n == R->cap) {
		size_t cap = R->cap ? R->cap * 2 : 64;
		sso_eval_row *rows = realloc(R->e->rows, cap * sizeof(*rows));
		size_t *lines = rows ? realloc(R->lines, cap * sizeof(*lines)) : NULL;

		if (rows)
			R->e->rows = rows;
		if (!lines)
			return sso_error_set(SSO_ENOMEM, "out of memory");
		R->lines = lines;
		R->cap = cap;
	}
	out = &R->e->rows[R->e->n];
	memset(out, 0, sizeof(*out));
	if (!(out->id = strdup(row->fields[0])) ||
	    !(out->scores = calloc(r->nitems, sizeof(*out->scores)))) {
		free(out->id);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	bad_before = (int)R->P.bad;
	for (size_t i = 0; i < r->nitems; i++) {
		int c = R->col[i];

		if (row->lens[c] == 0) {
			if (r->method == SSO_RUBRIC_WEIGHTED) {
				out->scores[i] = -1; /* not rated */
				continue;
			}
			sso_rows__bad(&R->P, row->line, "%s: no score", r->items[i].key);
			continue;
		}
		out->scores[i] =
			score_of(&R->P, row->line, &r->items[i], row->fields[c], row->lens[c]);
	}
	if ((int)R->P.bad == bad_before && sso_rubric_total(r, out->scores, &out->total) < 0)
		sso_rows__bad(&R->P, row->line, "%s", sso_error_last());
	if ((int)R->P.bad != bad_before) {
		free(out->id);
		free(out->scores);
		return 0;
	}
	out->grade = sso_rubric_grade_of(r, out->total);
	R->lines[R->e->n] = row->line;
	if (sso_strmap__put(&R->ids, out->id, row->lens[0], R->e->n) < 0)
		return SSO_ENOMEM;
	R->e->n++;
	return 0;
}

void sso_eval_free(sso_eval *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n; i++) {
		free(e->rows[i].id);
		free(e->rows[i].scores);
	}
	free(e->rows);
	free(e->id_column);
	free(e);
}

int sso_eval_read(sso_eval **out, const sso_rubric *r, sso_input *in, sso_diag *diag)
{
	eval_reader R;
	int rc;

	memset(&R, 0, sizeof(R));
	*out = NULL;
	R.r = r;
	R.P = (sso_rows){diag, sso_input_name(in), 0, 0, NULL};
	R.e = calloc(1, sizeof(*R.e));
	R.col = calloc(r->nitems, sizeof(*R.col));
	if (!R.e || !R.col) {
		free(R.e);
		free(R.col);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	rc = sso_csv_read(in, ',', eval_row, &R);
	if (rc == 0 && !R.have_header)
		rc = sso_error_set(SSO_EINPUT,
				   "%s: no header row: the first column names the "
				   "subject, the others the items of rubric %s",
				   R.P.file, r->name);
	if (rc == 0)
		rc = sso_rows__end(&R.P, "nothing was scored");
	sso_strmap__free(&R.ids);
	free(R.lines);
	free(R.col);
	if (rc < 0) {
		sso_eval_free(R.e);
		return rc;
	}
	*out = R.e;
	return 0;
}

/* ---- satisfaction ---- */

enum { S_ORG, S_GROUP, S_SCORE, S_NCOLS };

typedef struct sat_org {
	char *id;
	long long raters;
	long long *count, *sum; /* per group: raters, sum of scores (thousandths) */
} sat_org;

typedef struct sat_reader {
	const sso_rubric *r;
	sso_rows P;
	sso_csv_column cols[S_NCOLS];
	size_t ncols;
	int have_header;
	sso_strmap ids;
	sat_org *orgs;
	size_t n, cap;
} sat_reader;

/* One record of a satisfaction file: the header, then a row per rater (an
 * organization, its rater group, a score), summed per organization and
 * group. A bad row is reported and counted. Returns 0, or an error that
 * stops the reading. */
static int sat_row(void *payload, const sso_csv_row *row)
{
	sat_reader *R = payload;
	const char *org, *group, *score;
	size_t k;
	long g;
	long long v;

	if (!R->have_header) {
		R->have_header = 1;
		R->ncols = row->count;
		return sso_csv_header(row, R->cols, S_NCOLS, R->P.file);
	}
	if (row->count != R->ncols) {
		sso_rows__bad(&R->P, row->line, "the row has %zu fields where the header has %zu",
			      row->count, R->ncols);
		return 0;
	}
	org = row->fields[R->cols[S_ORG].index];
	group = row->fields[R->cols[S_GROUP].index];
	score = row->fields[R->cols[S_SCORE].index];
	if (!*org) {
		sso_rows__bad(&R->P, row->line, "org_id is empty");
		return 0;
	}
	if ((g = sso_rubric_item_find(R->r, group)) < 0) {
		char known[256] = "";
		size_t used = 0;

		for (size_t i = 0; i < R->r->nitems; i++) {
			int n = snprintf(known + used, sizeof(known) - used, "%s%s (%s)",
					 i ? ", " : "", R->r->items[i].key, R->r->items[i].label);
			if (n < 0 || (size_t)n >= sizeof(known) - used)
				break;
			used += (size_t)n;
		}
		sso_rows__bad(&R->P, row->line, "rater_group '%.60s' is none of %s", group, known);
		return 0;
	}
	if (!*score) {
		sso_rows__bad(&R->P, row->line, "score is empty");
		return 0;
	}
	if ((v = score_of(&R->P, row->line, &R->r->items[g], score,
			  row->lens[R->cols[S_SCORE].index])) < 0)
		return 0;
	if (!sso_strmap__get(&R->ids, org, strlen(org), &k)) {
		sat_org *o;

		if (R->n == R->cap && SSO_GROW(R->orgs, R->cap, R->cap + 1, 64) < 0)
			return SSO_ENOMEM;
		o = &R->orgs[R->n];
		o->raters = 0;
		o->id = strdup(org);
		o->count = calloc(R->r->nitems, sizeof(*o->count));
		o->sum = calloc(R->r->nitems, sizeof(*o->sum));
		if (!o->id || !o->count || !o->sum) {
			free(o->id);
			free(o->count);
			free(o->sum);
			return sso_error_set(SSO_ENOMEM, "out of memory");
		}
		if (sso_strmap__put(&R->ids, o->id, strlen(o->id), R->n) < 0)
			return SSO_ENOMEM;
		k = R->n++;
	}
	R->orgs[k].raters++;
	R->orgs[k].count[g]++;
	R->orgs[k].sum[g] += v;
	return 0;
}

static int by_org(const void *a, const void *b)
{
	return strcmp(((const sso_satisfaction_row *)a)->org,
		      ((const sso_satisfaction_row *)b)->org);
}

void sso_satisfaction_free(sso_satisfaction *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->rows[i].org);
		free(s->rows[i].count);
		free(s->rows[i].mean);
	}
	free(s->rows);
	free(s);
}

/* The weighted mean of the group means, exactly: each group's mean is
 * sum/count, so the result is sum over g of w_g * sum_g / count_g, over the
 * sum of the weights; computed over a common denominator in long double
 * (exact for the sizes here: 53+ bits) and rounded to tenths. */
static long long weighted(const sso_rubric *r, const long long *count, const long long *sum)
{
	long double num = 0, wsum = 0;

	for (size_t g = 0; g < r->nitems; g++) {
		if (!count[g])
			continue;
		num += (long double)r->items[g].weight * (long double)sum[g] /
		       (long double)count[g];
		wsum += (long double)r->items[g].weight;
	}
	/* thousandths of a point -> tenths: / 100 */
	return sso_num__round((double)(num / wsum / 100.0L), 1);
}

int sso_satisfaction_read(sso_satisfaction **out, const sso_rubric *r, sso_input *in,
			  sso_diag *diag)
{
	sat_reader R;
	sso_satisfaction *s = NULL;
	int rc;

	memset(&R, 0, sizeof(R));
	*out = NULL;
	R.r = r;
	R.P = (sso_rows){diag, sso_input_name(in), 0, 0, NULL};
	R.cols[S_ORG] = (sso_csv_column){"org_id", 1, -1};
	R.cols[S_GROUP] = (sso_csv_column){"rater_group", 1, -1};
	R.cols[S_SCORE] = (sso_csv_column){"score", 1, -1};
	if (r->method != SSO_RUBRIC_WEIGHTED)
		return sso_error_set(SSO_EUSAGE,
				     "%s: rubric %s adds its items up; a satisfaction evaluation "
				     "needs a rubric with method weighted_mean (its items are the "
				     "rater groups)",
				     r->file, r->name);
	rc = sso_csv_read(in, ',', sat_row, &R);
	if (rc == 0 && !R.have_header)
		rc = sso_error_set(SSO_EINPUT,
				   "%s: no header row: it needs org_id,rater_group,score",
				   R.P.file);
	if (rc == 0)
		rc = sso_rows__end(&R.P, "nothing was scored");
	if (rc == 0 &&
	    (!(s = calloc(1, sizeof(*s))) || !(s->rows = calloc(R.n ? R.n : 1, sizeof(*s->rows)))))
		rc = sso_error_set(SSO_ENOMEM, "out of memory");
	for (size_t i = 0; rc == 0 && i < R.n; i++) {
		sat_org *o = &R.orgs[i];
		sso_satisfaction_row *row = &s->rows[s->n++];

		row->org = o->id;
		row->raters = o->raters;
		row->count = o->count;
		o->id = NULL;
		o->count = NULL;
		if (!(row->mean = calloc(r->nitems, sizeof(*row->mean)))) {
			rc = sso_error_set(SSO_ENOMEM, "out of memory");
			break;
		}
		for (size_t g = 0; g < r->nitems; g++)
			row->mean[g] = row->count[g]
					       ? sso_num__div_round(o->sum[g], row->count[g] * 100)
					       : -1;
		row->result = weighted(r, row->count, o->sum);
	}
	for (size_t i = 0; i < R.n; i++) {
		free(R.orgs[i].id);
		free(R.orgs[i].count);
		free(R.orgs[i].sum);
	}
	free(R.orgs);
	sso_strmap__free(&R.ids);
	if (rc < 0) {
		sso_satisfaction_free(s);
		return rc;
	}
	qsort(s->rows, s->n, sizeof(*s->rows), by_org);
	*out = s;
	return 0;
}

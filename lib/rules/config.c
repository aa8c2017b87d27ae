/* config.c - built-in defaults, then sso.yaml key by key, checked as it loads */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sso/id.h"
#include "sso/config.h"
#include "sso/error.h"
#include "sso/ydoc.h"
#include "base/strmap.h"
#include "base/template.h"

extern const char sso_defaults_yaml[];
extern const unsigned long sso_defaults_yaml_len;

#define DEFAULTS_NAME "built-in defaults"

/* Lookups by code and by name; a name given to two places maps to AMBIGUOUS. */
#define AMBIGUOUS ((size_t)-1)
struct index {
	sso_strmap community, street, district;
};

/* ---- values ---- */

typedef struct loader {
	sso_config *cfg;
	const char *file;
} loader;

/* "file:line:col: 'key' must be ..." */
static int bad(const loader *L, const sso_ynode *n, const char *must, const char *what)
{
	return sso_error_set(SSO_ECONFIG, "%s:%u:%u: '%s' must be %s", L->file, n->line, n->col,
			     what, must);
}

static int get_int(const loader *L, const sso_ynode *n, const char *key, int min, int max, int *out)
{
	char *end;
	long v;

	if (n->type != SSO_YSCALAR || n->len == 0)
		return bad(L, n, "a whole number", key);
	errno = 0;
	v = strtol(n->str, &end, 10);
	if (*end || errno || v < min || v > max)
		return sso_error_set(SSO_ECONFIG,
				     "%s:%u:%u: '%s' must be a whole number, at least %d and at "
				     "most %d, not '%s'",
				     L->file, n->line, n->col, key, min, max, n->str);
	*out = (int)v;
	return 0;
}

static int get_double(const loader *L, const sso_ynode *n, const char *key, double min, double max,
		      double *out)
{
	char *end;
	double v;

	if (n->type != SSO_YSCALAR || n->len == 0)
		return bad(L, n, "a number", key);
	v = strtod(n->str, &end);
	if (*end || !isfinite(v) || v < min || v > max)
		return sso_error_set(SSO_ECONFIG,
				     "%s:%u:%u: '%s' must be a number from %g to %g, not '%s'",
				     L->file, n->line, n->col, key, min, max, n->str);
	*out = v;
	return 0;
}

/* A ratio: "2/3", "0.6667", "1". Kept exact. */
static int parse_ratio(const char *s, sso_ratio *out)
{
	const char *slash = strchr(s, '/');
	long long num = 0, den = 1;
	const char *p = s;

	if (slash) {
		char *end;

		num = strtoll(s, &end, 10);
		if (end != slash || end == s)
			return -1;
		den = strtoll(slash + 1, &end, 10);
		if (*end || end == slash + 1 || den <= 0 || num < 0)
			return -1;
	} else {
		int digits = 0, frac = 0;

		for (; *p >= '0' && *p <= '9'; p++, digits++)
			num = num * 10 + (*p - '0');
		if (*p == '.') {
			for (p++; *p >= '0' && *p <= '9' && frac < 9; p++, frac++, digits++) {
				num = num * 10 + (*p - '0');
				den *= 10;
			}
		}
		if (*p || !digits)
			return -1;
	}
	out->num = num;
	out->den = den;
	return 0;
}

static int get_ratio(const loader *L, const sso_ynode *n, const char *key, sso_ratio *out)
{
	sso_ratio r;

	if (n->type != SSO_YSCALAR || parse_ratio(n->str, &r) < 0 || r.num > r.den)
		return sso_error_set(SSO_ECONFIG,
				     "%s:%u:%u: '%s' must be a share from 0 to 1, as a decimal "
				     "(0.6) or a fraction (2/3)",
				     L->file, n->line, n->col, key);
	*out = r;
	return 0;
}

static int get_string(const loader *L, const sso_ynode *n, const char *key, char **out)
{
	char *s;

	if (n->type != SSO_YSCALAR)
		return bad(L, n, "text", key);
	if (!(s = strdup(sso_ynode_is_null(n) ? "" : n->str)))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	free(*out);
	*out = s;
	return 0;
}

static void strlist_free(sso_strlist *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->count = 0;
}

/* Read the list n of key into *out (replacing it): a sequence of distinct,
 * non-empty scalars. Returns 0, or SSO_ECONFIG naming the item and its
 * position, or SSO_ENOMEM; *out is unchanged on error. */
static int get_strlist(const loader *L, const sso_ynode *n, const char *key, sso_strlist *out)
{
	sso_strlist l = {0, NULL};

	if (n->type != SSO_YSEQ)
		return bad(L, n, "a list, like [a, b]", key);
	l.items = calloc(n->count ? n->count : 1, sizeof(*l.items));
	if (!l.items)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	for (size_t i = 0; i < n->count; i++) {
		const sso_ynode *item = n->kids[i];

		if (item->type != SSO_YSCALAR || item->len == 0) {
			strlist_free(&l);
			return bad(L, item, "a list of non-empty texts", key);
		}
		for (size_t j = 0; j < l.count; j++)
			if (!strcmp(l.items[j], item->str)) {
				strlist_free(&l);
				return sso_error_set(SSO_ECONFIG, "%s:%u:%u: '%s' lists '%s' twice",
						     L->file, item->line, item->col, key,
						     item->str);
			}
		if (!(l.items[l.count++] = strdup(item->str))) {
			strlist_free(&l);
			return sso_error_set(SSO_ENOMEM, "out of memory");
		}
	}
	strlist_free(out);
	*out = l;
	return 0;
}

/* ---- keys ---- */

/* The largest whole number a key takes, and the most days a period may last:
 * a hundred years, so that a date plus a period stays before 9999-12-31 for
 * any today sso accepts, and never wraps. */
#define INT_MAX_ 1000000000
#define DAYS_MAX 36500

typedef enum kind {
	K_MAP,   /* a mapping of the keys in sub */
	K_INT0,  /* whole number >= 0 */
	K_INT1,  /* whole number >= 1 */
	K_DAYS0, /* a number of days, 0 to DAYS_MAX */
	K_DAYS1, /* a number of days, 1 to DAYS_MAX */
	K_RATIO,
	K_WEIGHT, /* 0..1 */
	K_CAP,    /* > 0 */
	K_STRING,
	K_LIST,
	K_DISTRICTS,
} kind;

typedef struct key {
	const char *name;
	kind kind;
	size_t off;
	const struct key *sub;
} key;

/* Further checks of some values once read, made where they stand in the file. */
typedef int check_fn(const loader *L, const sso_ynode *v, const char *name, const void *value);
static check_fn check_certificate, check_notice, check_doc_kinds;

#define AT(field) offsetof(sso_config, field)
#define END                                                                                        \
	{                                                                                          \
		NULL, 0, 0, NULL                                                                   \
	}

static const key vote_keys[] = {
	{"quorum", K_RATIO, AT(vote_quorum), NULL},
	{"in_favour_of_members", K_RATIO, AT(vote_in_favour), NULL},
	END,
};
static const key archive_keys[] = {
	{"required", K_LIST, AT(archive_required), NULL},
	{"report_max_age_days", K_DAYS1, AT(report_max_age_days), NULL},
	{"evaluation_max_age_days", K_DAYS1, AT(evaluation_max_age_days), NULL},
	{"stuck_days", K_DAYS0, AT(stuck_days), NULL},
	{"document_max_bytes", K_INT1, AT(document_max_bytes), NULL},
	END,
};
static const key frequency_keys[] = {
	{"weight", K_WEIGHT, AT(frequency_weight), NULL},
	{"cap", K_CAP, AT(frequency_cap), NULL},
	END,
};
static const key participants_keys[] = {
	{"weight", K_WEIGHT, AT(participants_weight), NULL},
	{"cap", K_CAP, AT(participants_cap), NULL},
	END,
};
static const key participation_keys[] = {
	{"weight", K_WEIGHT, AT(participation_weight), NULL},
	END,
};
static const key index_keys[] = {
	{"frequency", K_MAP, 0, frequency_keys},
	{"participants", K_MAP, 0, participants_keys},
	{"participation", K_MAP, 0, participation_keys},
	END,
};
static const key urban_keys[] = {
	{"min", K_INT0, AT(urban_min), NULL},
	{"average", K_INT0, AT(urban_average), NULL},
	END,
};
static const key rural_keys[] = {
	{"min", K_INT0, AT(rural_min), NULL},
	{"average", K_INT0, AT(rural_average), NULL},
	END,
};
static const key target_keys[] = {
	{"year_active_share", K_RATIO, AT(year_active_share), NULL},
	{"quarter_active_share", K_RATIO, AT(quarter_active_share), NULL},
	{"active_rate", K_RATIO, AT(active_rate), NULL},
	{"urban", K_MAP, 0, urban_keys},
	{"rural", K_MAP, 0, rural_keys},
	{"hub_street_share", K_RATIO, AT(hub_street_share), NULL},
	END,
};
static const key suffix_keys[] = {
	{"social_group", K_LIST, AT(suffix_social_group), NULL},
	{"service_org", K_LIST, AT(suffix_service_org), NULL},
	{"foundation", K_LIST, AT(suffix_foundation), NULL},
	END,
};
static const key naming_keys[] = {
	{"suffixes", K_MAP, 0, suffix_keys},
	{"forbidden", K_LIST, AT(forbidden_words), NULL},
	END,
};
static const key jurisdiction_keys[] = {
	{"city", K_STRING, AT(city), NULL},
	{"districts", K_DISTRICTS, 0, NULL},
	END,
};
static const key certificate_keys[] = {
	{"pattern", K_STRING, AT(certificate_pattern), NULL},
	END,
};
static const key notice_keys[] = {
	{"template", K_STRING, AT(notice_template), NULL},
	END,
};
static const key rubric_keys[] = {
	{"path", K_LIST, AT(rubric_path), NULL},
	END,
};
static const key store_keys[] = {
	{"busy_timeout_ms", K_INT0, AT(busy_timeout_ms), NULL},
	END,
};
static const key top_keys[] = {
	{"jurisdiction", K_MAP, 0, jurisdiction_keys},
	{"notice_days", K_DAYS1, AT(notice_days), NULL},
	{"termination_vote", K_MAP, 0, vote_keys},
	{"archive", K_MAP, 0, archive_keys},
	{"categories", K_LIST, AT(categories), NULL},
	{"activity_index", K_MAP, 0, index_keys},
	{"targets", K_MAP, 0, target_keys},
	{"naming", K_MAP, 0, naming_keys},
	{"certificate", K_MAP, 0, certificate_keys},
	{"notice", K_MAP, 0, notice_keys},
	{"store", K_MAP, 0, store_keys},
	{"rubrics", K_MAP, 0, rubric_keys},
	END,
};

static const struct {
	size_t off;
	check_fn *check;
} value_checks[] = {
	{AT(certificate_pattern), check_certificate},
	{AT(notice_template), check_notice},
	{AT(archive_required), check_doc_kinds},
};

static int check_value(const loader *L, const sso_ynode *v, const key *x)
{
	for (size_t i = 0; i < sizeof(value_checks) / sizeof(*value_checks); i++)
		if (value_checks[i].off == x->off)
			return value_checks[i].check(L, v, x->name, (const char *)L->cfg + x->off);
	return 0;
}

static int unknown_key(const loader *L, const sso_ynode *k, const char *where, const key *keys)
{
	char known[512] = "";
	size_t used = 0;

	for (const key *x = keys; x->name; x++) {
		int n = snprintf(known + used, sizeof(known) - used, "%s%s", x == keys ? "" : ", ",
				 x->name);
		if (n < 0 || (size_t)n >= sizeof(known) - used)
			break;
		used += (size_t)n;
	}
	return sso_error_set(SSO_ECONFIG, "%s:%u:%u: unknown key '%s'%s%s (known keys: %s)",
			     L->file, k->line, k->col, k->str, where ? " in " : "",
			     where ? where : "", known);
}

/* ---- the jurisdiction ---- */

static void free_districts(sso_district *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < d[i].nstreets; j++) {
			sso_street *s = &d[i].streets[j];

			for (size_t k = 0; k < s->ncommunities; k++) {
				free(s->communities[k].code);
				free(s->communities[k].name);
			}
			free(s->communities);
			free(s->code);
			free(s->name);
		}
		free(d[i].streets);
		free(d[i].code);
		free(d[i].name);
	}
	free(d);
}

/* Read code and name of a place mapping, refusing other keys but those in
 * extra (which the caller reads). */
static int place(const loader *L, const sso_ynode *m, const char *what, const char *const *extra,
		 char **code, char **name)
{
	const sso_ynode *c, *nm;

	if (m->type != SSO_YMAP)
		return sso_error_set(SSO_ECONFIG,
				     "%s:%u:%u: each %s must be a mapping with code and name",
				     L->file, m->line, m->col, what);
	for (size_t i = 0; i < m->count; i++) {
		const sso_ynode *k = m->kids[2 * i];
		int ok = !strcmp(k->str, "code") || !strcmp(k->str, "name");

		for (const char *const *x = extra; !ok && *x; x++)
			ok = !strcmp(k->str, *x);
		if (!ok)
			return sso_error_set(SSO_ECONFIG, "%s:%u:%u: unknown key '%s' in a %s",
					     L->file, k->line, k->col, k->str, what);
	}
	c = sso_ynode_get(m, "code");
	nm = sso_ynode_get(m, "name");
	if (!c || c->type != SSO_YSCALAR || !c->len || strpbrk(c->str, " ,\t\n"))
		return sso_error_set(SSO_ECONFIG,
				     "%s:%u:%u: a %s needs a code (text without spaces or commas)",
				     L->file, m->line, m->col, what);
	if (!nm || nm->type != SSO_YSCALAR || !nm->len)
		return sso_error_set(SSO_ECONFIG, "%s:%u:%u: %s %s needs a name", L->file, m->line,
				     m->col, what, c->str);
	*code = strdup(c->str);
	*name = strdup(nm->str);
	if (!*code || !*name)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	return 0;
}

/* Read the jurisdiction: districts, each with its streets, each with its
 * communities (code, name, urban or rural type), replacing the one loaded so
 * far. Returns 0, or SSO_ECONFIG naming the key and its position. */
static int load_districts(loader *L, const sso_ynode *seq)
{
	static const char *const d_extra[] = {"streets", NULL};
	static const char *const s_extra[] = {"communities", NULL};
	static const char *const c_extra[] = {"type", NULL};
	sso_district *ds;
	size_t nd = 0;
	int rc = 0;

	if (seq->type != SSO_YSEQ)
		return bad(L, seq, "a list of districts", "districts");
	ds = calloc(seq->count ? seq->count : 1, sizeof(*ds));
	if (!ds)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	nd = seq->count;
	for (size_t i = 0; i < seq->count && rc == 0; i++) {
		const sso_ynode *dn = seq->kids[i], *streets;
		sso_district *d = &ds[i];

		if ((rc = place(L, dn, "district", d_extra, &d->code, &d->name)) < 0)
			break;
		streets = sso_ynode_get(dn, "streets");
		if (!streets || streets->type != SSO_YSEQ || streets->count == 0) {
			rc = sso_error_set(SSO_ECONFIG,
					   "%s:%u:%u: district %s needs a list of streets", L->file,
					   dn->line, dn->col, d->code);
			break;
		}
		d->streets = calloc(streets->count, sizeof(*d->streets));
		if (!d->streets) {
			rc = sso_error_set(SSO_ENOMEM, "out of memory");
			break;
		}
		d->nstreets = streets->count;
		for (size_t j = 0; j < streets->count && rc == 0; j++) {
			const sso_ynode *sn = streets->kids[j], *comms;
			sso_street *s = &d->streets[j];

			if ((rc = place(L, sn, "street", s_extra, &s->code, &s->name)) < 0)
				break;
			comms = sso_ynode_get(sn, "communities");
			if (!comms || comms->type != SSO_YSEQ || comms->count == 0) {
				rc = sso_error_set(SSO_ECONFIG,
						   "%s:%u:%u: street %s needs a list of "
						   "communities",
						   L->file, sn->line, sn->col, s->code);
				break;
			}
			s->communities = calloc(comms->count, sizeof(*s->communities));
			if (!s->communities) {
				rc = sso_error_set(SSO_ENOMEM, "out of memory");
				break;
			}
			s->ncommunities = comms->count;
			for (size_t k = 0; k < comms->count && rc == 0; k++) {
				const sso_ynode *cn = comms->kids[k], *type;
				sso_community *c = &s->communities[k];

				if ((rc = place(L, cn, "community", c_extra, &c->code, &c->name)) <
				    0)
					break;
				type = sso_ynode_get(cn, "type");
				if (!type || !strcmp(type->str, "urban")) {
					c->type = SSO_URBAN;
				} else if (!strcmp(type->str, "rural")) {
					c->type = SSO_RURAL;
				} else {
					rc = sso_error_set(SSO_ECONFIG,
							   "%s:%u:%u: community type must be urban "
							   "or "
							   "rural, not '%s'",
							   L->file, type->line, type->col,
							   type->str);
				}
			}
		}
	}
	if (rc < 0) {
		free_districts(ds, nd);
		return rc;
	}
	free_districts(L->cfg->districts, L->cfg->ndistricts);
	L->cfg->districts = ds;
	L->cfg->ndistricts = nd;
	return 0;
}

/* ---- walking the document ---- */

/* Apply the keys of map to the configuration through the table keys (a value
 * of a known key replaces the loaded one; a nested map recurses with where as
 * its path, for messages). An unknown key, or a value of the wrong type, is
 * SSO_ECONFIG with its file, line and column. */
static int apply(loader *L, const sso_ynode *map, const key *keys, const char *where)
{
	char *base = (char *)L->cfg;

	if (sso_ynode_is_null(map))
		return 0;
	if (map->type != SSO_YMAP)
		return sso_error_set(SSO_ECONFIG, "%s:%u:%u: %s%s must be a mapping of keys",
				     L->file, map->line, map->col,
				     where ? where : "the configuration", where ? "" : "");
	for (size_t i = 0; i < map->count; i++) {
		const sso_ynode *k = map->kids[2 * i], *v = map->kids[2 * i + 1];
		const key *x;
		int rc = 0;

		for (x = keys; x->name; x++)
			if (!strcmp(x->name, k->str))
				break;
		if (!x->name)
			return unknown_key(L, k, where, keys);
		switch (x->kind) {
		case K_MAP: rc = apply(L, v, x->sub, x->name); break;
		case K_INT0:
			rc = get_int(L, v, x->name, 0, INT_MAX_, (int *)(base + x->off));
			break;
		case K_INT1:
			rc = get_int(L, v, x->name, 1, INT_MAX_, (int *)(base + x->off));
			break;
		case K_DAYS0:
			rc = get_int(L, v, x->name, 0, DAYS_MAX, (int *)(base + x->off));
			break;
		case K_DAYS1:
			rc = get_int(L, v, x->name, 1, DAYS_MAX, (int *)(base + x->off));
			break;
		case K_RATIO: rc = get_ratio(L, v, x->name, (sso_ratio *)(base + x->off)); break;
		case K_WEIGHT:
			rc = get_double(L, v, x->name, 0, 1, (double *)(base + x->off));
			break;
		case K_CAP:
			rc = get_double(L, v, x->name, 1e-9, 1e12, (double *)(base + x->off));
			break;
		case K_STRING: rc = get_string(L, v, x->name, (char **)(base + x->off)); break;
		case K_LIST: rc = get_strlist(L, v, x->name, (sso_strlist *)(base + x->off)); break;
		case K_DISTRICTS: rc = load_districts(L, v); break;
		}
		if (rc == 0 && (x->kind == K_STRING || x->kind == K_LIST))
			rc = check_value(L, v, x);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int load_text(sso_config *cfg, const char *name, const char *text, size_t len)
{
	sso_ydoc *doc = NULL;
	loader L = {cfg, name};
	int rc = sso_ydoc_parse(&doc, name, text, len);

	if (rc < 0)
		return rc == SSO_EINPUT ? SSO_ECONFIG : rc;
	rc = apply(&L, sso_ydoc_root(doc), top_keys, NULL);
	sso_ydoc_free(doc);
	return rc;
}

/* Apply the one document of in over cfg. */
static int load_input(sso_config *cfg, sso_input *in)
{
	const char *name = sso_input_name(in);
	sso_yreader *r = NULL;
	sso_ydoc *doc = NULL;
	loader L = {cfg, name};
	int rc;

	if ((rc = sso_yreader_new(&r, in)) < 0)
		return rc;
	rc = sso_yreader_next(&doc, r);
	if (rc == 1) {
		sso_ydoc *more = NULL;

		rc = apply(&L, sso_ydoc_root(doc), top_keys, NULL);
		if (rc == 0 && sso_yreader_next(&more, r) != 0) {
			rc = sso_error_set(SSO_ECONFIG,
					   "%s: holds more than one YAML document; a configuration "
					   "is one",
					   name);
			sso_ydoc_free(more);
		}
	}
	if (rc == SSO_EINPUT)
		rc = SSO_ECONFIG;
	sso_ydoc_free(doc);
	sso_yreader_free(r);
	return rc < 0 ? rc : 0;
}

/* ---- checks on the whole, and the index ---- */

static int index_put(sso_strmap *m, const char *k, size_t v)
{
	size_t old;

	if (sso_strmap__get(m, k, strlen(k), &old) && old != v)
		v = AMBIGUOUS;
	return sso_strmap__put(m, k, strlen(k), v) < 0 ? SSO_ENOMEM : 0;
}

static int dup_code(const char *file, const char *what, const char *code)
{
	return sso_error_set(SSO_ECONFIG, "%s: jurisdiction: two %s have the code %s", file, what,
			     code);
}

/* Index districts, streets and communities by code and by name, so
 * sso_config_district() and its kind find them in constant time. Two places
 * with one code are SSO_ECONFIG. */
static int build_index(sso_config *cfg)
{
	struct index *ix = calloc(1, sizeof(*ix));
	size_t v;
	int rc = 0;

	if (!ix)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	cfg->index = ix;
	for (size_t i = 0; i < cfg->ndistricts; i++) {
		sso_district *d = &cfg->districts[i];

		if (sso_strmap__get(&ix->district, d->code, strlen(d->code), &v))
			return dup_code(cfg->source, "districts", d->code);
		if ((rc = index_put(&ix->district, d->code, (uintptr_t)d)) < 0 ||
		    (rc = index_put(&ix->district, d->name, (uintptr_t)d)) < 0)
			return rc;
		for (size_t j = 0; j < d->nstreets; j++) {
			sso_street *s = &d->streets[j];

			s->district = d;
			if (sso_strmap__get(&ix->street, s->code, strlen(s->code), &v))
				return dup_code(cfg->source, "streets", s->code);
			if ((rc = index_put(&ix->street, s->code, (uintptr_t)s)) < 0 ||
			    (rc = index_put(&ix->street, s->name, (uintptr_t)s)) < 0)
				return rc;
			for (size_t k = 0; k < s->ncommunities; k++) {
				sso_community *c = &s->communities[k];

				c->street = s;
				if (sso_strmap__get(&ix->community, c->code, strlen(c->code), &v))
					return dup_code(cfg->source, "communities", c->code);
				if ((rc = index_put(&ix->community, c->code, (uintptr_t)c)) < 0 ||
				    (rc = index_put(&ix->community, c->name, (uintptr_t)c)) < 0)
					return rc;
			}
		}
	}
	return 0;
}

static const char *const cert_names[] = {"street", "district", "community", "year", "seq"};
static const char *const notice_names[] = {"action",    "name",           "org",    "app",
					   "community", "community_name", "street", "street_name",
					   "district",  "district_name",  "start",  "end",
					   "scope",     "venue",          "days"};

static int check_whole(sso_config *cfg)
{
	double sum = cfg->frequency_weight + cfg->participants_weight + cfg->participation_weight;

	if (cfg->ndistricts == 0)
		return sso_error_set(SSO_ECONFIG, "%s: jurisdiction: no districts", cfg->source);
	if (fabs(sum - 1.0) > 1e-9)
		return sso_error_set(SSO_ECONFIG,
				     "%s: activity_index: the weights add up to %g; they must add "
				     "up "
				     "to 1, so that the index runs from 0 to 100",
				     cfg->source, sum);
	if (cfg->categories.count == 0)
		return sso_error_set(SSO_ECONFIG, "%s: categories: the list is empty", cfg->source);
	return 0;
}

static int check_certificate(const loader *L, const sso_ynode *v, const char *name,
			     const void *value)
{
	const char *pattern = *(char *const *)value;

	if (sso_template__fill(NULL, pattern, cert_names, NULL, 5) < 0)
		return sso_error_set(SSO_ECONFIG, "%s:%u:%u: certificate.%s: %s", L->file, v->line,
				     v->col, name, sso_error_last());
	if (!strstr(pattern, "{seq"))
		return sso_error_set(SSO_ECONFIG,
				     "%s:%u:%u: certificate.%s must contain {seq}, or two "
				     "certificates would have the same number",
				     L->file, v->line, v->col, name);
	return 0;
}

static int check_notice(const loader *L, const sso_ynode *v, const char *name, const void *value)
{
	if (sso_template__fill(NULL, *(char *const *)value, notice_names, NULL,
			       sizeof(notice_names) / sizeof(*notice_names)) < 0)
		return sso_error_set(SSO_ECONFIG, "%s:%u:%u: notice.%s: %s", L->file, v->line,
				     v->col, name, sso_error_last());
	return 0;
}

static int check_doc_kinds(const loader *L, const sso_ynode *v, const char *name, const void *value)
{
	(void)value;
	for (size_t i = 0; i < v->count; i++)
		if (!sso_doc_kind_valid(v->kids[i]->str))
			return sso_error_set(SSO_ECONFIG,
					     "%s:%u:%u: archive.%s: unknown document kind '%s' "
					     "(use %s)",
					     L->file, v->kids[i]->line, v->kids[i]->col, name,
					     v->kids[i]->str, sso_doc_kinds_attachable());
	return 0;
}

/* Relative rubric directories are taken from the configuration file's. */
static int resolve_rubric_path(sso_config *cfg, const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	if (!slash)
		return 0; /* the defaults, or a file in the current directory */
	for (size_t i = 0; i < cfg->rubric_path.count; i++) {
		char *dir = cfg->rubric_path.items[i], *full;
		size_t n = (size_t)(slash - path);

		if (dir[0] == '/')
			continue;
		if (!(full = malloc(n + strlen(dir) + 2)))
			return sso_error_set(SSO_ENOMEM, "out of memory");
		memcpy(full, path, n);
		full[n] = '/';
		memcpy(full + n + 1, dir, strlen(dir) + 1);
		free(dir);
		cfg->rubric_path.items[i] = full;
	}
	return 0;
}

/* ---- public ---- */

const char *sso_config_defaults(void)
{
	return sso_defaults_yaml;
}

const char *sso_config_path(const char *explicit_path)
{
	const char *env = getenv("SSO_CONFIG");

	if (explicit_path)
		return explicit_path;
	if (env && *env)
		return env;
	if (access("sso.yaml", F_OK) == 0)
		return "sso.yaml";
	return NULL;
}

/* Defaults, then in (if any) over them, then the checks and the index. */
static int load(sso_config **out, const char *source, sso_input *in)
{
	sso_config *cfg = calloc(1, sizeof(*cfg));
	int rc;

	*out = NULL;
	if (!cfg || !(cfg->source = strdup(source))) {
		free(cfg);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	rc = load_text(cfg, DEFAULTS_NAME, sso_defaults_yaml, sso_defaults_yaml_len);
	if (rc < 0)
		goto fail; /* a broken build */
	if (in && ((rc = load_input(cfg, in)) < 0 ||
		   (rc = resolve_rubric_path(cfg, sso_input_name(in))) < 0))
		goto fail;
	if ((rc = check_whole(cfg)) < 0 || (rc = build_index(cfg)) < 0)
		goto fail;
	*out = cfg;
	return 0;
fail:
	sso_config_free(cfg);
	return rc;
}

int sso_config_load(sso_config **out, const char *path)
{
	sso_input *in = NULL;
	int rc;

	*out = NULL;
	if (path && (rc = sso_input_open(&in, path, SSO_ENCODING_UTF8)) < 0)
		return rc;
	rc = load(out, path ? path : DEFAULTS_NAME, in);
	sso_input_free(in);
	return rc;
}

int sso_config_load_text(sso_config **out, const char *name, const char *text, size_t len)
{
	sso_input *in = NULL;
	int rc;

	*out = NULL;
	if ((rc = sso_input_memory(&in, name, text, len, SSO_ENCODING_UTF8)) < 0)
		return rc;
	rc = load(out, name, in);
	sso_input_free(in);
	return rc;
}

void sso_config_free(sso_config *cfg)
{
	struct index *ix;

	if (!cfg)
		return;
	ix = cfg->index;
	if (ix) {
		sso_strmap__free(&ix->community);
		sso_strmap__free(&ix->street);
		sso_strmap__free(&ix->district);
		free(ix);
	}
	free_districts(cfg->districts, cfg->ndistricts);
	strlist_free(&cfg->archive_required);
	strlist_free(&cfg->categories);
	strlist_free(&cfg->suffix_social_group);
	strlist_free(&cfg->suffix_service_org);
	strlist_free(&cfg->suffix_foundation);
	strlist_free(&cfg->forbidden_words);
	strlist_free(&cfg->rubric_path);
	free(cfg->city);
	free(cfg->certificate_pattern);
	free(cfg->notice_template);
	free(cfg->source);
	free(cfg);
}

static const void *lookup(const sso_strmap *m, const char *what, const char *name)
{
	size_t v;

	if (!name || !sso_strmap__get(m, name, strlen(name), &v)) {
		sso_error_set(SSO_ENOTFOUND, "no %s '%s' in the jurisdiction", what,
			      name ? name : "");
		return NULL;
	}
	if (v == AMBIGUOUS) {
		sso_error_set(SSO_ENOTFOUND, "more than one %s is named '%s': give its code", what,
			      name);
		return NULL;
	}
	return (const void *)(uintptr_t)v;
}

const sso_community *sso_config_community(const sso_config *cfg, const char *code_or_name)
{
	return lookup(&((struct index *)cfg->index)->community, "community", code_or_name);
}

const sso_street *sso_config_street(const sso_config *cfg, const char *code_or_name)
{
	return lookup(&((struct index *)cfg->index)->street, "street", code_or_name);
}

const sso_district *sso_config_district(const sso_config *cfg, const char *code_or_name)
{
	return lookup(&((struct index *)cfg->index)->district, "district", code_or_name);
}

int sso_config_has_category(const sso_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->categories.count; i++)
		if (!strcmp(cfg->categories.items[i], name))
			return 1;
	return 0;
}

int sso_ratio_reached(sso_ratio r, long long part, long long whole)
{
	return part * r.den >= r.num * whole;
}

int sso_ratio_exceeded(sso_ratio r, long long part, long long whole)
{
	return part * r.den > r.num * whole;
}

double sso_ratio_value(sso_ratio r)
{
	return r.den ? (double)r.num / (double)r.den : 0;
}

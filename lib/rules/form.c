/* form.c - forms from YAML: every key known, every value checked, every problem named */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sso/error.h"
#include "sso/form.h"
#include "sso/id.h"
#include "sso/name.h"
#include "sso/out.h"
#include "sso/valid.h"
#include "sso/vote.h"

static const char *const kind_names[] = {"filing", "change", "termination", "group"};
static const char *const stage_names[] = {"budding", "growing", "mature"};
static const char *const party_names[] = {"none", "own", "joint"};

const char *sso_form_kind_name(sso_form_kind kind)
{
	return kind_names[kind];
}

int sso_stage_parse(sso_stage *out, const char *text)
{
	assert(out && text);
	for (int i = 0; i < 3; i++)
		if (!strcmp(text, stage_names[i])) {
			*out = (sso_stage)i;
			return 0;
		}
	return sso_error_set(SSO_EINPUT, "stage must be budding, growing or mature, not '%s'",
			     text);
}

const char *sso_stage_name(sso_stage stage)
{
	return stage_names[stage];
}

const char *sso_party_org_name(sso_party_org p)
{
	return party_names[p];
}

/* ---- the reader's state ---- */

typedef struct P {
	const sso_config *cfg; /* NULL when reading back stored data: no checks */
	sso_date today;
	const char *file;
	const char *dir;
	sso_diag *diag;
	int fatal;   /* out of memory */
	int partial; /* values only: completeness is checked later */
} P;

static void report(P *p, const sso_ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(P *p, const sso_ynode *n, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sso_diag_report(p->diag, "%s:%u:%u: %s", p->file, n->line, n->col, msg);
}

static char *text_dup(P *p, const char *s)
{
	char *d = strdup(s);

	if (!d)
		p->fatal = SSO_ENOMEM;
	return d;
}

/* A single-line or multi-line text value. */
static char *text(P *p, const sso_ynode *n, const char *key, int multiline)
{
	if (n->type != SSO_YSCALAR) {
		report(p, n, "%s must be text, not a %s", key,
		       n->type == SSO_YMAP ? "mapping" : "list");
		return NULL;
	}
	if (sso_ynode_is_null(n) || n->len == 0) {
		report(p, n, "%s is empty", key);
		return NULL;
	}
	if (!multiline && strpbrk(n->str, "\r\n")) {
		report(p, n, "%s must be one line", key);
		return NULL;
	}
	/* a one-line value (a name, a venue) and a reason hold nothing that
	 * prints as nothing: no ESC, no zero-width space */
	if ((!multiline || !strcmp(key, "reason")) &&
	    sso_text_visible(n->str, key, multiline, SSO_EINPUT) < 0) {
		report(p, n, "%s", sso_error_last());
		return NULL;
	}
	if (!strcmp(key, "charter") && n->len > SSO_CHARTER_MAX) {
		report(p, n, "charter is %zu bytes, larger than 16 MB (%zu bytes)", n->len,
		       (size_t)SSO_CHARTER_MAX);
		return NULL;
	}
	return text_dup(p, n->str);
}

static int boolean(P *p, const sso_ynode *n, const char *key, int *out)
{
	static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES"};
	static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO"};

	if (n->type == SSO_YSCALAR)
		for (int i = 0; i < 6; i++) {
			if (!strcmp(n->str, yes[i])) {
				*out = 1;
				return 0;
			}
			if (!strcmp(n->str, no[i])) {
				*out = 0;
				return 0;
			}
		}
	report(p, n, "%s must be true or false", key);
	return -1;
}

static int count(P *p, const sso_ynode *n, const char *key, int *out)
{
	char *end;
	long v;

	if (n->type == SSO_YSCALAR && n->len > 0 && n->str[0] >= '0' && n->str[0] <= '9') {
		v = strtol(n->str, &end, 10);
		if (!*end && v <= 10000000) {
			*out = (int)v;
			return 0;
		}
	}
	report(p, n, "%s must be a whole number, 0 or more, not '%s'", key,
	       n->type == SSO_YSCALAR ? n->str : "...");
	return -1;
}

static int date(P *p, const sso_ynode *n, const char *key, sso_date *out)
{
	if (n->type != SSO_YSCALAR || sso_date_parse(out, n->str, n->len) < 0) {
		report(p, n, "%s: %s", key,
		       n->type == SSO_YSCALAR ? sso_error_last() : "must be a date YYYY-MM-DD");
		return -1;
	}
	if (p->cfg && *out > p->today) {
		report(p, n, "%s %s is in the future", key, n->str);
		return -1;
	}
	return 0;
}

/* Check a mapping's keys against the allowed ones; report each unknown. */
static int known_keys(P *p, const sso_ynode *map, const char *what, const char *const *allowed)
{
	int bad = 0;

	for (size_t i = 0; i < map->count; i++) {
		const sso_ynode *k = map->kids[2 * i];
		int ok = 0;

		for (const char *const *a = allowed; *a && !ok; a++)
			ok = !strcmp(k->str, *a);
		if (!ok) {
			char list[512];
			size_t used = 0;

			list[0] = '\0';
			for (const char *const *a = allowed; *a; a++) {
				int n = snprintf(list + used, sizeof(list) - used, "%s%s",
						 a == allowed ? "" : ", ", *a);
				if (n < 0 || (size_t)n >= sizeof(list) - used)
					break;
				used += (size_t)n;
			}
			report(p, k, "unknown key '%s' in %s (known keys: %s)", k->str, what, list);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

/* ---- people ---- */

typedef enum person_kind { SPONSOR, LEADER, MEMBER } person_kind;

static void person_clear(sso_person *x)
{
	free(x->name);
	free(x->id_number);
	free(x->phone);
	free(x->role);
	free(x->unit);
	memset(x, 0, sizeof(*x));
}

/* Read a person (sponsor, leader or member) from mapping n into *out,
 * reporting unknown keys, what is missing and, when checking, bad ID and
 * phone numbers. */
static void person(P *p, const sso_ynode *n, person_kind kind, const char *what, sso_person *out)
{
	static const char *const sponsor_keys[] = {"name", "id_number", "phone", "unit", NULL};
	static const char *const leader_keys[] = {"name", "id_number", "phone", "party_member",
						  NULL};
	static const char *const member_keys[] = {"name", "id_number",    "phone",
						  "role", "party_member", NULL};
	const sso_ynode *v;
	const char *who;

	person_clear(out);
	out->line = n->line;
	if (n->type != SSO_YMAP) {
		report(p, n, "%s must be a mapping like {name: ..., id_number: ..., phone: ...}",
		       what);
		return;
	}
	known_keys(p, n, what,
		   kind == SPONSOR  ? sponsor_keys
		   : kind == LEADER ? leader_keys
				    : member_keys);
	if ((v = sso_ynode_get(n, "unit")))
		out->unit = text(p, v, "unit", 0);
	if ((v = sso_ynode_get(n, "name")))
		out->name = text(p, v, "name", 0);
	if ((v = sso_ynode_get(n, "id_number")))
		out->id_number = text(p, v, "id_number", 0);
	if ((v = sso_ynode_get(n, "phone")))
		out->phone = text(p, v, "phone", 0);
	if ((v = sso_ynode_get(n, "role")))
		out->role = text(p, v, "role", 0);
	if ((v = sso_ynode_get(n, "party_member")))
		boolean(p, v, "party_member", &out->party_member);
	if (out->id_number && strlen(out->id_number) == 18 && out->id_number[17] == 'x')
		out->id_number[17] = 'X';

	who = out->name ? out->name : out->unit ? out->unit : "";
	if (kind == SPONSOR && out->unit) {
		if (out->id_number)
			report(p, n,
			       "%s: a sponsoring unit has no ID number; give the unit or a person",
			       what);
	} else {
		if (!out->name)
			report(p, n, "%s needs a name", what);
		if (!out->id_number)
			report(p, n, "%s %s needs an id_number", what, who);
		if (!out->phone && kind != MEMBER)
			report(p, n, "%s %s needs a phone", what, who);
	}
	if (!p->cfg)
		return;
	if (out->id_number && (v = sso_ynode_get(n, "id_number")) &&
	    sso_idnum_check(out->id_number, p->today) < 0)
		report(p, v, "%s %s: %s", what, who, sso_error_last());
	if (out->phone && (v = sso_ynode_get(n, "phone")) && sso_phone_check(out->phone) < 0)
		report(p, v, "%s %s: %s", what, who, sso_error_last());
}

/* ---- an organization's data ---- */

static const char *const filing_keys[] = {"kind",      "name",      "form",    "brand",
					  "category",  "community", "stage",   "scope",
					  "venue",     "founded",   "sponsor", "leader",
					  "party_org", "hub",       "charter", "charter_file",
					  "members",   NULL};
static const char *const group_keys[] = {"kind",     "name",         "form",    "brand",
					 "category", "community",    "scope",   "venue",
					 "founded",  "sponsor",      "leader",  "party_org",
					 "charter",  "charter_file", "members", "activities",
					 NULL};
static const char *const change_keys[] = {"name",         "brand",     "category", "community",
					  "stage",        "scope",     "venue",    "sponsor",
					  "leader",       "party_org", "hub",      "charter",
					  "charter_file", "members",   NULL};

/* Open rel, a relative path inside the form's folder dir, one component at a
 * time, following no symbolic link and never waiting: a charter is a regular
 * file beside the form, not /etc/passwd, ../../x, a link or a FIFO. Returns
 * the descriptor (the caller's) or -1 with the reason in why. */
static int open_in_folder(const char *dir, const char *rel, char *why, size_t whylen)
{
	char comp[256];
	const char *c = rel;
	int dfd, fd = -1;
	struct stat sb;

	if (rel[0] == '/') {
		snprintf(why, whylen, "is an absolute path: name a file in the form's folder");
		return -1;
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(why, whylen, "cannot open the form's folder %s: %s", dir, strerror(errno));
		return -1;
	}
	while (*c) {
		size_t n = strcspn(c, "/");
		int last = c[n] == '\0', nfd;

		if (n >= sizeof(comp)) {
			snprintf(why, whylen, "has a path component longer than 255 bytes");
			goto fail;
		}
		memcpy(comp, c, n);
		comp[n] = '\0';
		c += n + !last;
		if (n == 0 || !strcmp(comp, ".")) {
			if (last)
				break;
			continue;
		}
		if (!strcmp(comp, "..")) {
			snprintf(why, whylen,
				 "leaves the form's folder ('..'): name a file inside it");
			goto fail;
		}
		nfd = openat(dfd, comp,
			     O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (last ? O_NONBLOCK : O_DIRECTORY));
		if (nfd < 0) {
			if (errno == ELOOP || errno == ENOTDIR)
				snprintf(why, whylen,
					 "is, or passes through, a symbolic link: name "
					 "a regular file in the form's folder");
			else
				snprintf(why, whylen, "cannot open: %s", strerror(errno));
			goto fail;
		}
		if (last) {
			fd = nfd;
			break;
		}
		close(dfd);
		dfd = nfd;
	}
	if (fd < 0) {
		snprintf(why, whylen, "names a folder, not a file");
		goto fail;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(why, whylen, "is not a regular file (a device, a FIFO or a folder)");
		goto fail;
	}
	if ((size_t)sb.st_size > SSO_CHARTER_MAX) {
		snprintf(why, whylen, "is larger than 16 MB");
		goto fail;
	}
	close(dfd);
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	close(dfd);
	return -1;
}

/* Read the charter_file n names (relative to the form's directory, inside
 * it), at most 16 MB. Returns the text (caller frees), or NULL with the
 * problem reported. */
static char *read_charter_file(P *p, const sso_ynode *n)
{
	char path[4096], why[160], *buf = NULL;
	size_t len = 0, cap = 0;
	sso_input *in = NULL;
	int rc, fd;

	if (n->type != SSO_YSCALAR || !n->len) {
		report(p, n, "charter_file must be a path");
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/%s", p->dir, n->str);
	if ((fd = open_in_folder(p->dir, n->str, why, sizeof(why))) < 0) {
		report(p, n, "charter_file: %s: %s", n->str[0] == '/' ? n->str : path, why);
		return NULL;
	}
	if ((rc = sso_input_fdopen(&in, fd, path, path, SSO_ENCODING_UTF8)) < 0) {
		report(p, n, "charter_file: %s", sso_error_last());
		return NULL;
	}
	for (;;) {
		long got;

		if (cap - len < 65536) {
			/* room for SSO_CHARTER_MAX bytes and one more, to tell a longer file */
			char *nb = cap > SSO_CHARTER_MAX ? NULL : realloc(buf, cap + 65537);

			if (!nb) {
				report(p, n, "charter_file %s is larger than 16 MB", path);
				goto fail;
			}
			buf = nb;
			cap += 65536;
		}
		got = sso_input_read(in, buf + len, cap - len);
		if (got < 0) {
			report(p, n, "charter_file: %s", sso_error_last());
			goto fail;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	sso_input_free(in);
	in = NULL;
	if (len > SSO_CHARTER_MAX) { /* it grew after it was looked at */
		report(p, n, "charter_file %s is larger than 16 MB", path);
		goto fail;
	}
	buf[len] = '\0';
	if (len == 0) {
		report(p, n, "charter_file %s is empty", path);
		free(buf);
		return NULL;
	}
	return buf;
fail:
	sso_input_free(in);
	free(buf);
	return NULL;
}

/* ---- the keys by name ---- */

static const struct key_name {
	unsigned bit;
	const char *key;
} key_names[] = {
	{SSO_F_NAME, "name"},
	{SSO_F_FORM, "form"},
	{SSO_F_BRAND, "brand"},
	{SSO_F_CATEGORY, "category"},
	{SSO_F_COMMUNITY, "community"},
	{SSO_F_STAGE, "stage"},
	{SSO_F_SCOPE, "scope"},
	{SSO_F_VENUE, "venue"},
	{SSO_F_FOUNDED, "founded"},
	{SSO_F_SPONSOR, "sponsor"},
	{SSO_F_LEADER, "leader"},
	{SSO_F_PARTY_ORG, "party_org"},
	{SSO_F_HUB, "hub"},
	{SSO_F_CHARTER, "charter"},
	{SSO_F_MEMBERS, "members"},
	{SSO_F_ACTIVITIES, "activities"},
};

/* Read the data keys of map into d (the caller checked which keys may be). */
static void orgdata(P *p, const sso_ynode *map, sso_orgdata *d)
{
	const sso_ynode *v;

	/* each key given: a bad value is reported where it is, not again as missing */
	for (size_t i = 0; i < sizeof(key_names) / sizeof(*key_names); i++)
		if (sso_ynode_get(map, key_names[i].key))
			d->given |= key_names[i].bit;
	if (sso_ynode_get(map, "charter_file"))
		d->given |= SSO_F_CHARTER;
	if ((v = sso_ynode_get(map, "name")) && (d->name = text(p, v, "name", 0))) {
		d->has |= SSO_F_NAME;
		d->name_line = v->line;
	}
	if ((v = sso_ynode_get(map, "form"))) {
		if (v->type == SSO_YSCALAR && sso_legal_form_parse(&d->form, v->str) == 0)
			d->has |= SSO_F_FORM;
		else
			report(p, v, "form must be social_group, service_org or foundation");
	}
	if ((v = sso_ynode_get(map, "brand")) && !sso_ynode_is_null(v) && v->len) {
		if ((d->brand = text(p, v, "brand", 0)))
			d->has |= SSO_F_BRAND;
	}
	if ((v = sso_ynode_get(map, "category")) && (d->category = text(p, v, "category", 0))) {
		d->has |= SSO_F_CATEGORY;
		if (p->cfg && !sso_config_has_category(p->cfg, d->category))
			report(p, v, "category '%s' is not one of the configuration's categories",
			       d->category);
	}
	if ((v = sso_ynode_get(map, "community")) && (d->community = text(p, v, "community", 0))) {
		d->has |= SSO_F_COMMUNITY;
		if (p->cfg) {
			const sso_community *c = sso_config_community(p->cfg, d->community);

			if (!c) {
				report(p, v, "community: %s", sso_error_last());
			} else if (strcmp(c->code, d->community)) {
				free(d->community);
				d->community = text_dup(p, c->code);
			}
		}
	}
	if ((v = sso_ynode_get(map, "stage"))) {
		if (v->type == SSO_YSCALAR && sso_stage_parse(&d->stage, v->str) == 0)
			d->has |= SSO_F_STAGE;
		else
			report(p, v, "stage must be budding, growing or mature");
	}
	if ((v = sso_ynode_get(map, "scope")) && (d->scope = text(p, v, "scope", 1)))
		d->has |= SSO_F_SCOPE;
	if ((v = sso_ynode_get(map, "venue")) && (d->venue = text(p, v, "venue", 0)))
		d->has |= SSO_F_VENUE;
	if ((v = sso_ynode_get(map, "founded")) && date(p, v, "founded", &d->founded) == 0)
		d->has |= SSO_F_FOUNDED;
	if ((v = sso_ynode_get(map, "sponsor"))) {
		person(p, v, SPONSOR, "sponsor", &d->sponsor);
		d->has |= SSO_F_SPONSOR;
	}
	if ((v = sso_ynode_get(map, "leader"))) {
		person(p, v, LEADER, "leader", &d->leader);
		d->has |= SSO_F_LEADER;
	}
	if ((v = sso_ynode_get(map, "party_org"))) {
		int i;

		for (i = 0; i < 3; i++)
			if (v->type == SSO_YSCALAR && !strcmp(v->str, party_names[i]))
				break;
		if (i < 3) {
			d->party_org = (sso_party_org)i;
			d->has |= SSO_F_PARTY_ORG;
		} else {
			report(p, v, "party_org must be none, own or joint");
		}
	}
	if ((v = sso_ynode_get(map, "hub")) && boolean(p, v, "hub", &d->hub) == 0)
		d->has |= SSO_F_HUB;
	if ((v = sso_ynode_get(map, "charter")) && (d->charter = text(p, v, "charter", 1)))
		d->has |= SSO_F_CHARTER;
	if ((v = sso_ynode_get(map, "charter_file"))) {
		if (d->has & SSO_F_CHARTER)
			report(p, v, "give charter or charter_file, not both");
		else if ((d->charter = read_charter_file(p, v)))
			d->has |= SSO_F_CHARTER;
	}
	if ((v = sso_ynode_get(map, "members"))) {
		if (v->type != SSO_YSEQ || v->count == 0) {
			report(p, v, "members must be a list of the members (the roster)");
		} else if (v->count > SSO_ROSTER_MAX) {
			report(p, v, "the roster lists %zu members, more than %d", v->count,
			       SSO_ROSTER_MAX);
		} else if (!(d->members = calloc(v->count, sizeof(*d->members)))) {
			p->fatal = SSO_ENOMEM;
		} else {
			d->nmembers = v->count;
			d->has |= SSO_F_MEMBERS;
			for (size_t i = 0; i < v->count; i++) {
				char what[32];

				snprintf(what, sizeof(what), "member %zu", i + 1);
				person(p, v->kids[i], MEMBER, what, &d->members[i]);
			}
		}
	}
	if ((v = sso_ynode_get(map, "activities"))) {
		if (v->type == SSO_YSEQ) {
			/* a list of activities is kept as lines */
			size_t len = 0, at = 0;

			for (size_t i = 0; i < v->count; i++)
				len += v->kids[i]->len + 1;
			d->activities = calloc(1, len + 1);
			if (!d->activities)
				p->fatal = SSO_ENOMEM;
			for (size_t i = 0; d->activities && i < v->count; i++) {
				const sso_ynode *item = v->kids[i];

				if (item->type != SSO_YSCALAR) {
					report(p, item, "each activity must be text");
					continue;
				}
				memcpy(d->activities + at, item->str, item->len);
				at += item->len;
				d->activities[at++] = '\n';
			}
		} else {
			d->activities = text(p, v, "activities", 1);
		}
		if (d->activities)
			d->has |= SSO_F_ACTIVITIES;
	}
}

const char *sso_orgdata_key(unsigned bit)
{
	for (size_t i = 0; i < sizeof(key_names) / sizeof(*key_names); i++)
		if (key_names[i].bit == bit)
			return key_names[i].key;
	return "?";
}

/* ---- checks on the whole of an organization's data ---- */

/* A member's ID number and place on the roster, sorted by by_id_number(). */
typedef struct keyed {
	const char *id;
	size_t i;
} keyed;

/* By ID number, then by place; no ID number sorts last. */
static int by_id_number(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	int c = !x->id || !y->id ? (!x->id) - (!y->id) : strcmp(x->id, y->id);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Report each member whose ID number an earlier member has, naming the first
 * of them, in the roster's order: sorted, so 100,000 members take a moment,
 * not the minutes of comparing every pair. Returns 0 or SSO_ENOMEM. */
static int same_id_numbers(const sso_orgdata *d, const char *file, sso_diag *diag)
{
	size_t n = d->nmembers, *first = malloc(n * sizeof(*first));
	keyed *order = malloc(n * sizeof(*order));

	if (!order || !first) {
		free(order);
		free(first);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		order[i].id = d->members[i].id_number;
		order[i].i = first[i] = i;
	}
	qsort(order, n, sizeof(*order), by_id_number);
	for (size_t k = 1; k < n; k++)
		if (order[k].id && order[k - 1].id && !strcmp(order[k].id, order[k - 1].id))
			first[order[k].i] = first[order[k - 1].i];
	for (size_t i = 0; i < n; i++)
		if (first[i] != i)
			sso_diag_report(diag, "%s:%u: members %zu and %zu have the same ID number",
					file, d->members[i].line, first[i] + 1, i + 1);
	free(order);
	free(first);
	return 0;
}

int sso_orgdata_check(const sso_orgdata *d, sso_form_kind kind, const sso_config *cfg,
		      const char *file, unsigned line, sso_diag *diag)
{
	static const unsigned filing_need[] = {SSO_F_NAME,      SSO_F_FORM,   SSO_F_CATEGORY,
					       SSO_F_COMMUNITY, SSO_F_SCOPE,  SSO_F_VENUE,
					       SSO_F_SPONSOR,   SSO_F_LEADER, SSO_F_CHARTER,
					       SSO_F_MEMBERS};
	static const unsigned group_need[] = {SSO_F_NAME,  SSO_F_COMMUNITY, SSO_F_SCOPE,
					      SSO_F_VENUE, SSO_F_LEADER,    SSO_F_MEMBERS};
	unsigned long before = diag->count;
	int leader_found = 0;
	char at[32] = "";

	assert(d && cfg && file && diag);
	/* "file:line" normally; "ORG000003" alone when the data is no file's */
	if (line)
		snprintf(at, sizeof(at), ":%u", line);
	if (kind == SSO_KIND_FILING) {
		for (size_t i = 0; i < sizeof(filing_need) / sizeof(*filing_need); i++)
			if (!((d->has | d->given) & filing_need[i]))
				sso_diag_report(diag, "%s%s: a filing needs '%s'%s", file, at,
						sso_orgdata_key(filing_need[i]),
						filing_need[i] == SSO_F_CHARTER
							? " (the charter text, or charter_file)"
							: "");
	} else {
		for (size_t i = 0; i < sizeof(group_need) / sizeof(*group_need); i++)
			if (!((d->has | d->given) & group_need[i]))
				sso_diag_report(diag, "%s%s: an activity group needs '%s'", file,
						at, sso_orgdata_key(group_need[i]));
	}
	for (size_t i = 0; i < d->nmembers; i++) {
		const sso_person *m = &d->members[i];

		if (m->id_number && d->leader.id_number &&
		    !strcmp(m->id_number, d->leader.id_number))
			leader_found = 1;
	}
	if (d->nmembers > 1 && same_id_numbers(d, file, diag) < 0)
		return SSO_ENOMEM;
	if ((d->has & SSO_F_LEADER) && (d->has & SSO_F_MEMBERS) && d->leader.id_number &&
	    !leader_found)
		sso_diag_report(diag,
				"%s:%u: the leader %s is not on the roster (members): the leader "
				"is one of the members",
				file, d->leader.line, d->leader.name ? d->leader.name : "");
	if ((d->has & SSO_F_SPONSOR) && !d->sponsor.unit && !d->sponsor.name)
		sso_diag_report(diag, "%s:%u: the sponsor must be a person or a unit", file,
				d->sponsor.line);
	if (kind == SSO_KIND_FILING && (d->has & SSO_F_NAME) && (d->has & SSO_F_FORM) &&
	    (d->has & SSO_F_COMMUNITY)) {
		const sso_community *c = sso_config_community(cfg, d->community);
		int rc = c ? sso_name_check(cfg, d->name, d->form, c, d->brand) : 0;

		if (rc < 0 && rc != SSO_EREFUSED)
			return rc;
		if (rc == SSO_EREFUSED) {
			/* at the name's own line when the name came from this file */
			if (line && d->name_line)
				snprintf(at, sizeof(at), ":%u", d->name_line);
			sso_diag_report(diag, "%s%s: name %s breaks the naming rules: %s", file, at,
					d->name, sso_error_last());
		}
	}
	return diag->count > before ? SSO_EINPUT : 0;
}

/* ---- whole forms ---- */

static long org_ref(P *p, const sso_ynode *n)
{
	long id;

	if (n->type != SSO_YSCALAR || sso_id_parse(&id, n->str, "ORG") < 0) {
		report(p, n, "org must be an organization id like ORG000001");
		return 0;
	}
	return id;
}

/* Read a termination's vote from mapping n: every key, counts, a date not in
 * the future, and numbers that add up (sso_vote_check()); f->has_vote only if
 * all of it is right. */
static void vote(P *p, const sso_ynode *n, sso_form *f)
{
	static const char *const keys[] = {"date",    "members", "present", "for",
					   "against", "abstain", NULL};
	static const char *const need[] = {"date", "members", "present",
					   "for",  "against", "abstain"};
	sso_vote *x = &f->vote;
	const char *field;
	int bad = 0;

	if (n->type != SSO_YMAP) {
		report(p, n,
		       "vote must be a mapping {date, members, present, for, against, abstain}");
		return;
	}
	bad |= known_keys(p, n, "vote", keys) < 0;
	for (int i = 0; i < 6; i++)
		if (!sso_ynode_get(n, need[i])) {
			report(p, n, "vote needs '%s'", need[i]);
			bad = 1;
		}
	if (bad)
		return;
	bad |= date(p, sso_ynode_get(n, "date"), "vote date", &x->date) < 0;
	bad |= count(p, sso_ynode_get(n, "members"), "members", &x->members) < 0;
	bad |= count(p, sso_ynode_get(n, "present"), "present", &x->present) < 0;
	bad |= count(p, sso_ynode_get(n, "for"), "for", &x->in_favour) < 0;
	bad |= count(p, sso_ynode_get(n, "against"), "against", &x->against) < 0;
	bad |= count(p, sso_ynode_get(n, "abstain"), "abstain", &x->abstain) < 0;
	if (bad)
		return;
	if (sso_vote_check(&field, x) < 0)
		report(p, sso_ynode_get(n, field), "%s", sso_error_last());
	else
		f->has_vote = 1;
}

/* Read one form from doc as p says (checked or not, partial or not). Returns
 * 0, SSO_EINPUT when anything was reported, or SSO_ENOMEM. */
static int read_form(sso_form *f, const sso_ydoc *doc, P *p)
{
	static const char *const term_keys[] = {"kind", "org",          "reason",
						"vote", "commendation", NULL};
	static const char *const change_top[] = {"kind", "org", "reason", "changes", NULL};
	const sso_ynode *root = sso_ydoc_root(doc), *k, *v;
	unsigned long before = p->diag->count;

	memset(f, 0, sizeof(*f));
	f->line = root->line;
	if (root->type != SSO_YMAP) {
		report(p, root, "a form must be a mapping of keys, starting with kind:");
		return SSO_EINPUT;
	}
	k = sso_ynode_get(root, "kind");
	if (!k || k->type != SSO_YSCALAR) {
		report(p, root, "the form has no kind: (filing, change, termination or group)");
		return SSO_EINPUT;
	}
	for (int i = 0; i < 4 && k; i++)
		if (!strcmp(k->str, kind_names[i]))
			f->kind = (sso_form_kind)i, k = NULL;
	if (k) {
		report(p, k, "kind must be filing, change, termination or group, not '%s'", k->str);
		return SSO_EINPUT;
	}
	switch (f->kind) {
	case SSO_KIND_FILING:
	case SSO_KIND_GROUP:
		known_keys(p, root, f->kind == SSO_KIND_FILING ? "a filing form" : "a group form",
			   f->kind == SSO_KIND_FILING ? filing_keys : group_keys);
		orgdata(p, root, &f->data);
		if (p->cfg && !p->fatal && !p->partial)
			sso_orgdata_check(&f->data, f->kind, p->cfg, p->file, root->line, p->diag);
		break;
	case SSO_KIND_CHANGE:
		known_keys(p, root, "a change form", change_top);
		v = sso_ynode_get(root, "changes");
		if (!v || v->type != SSO_YMAP || v->count == 0) {
			report(p, v ? v : root,
			       "a change form needs changes: a mapping of what changes, like "
			       "{venue: 新的活动场所}");
		} else {
			if (sso_ynode_get(v, "form"))
				report(p, sso_ynode_get(v, "form"),
				       "the legal form cannot change: terminate and file anew");
			else
				known_keys(p, v, "changes", change_keys);
			orgdata(p, v, &f->data);
		}
		break;
	case SSO_KIND_TERMINATION:
		known_keys(p, root, "a termination form", term_keys);
		if ((v = sso_ynode_get(root, "vote")))
			vote(p, v, f);
		if ((v = sso_ynode_get(root, "commendation")))
			f->commendation = text(p, v, "commendation", 0);
		break;
	}
	if (f->kind == SSO_KIND_CHANGE || f->kind == SSO_KIND_TERMINATION) {
		if (!(v = sso_ynode_get(root, "org")))
			report(p, root, "a %s form needs org: the organization's id",
			       kind_names[f->kind]);
		else
			f->org = org_ref(p, v);
		if (!(v = sso_ynode_get(root, "reason")))
			report(p, root, "a %s form needs a reason", kind_names[f->kind]);
		else
			f->reason = text(p, v, "reason", 1);
	}
	if (p->fatal)
		return p->fatal;
	return p->diag->count > before ? SSO_EINPUT : 0;
}

int sso_form_read(sso_form *out, const sso_ydoc *doc, const sso_config *cfg, sso_date today,
		  sso_diag *diag)
{
	P p = {cfg, today, NULL, NULL, diag, 0, 0};

	assert(out && doc && cfg && diag);
	p.file = sso_ydoc_file(doc);
	p.dir = sso_ydoc_dir(doc);
	return read_form(out, doc, &p);
}

int sso_form_read_partial(sso_form *out, const sso_ydoc *doc, const sso_config *cfg, sso_date today,
			  sso_diag *diag)
{
	P p = {cfg, today, NULL, NULL, diag, 0, 1};

	assert(out && doc && cfg && diag);
	p.file = sso_ydoc_file(doc);
	p.dir = sso_ydoc_dir(doc);
	return read_form(out, doc, &p);
}

static void count_only(void *payload, const char *line)
{
	char *first = payload;

	if (!first[0])
		snprintf(first, 512, "%s", line);
}

int sso_form_from_yaml(sso_form *out, const char *yaml, const char *name)
{
	char first[512] = "";
	sso_diag diag = {count_only, first, 0};
	sso_ydoc *doc = NULL;
	P p = {NULL, 0, name, ".", &diag, 0, 0};
	int rc;

	assert(out && yaml && name);
	memset(out, 0, sizeof(*out));
	if ((rc = sso_ydoc_parse(&doc, name, yaml, strlen(yaml))) < 0)
		return sso_error_set(SSO_EINTERNAL, "stored form %s cannot be read: %s", name,
				     sso_error_last());
	rc = read_form(out, doc, &p);
	sso_ydoc_free(doc);
	if (rc == SSO_EINPUT)
		return sso_error_set(SSO_EINTERNAL, "stored form %s: %s", name, first);
	return rc;
}

/* ---- overlay and clean-up ---- */

static int copy_str(char **dst, const char *src)
{
	char *d = src ? strdup(src) : NULL;

	if (src && !d)
		return SSO_ENOMEM;
	free(*dst);
	*dst = d;
	return 0;
}

static int copy_person(sso_person *dst, const sso_person *src)
{
	person_clear(dst);
	dst->party_member = src->party_member;
	dst->line = src->line;
	if (copy_str(&dst->name, src->name) || copy_str(&dst->id_number, src->id_number) ||
	    copy_str(&dst->phone, src->phone) || copy_str(&dst->role, src->role) ||
	    copy_str(&dst->unit, src->unit))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	return 0;
}

int sso_orgdata_apply(sso_orgdata *base, const sso_orgdata *c)
{
	unsigned h;
	int rc = 0;

	assert(base && c);
	h = c->has;
	if (h & SSO_F_NAME)
		rc |= copy_str(&base->name, c->name);
	/* a line only means something in the file that gave the name */
	base->name_line = h & SSO_F_NAME ? c->name_line : 0;
	if (h & SSO_F_FORM)
		base->form = c->form;
	if (h & SSO_F_BRAND)
		rc |= copy_str(&base->brand, c->brand);
	if (h & SSO_F_CATEGORY)
		rc |= copy_str(&base->category, c->category);
	if (h & SSO_F_COMMUNITY)
		rc |= copy_str(&base->community, c->community);
	if (h & SSO_F_STAGE)
		base->stage = c->stage;
	if (h & SSO_F_SCOPE)
		rc |= copy_str(&base->scope, c->scope);
	if (h & SSO_F_VENUE)
		rc |= copy_str(&base->venue, c->venue);
	if (h & SSO_F_FOUNDED)
		base->founded = c->founded;
	if (h & SSO_F_SPONSOR)
		rc |= copy_person(&base->sponsor, &c->sponsor);
	if (h & SSO_F_LEADER)
		rc |= copy_person(&base->leader, &c->leader);
	if (h & SSO_F_PARTY_ORG)
		base->party_org = c->party_org;
	if (h & SSO_F_HUB)
		base->hub = c->hub;
	if (h & SSO_F_CHARTER)
		rc |= copy_str(&base->charter, c->charter);
	if (h & SSO_F_ACTIVITIES)
		rc |= copy_str(&base->activities, c->activities);
	if (h & SSO_F_MEMBERS) {
		sso_person *m = calloc(c->nmembers ? c->nmembers : 1, sizeof(*m));

		if (!m)
			return sso_error_set(SSO_ENOMEM, "out of memory");
		for (size_t i = 0; i < c->nmembers; i++)
			rc |= copy_person(&m[i], &c->members[i]);
		for (size_t i = 0; i < base->nmembers; i++)
			person_clear(&base->members[i]);
		free(base->members);
		base->members = m;
		base->nmembers = c->nmembers;
	}
	base->has |= h;
	return rc ? sso_error_set(SSO_ENOMEM, "out of memory") : 0;
}

void sso_orgdata_clear(sso_orgdata *d)
{
	if (!d)
		return;
	free(d->name);
	free(d->brand);
	free(d->category);
	free(d->community);
	free(d->scope);
	free(d->venue);
	free(d->charter);
	free(d->activities);
	person_clear(&d->sponsor);
	person_clear(&d->leader);
	for (size_t i = 0; i < d->nmembers; i++)
		person_clear(&d->members[i]);
	free(d->members);
	memset(d, 0, sizeof(*d));
}

void sso_form_clear(sso_form *f)
{
	if (!f)
		return;
	sso_orgdata_clear(&f->data);
	free(f->reason);
	free(f->commendation);
	memset(f, 0, sizeof(*f));
}

/* ---- writing ---- */

/* key: text, its ID and phone numbers masked if masked (a free text may hold
 * them: a venue, a scope, a role such as 联系人13800138000). */
static void emit_text(sso_yemit *e, const char *key, const char *text, int masked)
{
	char *buf = NULL;
	size_t cap = 0;

	if (!masked || !text) {
		sso_yemit_kv(e, key, text);
		return;
	}
	/* out of memory, nothing of it is shown rather than all of it */
	sso_yemit_kv(e, key, sso_mask_copy(text, &buf, &cap) == 0 ? buf : "");
	free(buf);
}

void sso_person_emit(sso_yemit *e, const char *key, const sso_person *x, int with_party, int masked)
{
	char buf[64];

	assert(e && x);
	if (key)
		sso_yemit_key(e, key);
	sso_yemit_map(e);
	if (x->unit)
		emit_text(e, "unit", x->unit, masked);
	if (x->name)
		emit_text(e, "name", x->name, masked);
	if (x->id_number) {
		if (masked)
			sso_mask_idnum(x->id_number, buf, sizeof(buf));
		sso_yemit_kv(e, "id_number", masked ? buf : x->id_number);
	}
	if (x->phone) {
		if (masked)
			sso_mask_phone(x->phone, buf, sizeof(buf));
		sso_yemit_kv(e, "phone", masked ? buf : x->phone);
	}
	if (x->role)
		emit_text(e, "role", x->role, masked);
	if (with_party) {
		sso_yemit_key(e, "party_member");
		sso_yemit_bool(e, x->party_member);
	}
	sso_yemit_close(e);
}

/*
 * The one writer of an organization's data: one key at a time, in the order
 * of the style. A stored form keeps the form's own order (SPEC section 3) and
 * calls the roster members:; sso-file show has long printed the activities
 * before the charter and the roster as roster:.
 */
static const unsigned stored_order[] = {
	SSO_F_NAME,      SSO_F_FORM,    SSO_F_BRAND,   SSO_F_CATEGORY,
	SSO_F_COMMUNITY, SSO_F_STAGE,   SSO_F_SCOPE,   SSO_F_VENUE,
	SSO_F_FOUNDED,   SSO_F_SPONSOR, SSO_F_LEADER,  SSO_F_PARTY_ORG,
	SSO_F_HUB,       SSO_F_CHARTER, SSO_F_MEMBERS, SSO_F_ACTIVITIES,
};
static const unsigned shown_order[] = {
	SSO_F_NAME,    SSO_F_FORM,       SSO_F_CATEGORY, SSO_F_COMMUNITY,
	SSO_F_STAGE,   SSO_F_BRAND,      SSO_F_SCOPE,    SSO_F_VENUE,
	SSO_F_FOUNDED, SSO_F_SPONSOR,    SSO_F_LEADER,   SSO_F_PARTY_ORG,
	SSO_F_HUB,     SSO_F_ACTIVITIES, SSO_F_CHARTER,  SSO_F_MEMBERS,
};

/* Write the key bit of d. */
static void emit_key(sso_yemit *e, const sso_orgdata *d, unsigned bit, sso_form_style style,
		     int masked)
{
	char day[11];

	switch (bit) {
	case SSO_F_NAME: emit_text(e, "name", d->name, masked); break;
	case SSO_F_FORM: sso_yemit_kv(e, "form", sso_legal_form_name(d->form)); break;
	case SSO_F_BRAND: emit_text(e, "brand", d->brand, masked); break;
	case SSO_F_CATEGORY: sso_yemit_kv(e, "category", d->category); break;
	case SSO_F_COMMUNITY: sso_yemit_kv(e, "community", d->community); break;
	case SSO_F_STAGE: sso_yemit_kv(e, "stage", sso_stage_name(d->stage)); break;
	case SSO_F_SCOPE: emit_text(e, "scope", d->scope, masked); break;
	case SSO_F_VENUE: emit_text(e, "venue", d->venue, masked); break;
	case SSO_F_FOUNDED:
		sso_date_format(d->founded, day);
		sso_yemit_kv(e, "founded", day);
		break;
	case SSO_F_SPONSOR: sso_person_emit(e, "sponsor", &d->sponsor, 0, masked); break;
	case SSO_F_LEADER: sso_person_emit(e, "leader", &d->leader, 1, masked); break;
	case SSO_F_PARTY_ORG: sso_yemit_kv(e, "party_org", sso_party_org_name(d->party_org)); break;
	case SSO_F_HUB:
		sso_yemit_key(e, "hub");
		sso_yemit_bool(e, d->hub);
		break;
	case SSO_F_CHARTER: emit_text(e, "charter", d->charter, masked); break;
	case SSO_F_MEMBERS:
		sso_yemit_key(e, style == SSO_FORM_SHOWN ? "roster" : "members");
		sso_yemit_seq(e);
		for (size_t i = 0; i < d->nmembers; i++)
			sso_person_emit(e, NULL, &d->members[i], 1, masked);
		sso_yemit_close(e);
		break;
	case SSO_F_ACTIVITIES: emit_text(e, "activities", d->activities, masked); break;
	default: assert(!"a key of sso_orgdata"); break;
	}
}

void sso_orgdata_emit(sso_yemit *e, const sso_orgdata *d, sso_form_style style, unsigned skip,
		      int masked)
{
	const unsigned *order = style == SSO_FORM_SHOWN ? shown_order : stored_order;
	size_t n = style == SSO_FORM_SHOWN ? sizeof(shown_order) / sizeof(*shown_order)
					   : sizeof(stored_order) / sizeof(*stored_order);

	assert(e && d);
	for (size_t i = 0; i < n; i++)
		if ((d->has & order[i]) && !(skip & order[i]))
			emit_key(e, d, order[i], style, masked);
}

/* The vote as a mapping under key vote. */
static void emit_vote(sso_yemit *e, const sso_vote *v)
{
	char day[11];

	sso_yemit_key(e, "vote");
	sso_yemit_map(e);
	sso_date_format(v->date, day);
	sso_yemit_kv(e, "date", day);
	sso_yemit_key(e, "members");
	sso_yemit_int(e, v->members);
	sso_yemit_key(e, "present");
	sso_yemit_int(e, v->present);
	sso_yemit_key(e, "for");
	sso_yemit_int(e, v->in_favour);
	sso_yemit_key(e, "against");
	sso_yemit_int(e, v->against);
	sso_yemit_key(e, "abstain");
	sso_yemit_int(e, v->abstain);
	sso_yemit_close(e);
}

void sso_form_emit(sso_yemit *e, const sso_form *f, sso_form_style style, int masked)
{
	char id[32];

	assert(e && f);
	if (style == SSO_FORM_SHOWN) {
		/* the name, then why, then the rest: a change's changes are the form */
		sso_orgdata_emit(e, &f->data, style, ~(unsigned)SSO_F_NAME, masked);
		if (f->reason)
			emit_text(e, "reason", f->reason, masked);
		sso_orgdata_emit(e, &f->data, style, SSO_F_NAME, masked);
	} else {
		sso_yemit_kv(e, "kind", kind_names[f->kind]);
		if (f->org) {
			sso_id_format(id, sizeof(id), "ORG", f->org);
			sso_yemit_kv(e, "org", id);
		}
		if (f->reason)
			emit_text(e, "reason", f->reason, masked);
		if (f->kind == SSO_KIND_CHANGE) {
			sso_yemit_key(e, "changes");
			sso_yemit_map(e);
			sso_orgdata_emit(e, &f->data, style, 0, masked);
			sso_yemit_close(e);
		} else {
			sso_orgdata_emit(e, &f->data, style, 0, masked);
		}
	}
	if (f->has_vote)
		emit_vote(e, &f->vote);
	if (f->commendation)
		emit_text(e, "commendation", f->commendation, masked);
}

int sso_form_yaml(char **out, const sso_form *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	sso_yemit *e = NULL;
	int rc;

	assert(f && out);
	*out = NULL;
	if (!(fp = open_memstream(&buf, &len)))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	if ((rc = sso_yemit_new(&e, fp)) < 0)
		goto done;
	sso_yemit_doc(e);
	sso_yemit_map(e);
	sso_form_emit(e, f, SSO_FORM_STORED, 0);
	sso_yemit_close(e);
	sso_yemit_doc_end(e);
	rc = sso_yemit_end(e);
done:
	sso_yemit_free(e);
	if (fclose(fp) != 0 && rc == 0)
		rc = sso_error_set(SSO_ENOMEM, "out of memory");
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*out = buf;
	return 0;
}

int sso_orgdata_roster_csv(char **out, const sso_orgdata *d)
{
	static const sso_column cols[] = {{"name", "姓名", SSO_COL_TEXT},
					  {"id_number", "身份证号", SSO_COL_TEXT},
					  {"phone", "联系电话", SSO_COL_TEXT},
					  {"role", "职务", SSO_COL_TEXT},
					  {"party_member", "党员", SSO_COL_BOOL}};
	sso_out_options o = SSO_OUT_OPTIONS_INIT;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	sso_table *t = NULL;
	int rc;

	assert(d && out);
	*out = NULL;
	if (!fp)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	rc = sso_table_new(&t, fp, &o, cols, 5);
	for (size_t i = 0; rc == 0 && i < d->nmembers; i++) {
		const sso_person *m = &d->members[i];
		const char *row[5] = {m->name, m->id_number, m->phone, m->role,
				      m->party_member ? "1" : "0"};

		rc = sso_table_row(t, row);
	}
	if (rc == 0)
		rc = sso_table_end(t);
	sso_table_free(t);
	if (fclose(fp) != 0 && rc == 0)
		rc = sso_error_set(SSO_ENOMEM, "out of memory");
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*out = buf;
	return 0;
}

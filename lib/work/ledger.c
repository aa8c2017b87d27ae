/* ledger.c - the half-yearly work ledger (工作台账) and the nightly archive check */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "store/event_impl.h"
#include "sso/actrow.h"
#include "sso/archive.h"
#include "sso/config.h"
#include "sso/error.h"
#include "sso/event.h"
#include "sso/form.h"
#include "sso/ledger.h"
#include "sso/org.h"
#include "sso/valid.h"
#include "store/store_impl.h"
#include "work/work_impl.h"

#define KINDS_MAX      32
#define PROGRESS_EVERY 1000000ULL

/* ---- the archive rules, shared by the check and the ledger ---- */

/* The kinds whose latest date matters: the required ones, then report and
 * evaluation (which may be required too). */
typedef struct kindset {
	const char *kind[KINDS_MAX];
	size_t n, nrequired;
	size_t report, evaluation; /* their indexes */
} kindset;

static size_t kindset_add(kindset *k, const char *kind)
{
	for (size_t i = 0; i < k->n; i++)
		if (!strcmp(k->kind[i], kind))
			return i;
	k->kind[k->n] = kind;
	return k->n++;
}

static int kindset_init(kindset *k, const sso_config *cfg)
{
	memset(k, 0, sizeof(*k));
	if (cfg->archive_required.count > KINDS_MAX - 2)
		return sso_error_set(SSO_ECONFIG, "%s: archive.required names more than %d kinds",
				     cfg->source, KINDS_MAX - 2);
	for (size_t i = 0; i < cfg->archive_required.count; i++) {
		const char *kind = cfg->archive_required.items[i];

		if (!sso_doc_kind_valid(kind))
			return sso_error_set(SSO_ECONFIG,
					     "%s: archive.required: unknown document kind '%s' "
					     "(use %s)",
					     cfg->source, kind, sso_doc_kinds_attachable());
		kindset_add(k, kind);
	}
	k->nrequired = k->n;
	k->report = kindset_add(k, "report");
	k->evaluation = kindset_add(k, "evaluation");
	return 0;
}

/* What an archive lacks on a day. */
typedef struct lack {
	unsigned missing; /* bit i: required kind i absent */
	int report_stale, evaluation_stale;
	sso_date report_from; /* the date the report's age counts from */
	sso_date evaluation_from;
	int report_none, evaluation_none; /* counted from the filing date */
} lack;

/* latest[i] is the latest date of kind i (0: none) on or before asof. */
static int archive_lacks(const sso_config *cfg, const kindset *k, const sso_date *latest,
			 sso_date filed, sso_date asof, lack *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < k->nrequired; i++)
		if (!latest[i])
			out->missing |= 1u << i;
	/* one dated before the filing does not count: the clock starts at the filing */
	out->report_none = !latest[k->report] || latest[k->report] < filed;
	out->report_from = out->report_none ? filed : latest[k->report];
	out->report_stale = asof - out->report_from > cfg->report_max_age_days;
	out->evaluation_none = !latest[k->evaluation] || latest[k->evaluation] < filed;
	out->evaluation_from = out->evaluation_none ? filed : latest[k->evaluation];
	out->evaluation_stale = asof - out->evaluation_from > cfg->evaluation_max_age_days;
	return out->missing || out->report_stale || out->evaluation_stale;
}

static sso_date date_of(const char *text)
{
	sso_date d = 0;

	if (text && *text && sso_date_parse(&d, text, strlen(text)) < 0)
		d = 0;
	return d;
}

/* Organizations by id, with what the rules need of them. */
typedef struct orgset {
	long max;
	size_t cap;
	unsigned char *in; /* in scope */
	sso_date *filed, *asof;
	sso_date *latest; /* [id * nkinds + kind] */
	size_t nkinds;
} orgset;

/* Put organization id in scope, filed on filed and checked as of asof,
 * growing the arrays indexed by id (doubling) as needed. Returns 0 or
 * SSO_ENOMEM. */
static int orgset_add(orgset *o, long id, sso_date filed, sso_date asof)
{
	if (id < 1)
		return 0;
	if ((size_t)id >= o->cap) {
		size_t cap = o->cap ? o->cap : 1024, old = o->cap;
		unsigned char *in;
		sso_date *f, *a, *l;

		while (cap <= (size_t)id)
			cap *= 2;
		in = realloc(o->in, cap);
		if (in)
			o->in = in;
		f = in ? realloc(o->filed, cap * sizeof(*f)) : NULL;
		if (f)
			o->filed = f;
		a = f ? realloc(o->asof, cap * sizeof(*a)) : NULL;
		if (a)
			o->asof = a;
		l = a ? realloc(o->latest, cap * o->nkinds * sizeof(*l)) : NULL;
		if (!l)
			return sso_error_set(SSO_ENOMEM, "out of memory");
		o->latest = l;
		memset(o->in + old, 0, cap - old);
		memset(o->latest + old * o->nkinds, 0, (cap - old) * o->nkinds * sizeof(*l));
		o->cap = cap;
	}
	o->in[id] = 1;
	o->filed[id] = filed;
	o->asof[id] = asof;
	if (id > o->max)
		o->max = id;
	return 0;
}

static void orgset_free(orgset *o)
{
	free(o->in);
	free(o->filed);
	free(o->asof);
	free(o->latest);
}

static int in_set(const orgset *o, long id)
{
	return id >= 1 && id <= o->max && o->in[id];
}

/* Documents of a kind, per organization, oldest first: read from the index
 * documents_kind alone. */
static const char SQL_LATEST[] =
	"SELECT org_id, dated FROM documents WHERE kind = ?1 ORDER BY org_id, dated, id";
enum { LATEST_ORG, LATEST_DATED };

/* Fill latest[] for every kind: the latest date of each, no later than the
 * organization's asof. */
static int read_latest(sso_store *s, const kindset *k, orgset *o)
{
	for (size_t i = 0; i < k->n; i++) {
		sqlite3_stmt *st = sso_store__stmt(s, STMT_LEDGER_LATEST, SQL_LATEST);
		int rc;

		if (!st)
			return SSO_EINTERNAL;
		sqlite3_bind_text(st, 1, k->kind[i], -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			long id = (long)sqlite3_column_int64(st, LATEST_ORG);
			sso_date d;

			if (!in_set(o, id))
				continue;
			d = date_of(sso_store__col(st, LATEST_DATED));
			if (d && d <= o->asof[id])
				o->latest[(size_t)id * o->nkinds + i] = d;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return sso_store__error(s, rc, "reading the archive");
	}
	return 0;
}

/* ---- the check ---- */

enum {
	R_CHAIN,
	R_MISSING,
	R_REPORT,
	R_EVALUATION,
	R_STUCK,
	R_HASH,
	R_DAMAGED,
	R_REVIEW,
	R_VOTE,
	R_GROUP,
	R_NRULES
};

static const char *const rule_names[R_NRULES] = {
	[R_CHAIN] = "chain_broken",        [R_MISSING] = "missing_document",
	[R_REPORT] = "stale_report",       [R_EVALUATION] = "stale_evaluation",
	[R_STUCK] = "stuck_in_notice",     [R_HASH] = "hash_mismatch",
	[R_DAMAGED] = "store_damaged",     [R_REVIEW] = "stuck_in_review",
	[R_VOTE] = "vote_roster_mismatch", [R_GROUP] = "stale_group",
};

/* The order findings are printed in: organization, then the rules in the
 * order sso-ledger(1) lists them. */
static const int rule_order[R_NRULES] = {
	[R_MISSING] = 0, [R_REPORT] = 1, [R_EVALUATION] = 2, [R_STUCK] = 3, [R_REVIEW] = 4,
	[R_VOTE] = 5,    [R_GROUP] = 6,  [R_HASH] = 7,       [R_CHAIN] = 8, [R_DAMAGED] = 9,
};

/* How long an activity group may go without an activity: a year. */
#define GROUP_IDLE_DAYS 365

typedef struct finding {
	long org;
	int rule;
	unsigned long seq; /* order found, within one organization and rule */
	char *detail;
} finding;

typedef struct findings {
	finding *f;
	size_t n, cap;
} findings;

/* Add a finding of rule for org with its detail (printf-style, copied),
 * growing the list as needed. Returns 0 or SSO_ENOMEM. */
static int add_finding(findings *fs, long org, int rule, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* (declared above, for its format attribute) */
static int add_finding(findings *fs, long org, int rule, const char *fmt, ...)
{
	va_list ap;
	char *detail = NULL, buf[512];
	int n;

	if (fs->n == fs->cap && SSO_GROW(fs->f, fs->cap, fs->cap + 1, 64) < 0)
		return SSO_ENOMEM;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || !(detail = malloc((size_t)n + 1)))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	if ((size_t)n < sizeof(buf)) {
		memcpy(detail, buf, (size_t)n + 1);
	} else {
		va_start(ap, fmt);
		vsnprintf(detail, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	fs->f[fs->n].org = org;
	fs->f[fs->n].rule = rule;
	fs->f[fs->n].seq = (unsigned long)fs->n;
	sso_mask_text(detail); /* a document's name may be someone's number */
	fs->f[fs->n].detail = detail;
	fs->n++;
	return 0;
}

static int finding_cmp(const void *a, const void *b)
{
	const finding *x = a, *y = b;

	if (x->org != y->org)
		return x->org < y->org ? -1 : 1;
	if (rule_order[x->rule] != rule_order[y->rule])
		return rule_order[x->rule] < rule_order[y->rule] ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const char SQL_CHECK_ORGS[] =
	"SELECT id, filed_on FROM orgs WHERE status = 'active' AND tier IN ('filed', 'registered') "
	"AND (?1 IS NULL OR street = ?1) AND (?2 IS NULL OR community = ?2) ORDER BY id";
enum { CHECK_ORG, CHECK_FILED_ON };
static const char SQL_STUCK[] =
	"SELECT id, org_id, notice_end FROM apps WHERE state = 'in_notice' AND notice_end < ?1 "
	"ORDER BY org_id, id";
enum { STUCK_APP, STUCK_ORG, STUCK_NOTICE_END };
/* Applications waiting on a step, not changed since before ?1 (the
 * states a step of sso-file moves on; in_notice has its own rule). */
static const char SQL_REVIEW[] =
	"SELECT id, org_id, state, updated_on FROM apps "
	"WHERE state IN ('submitted', 'reviewed', 'approved', 'returned') AND updated_on < ?1 "
	"ORDER BY org_id, id";
enum { REVIEW_APP, REVIEW_ORG, REVIEW_STATE, REVIEW_UPDATED_ON };
/* The latest vote (as a termination takes it: by date, then as recorded) of
 * each active organization, the roster in force on its date (the latest
 * version effective by then; NULL before the first), and its place among
 * the organization's votes as recorded, which is its event's among the
 * organization's vote events. */
static const char SQL_VOTES[] =
	"SELECT v.org_id, v.date, v.members, o.members, "
	"(SELECT x.data FROM versions x WHERE x.org_id = v.org_id AND x.effective <= v.date "
	"ORDER BY x.version DESC LIMIT 1), "
	"(SELECT COUNT(*) FROM votes w WHERE w.org_id = v.org_id AND w.id <= v.id) "
	"FROM votes v JOIN orgs o ON o.id = v.org_id WHERE o.status = 'active' "
	"AND v.id = (SELECT w.id FROM votes w WHERE w.org_id = v.org_id "
	"ORDER BY w.date DESC, w.id DESC LIMIT 1) ORDER BY v.org_id";
enum { VOTES_ORG, VOTES_DATE, VOTES_MEMBERS, VOTES_ORG_MEMBERS, VOTES_ROSTER, VOTES_NTH };
/* The reason recorded with an organization's ?2-th vote (0 first), if any. */
static const char SQL_VOTE_REASON[] = "SELECT json_extract(details, '$.reason') FROM events WHERE "
				      "org_id = ?1 AND action = 'vote' "
				      "ORDER BY seq LIMIT 1 OFFSET ?2";
/* Active activity groups recorded before ?1. */
static const char SQL_GROUPS[] =
	"SELECT id FROM orgs WHERE tier = 'group' AND status = 'active' AND created_on < ?1 "
	"ORDER BY id";
/* Who had activities in quarter ?1 or after (the per-quarter sums, kept by
 * the import: a few rows per organization, not every activity). */
static const char SQL_GROUP_QUARTERS[] =
	"SELECT org_id, quarter FROM activity_quarters WHERE quarter >= ?1 AND activities > 0";
enum { GQ_ORG, GQ_QUARTER };
/* Who had an activity from ?1 to ?2 (the rest of the first quarter). */
static const char SQL_GROUP_DAYS[] =
	"SELECT DISTINCT org_id FROM activities WHERE date >= ?1 AND date <= ?2";

/* A set of organization ids, a byte each. */
typedef struct idbits {
	unsigned char *b;
	size_t cap;
} idbits;

/* Put id in the set, growing it (doubling). Returns 0 or SSO_ENOMEM. */
static int idbits_set(idbits *x, long id, unsigned char v)
{
	if (id < 0)
		return 0;
	if ((size_t)id >= x->cap) {
		size_t cap = x->cap ? x->cap : 1024;
		unsigned char *b;

		while (cap <= (size_t)id)
			cap *= 2;
		if (!(b = realloc(x->b, cap)))
			return sso_error_set(SSO_ENOMEM, "out of memory");
		memset(b + x->cap, 0, cap - x->cap);
		x->b = b;
		x->cap = cap;
	}
	x->b[id] = v;
	return 0;
}

static unsigned char idbits_get(const idbits *x, long id)
{
	return id >= 0 && (size_t)id < x->cap ? x->b[id] : 0;
}

/* Which organizations the check reports on: street and community as codes
 * (NULL: any), and with either, the set of their organizations. */
typedef struct check_scope {
	const char *street, *community;
	idbits in;
} check_scope;

static const char SQL_SCOPE_ORGS[] = "SELECT id FROM orgs WHERE (?1 IS NULL OR street = ?1) "
				     "AND (?2 IS NULL OR community = ?2)";

/* Resolve --street and --community (codes or names) and, with either, read
 * their organizations. Returns 0, SSO_EUSAGE (unknown, or a community of
 * another street) or an error. */
static int scope_init(sso_store *s, const sso_check_options *o, check_scope *sc)
{
	const sso_config *cfg = sso_store_config(s);
	sqlite3_stmt *st;
	int rc;

	memset(sc, 0, sizeof(*sc));
	if (o->street) {
		const sso_street *x = sso_config_street(cfg, o->street);

		if (!x)
			return sso_error_set(SSO_EUSAGE, "--street: %s", sso_error_last());
		sc->street = x->code;
	}
	if (o->community) {
		const sso_community *c = sso_config_community(cfg, o->community);

		if (!c)
			return sso_error_set(SSO_EUSAGE, "--community: %s", sso_error_last());
		if (sc->street && strcmp(c->street->code, sc->street))
			return sso_error_set(SSO_EUSAGE,
					     "--community: %s (%s) is in %s (%s), not in --street "
					     "%s",
					     c->name, c->code, c->street->name, c->street->code,
					     o->street);
		sc->community = c->code;
	}
	if (!sc->street && !sc->community)
		return 0;
	if (!(st = sso_store__stmt(s, STMT_LEDGER_SCOPE_ORGS, SQL_SCOPE_ORGS)))
		return SSO_EINTERNAL;
	sso_store__bind_text(st, 1, sc->street);
	sso_store__bind_text(st, 2, sc->community);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (idbits_set(&sc->in, (long)sqlite3_column_int64(st, 0), 1) < 0) {
			sqlite3_reset(st);
			return SSO_ENOMEM;
		}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading organizations");
}

/* Is a finding of org reported? Those of no organization always are. */
static int in_scope(const check_scope *sc, long org)
{
	return org == 0 || (!sc->street && !sc->community) || idbits_get(&sc->in, org);
}

/* The finding of a stale report or evaluation (what): none since the filing
 * on from, or the latest of from; its age in days and the most allowed. */
static int stale_finding(findings *fs, long id, int rule, const char *what, int none, sso_date from,
			 sso_date today, int max_days)
{
	char day[11];

	sso_date_format(from, day);
	if (none)
		return add_finding(fs, id, rule,
				   "no %s since the filing on %s, %d days ago (at most %d)", what,
				   day, (int)(today - from), max_days);
	return add_finding(fs, id, rule, "the latest %s is of %s, %d days ago (at most %d)", what,
			   day, (int)(today - from), max_days);
}

/* The archive rules for every active filed or registered organization (of
 * the scope): required kinds present, report and evaluation not stale. Adds
 * a finding for each and counts the organizations in *norgs. Returns 0 or
 * an error. */
static int check_archives(sso_store *s, const kindset *k, const check_scope *sc, findings *fs,
			  unsigned long *norgs)
{
	const sso_config *cfg = sso_store_config(s);
	sso_date today = sso_store_today(s);
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LEDGER_CHECK_ORGS, SQL_CHECK_ORGS);
	orgset o = {0};
	int rc;

	o.nkinds = k->n;
	if (!st)
		return SSO_EINTERNAL;
	sso_store__bind_text(st, 1, sc->street);
	sso_store__bind_text(st, 2, sc->community);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sso_date filed = date_of(sso_store__col(st, CHECK_FILED_ON));

		if (orgset_add(&o, (long)sqlite3_column_int64(st, CHECK_ORG), filed ? filed : today,
			       today) < 0) {
			sqlite3_reset(st);
			rc = SSO_ENOMEM;
			goto done;
		}
		(*norgs)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rc = sso_store__error(s, rc, "reading organizations");
		goto done;
	}
	if ((rc = read_latest(s, k, &o)) < 0)
		goto done;
	for (long id = 1; id <= o.max && rc == 0; id++) {
		const sso_date *latest = o.latest + (size_t)id * o.nkinds;
		lack l;

		if (!o.in[id] || !archive_lacks(cfg, k, latest, o.filed[id], today, &l))
			continue;
		for (size_t i = 0; i < k->nrequired && rc == 0; i++)
			if (l.missing & (1u << i))
				rc = add_finding(fs, id, R_MISSING, "no %s in the archive",
						 k->kind[i]);
		if (rc == 0 && l.report_stale)
			rc = stale_finding(fs, id, R_REPORT, "report", l.report_none, l.report_from,
					   today, cfg->report_max_age_days);
		if (rc == 0 && l.evaluation_stale)
			rc = stale_finding(fs, id, R_EVALUATION, "evaluation", l.evaluation_none,
					   l.evaluation_from, today, cfg->evaluation_max_age_days);
	}
done:
	orgset_free(&o);
	return rc;
}

/* A finding for each application still in notice more than stuck_days
 * after its notice ended. Returns 0 or an error. */
static int check_stuck(sso_store *s, findings *fs)
{
	const sso_config *cfg = sso_store_config(s);
	sso_date today = sso_store_today(s);
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LEDGER_STUCK, SQL_STUCK);
	char limit[11];
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sso_date_format(today - cfg->stuck_days, limit);
	sqlite3_bind_text(st, 1, limit, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *end = sso_store__col(st, STUCK_NOTICE_END);
		int r = add_finding(fs, (long)sqlite3_column_int64(st, STUCK_ORG), R_STUCK,
				    SSO_APP_FMT
				    ": its notice ended on %s, %d days ago (at most %d): "
				    "certify or reject it",
				    (long)sqlite3_column_int64(st, STUCK_APP), end,
				    (int)(today - date_of(end)), cfg->stuck_days);

		if (r < 0) {
			sqlite3_reset(st);
			return r;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading applications");
}

/* What comes next for an application in state, and who does it. */
static const char *next_step(const char *state)
{
	if (!strcmp(state, "submitted"))
		return "the committee reviews, returns or rejects it";
	if (!strcmp(state, "reviewed"))
		return "the street approves, returns or rejects it";
	if (!strcmp(state, "approved"))
		return "the street publishes its notice";
	return "the sponsor resubmits it"; /* returned */
}

/* A finding for each application submitted, reviewed, approved or returned
 * more than stuck_days ago without a step since (apps.updated_on). Returns
 * 0 or an error. */
static int check_review(sso_store *s, findings *fs)
{
	const sso_config *cfg = sso_store_config(s);
	sso_date today = sso_store_today(s);
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LEDGER_REVIEW, SQL_REVIEW);
	char limit[11];
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sso_date_format(today - cfg->stuck_days, limit);
	sqlite3_bind_text(st, 1, limit, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *day = sso_store__col(st, REVIEW_UPDATED_ON);
		const char *state = sso_store__col(st, REVIEW_STATE);
		int r = add_finding(fs, (long)sqlite3_column_int64(st, REVIEW_ORG), R_REVIEW,
				    SSO_APP_FMT
				    ": %s, no step since %s, %d days ago (at most %d): %s",
				    (long)sqlite3_column_int64(st, REVIEW_APP), state, day,
				    (int)(today - date_of(day)), cfg->stuck_days, next_step(state));

		if (r < 0) {
			sqlite3_reset(st);
			return r;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading applications");
}

/* Whether the nth vote (0 first) of org has a reason in its event's details:
 * 1, 0, or an error. */
static int vote_has_reason(sso_store *s, long org, long long nth)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LEDGER_VOTE_REASON, SQL_VOTE_REASON);
	int rc, has = 0;

	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, org);
	sqlite3_bind_int64(st, 2, nth);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		has = sqlite3_column_type(st, 0) != SQLITE_NULL &&
		      !sso_blank(sso_store__col(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sso_store__error(s, rc, "reading the events");
	return has;
}

/* The size of the roster in data (a version's YAML), or fallback when
 * there is none or it cannot be read. */
static long long roster_size(const char *data, long long fallback)
{
	sso_form f;
	long long n = fallback;

	if (!data)
		return fallback;
	memset(&f, 0, sizeof(f));
	if (sso_form_from_yaml(&f, data, "version") == 0)
		n = (long long)f.data.nmembers;
	sso_form_clear(&f);
	return n;
}

/* A finding for the latest vote of each active organization whose member
 * count is not its roster's on the vote's date (the version in force then,
 * else the organization's row), unless a reason was recorded with it
 * (sso-file vote --reason). Returns 0 or an error. */
static int check_votes(sso_store *s, findings *fs)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LEDGER_VOTES, SQL_VOTES);
	int rc, r = 0;

	if (!st)
		return SSO_EINTERNAL;
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long org = (long)sqlite3_column_int64(st, VOTES_ORG);
		long long members = sqlite3_column_int64(st, VOTES_MEMBERS);
		long long roster = roster_size((const char *)sqlite3_column_text(st, VOTES_ROSTER),
					       sqlite3_column_int64(st, VOTES_ORG_MEMBERS));

		if (members == roster)
			continue;
		if ((r = vote_has_reason(s, org, sqlite3_column_int64(st, VOTES_NTH) - 1)) != 0) {
			r = r > 0 ? 0 : r;
			continue;
		}
		r = add_finding(fs, org, R_VOTE,
				"the vote of %s counts %lld members, the roster then %lld: record "
				"it again with the roster's count, or say why (sso-file vote "
				"--reason)",
				sso_store__col(st, VOTES_DATE), members, roster);
	}
	sqlite3_reset(st);
	if (r < 0)
		return r;
	return rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading votes");
}

/* Step st (bound) to the end, marking the organization of column 0 in *fresh
 * (with value v, or 2 where column qcol, if >= 0, is the quarter q).
 * Returns 0 or an error. */
static int mark_active(sso_store *s, sqlite3_stmt *st, int qcol, const char *q, idbits *fresh)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long id = (long)sqlite3_column_int64(st, 0);
		unsigned char v = qcol >= 0 && !strcmp(sso_store__col(st, qcol), q) ? 2 : 1;

		if (idbits_get(fresh, id) != 1 && idbits_set(fresh, id, v) < 0) {
			sqlite3_reset(st);
			return SSO_ENOMEM;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading activities");
}

/*
 * A finding for each active activity group, recorded more than a year ago,
 * with no activity in the last GROUP_IDLE_DAYS days (since the cutoff day,
 * which counts). The per-quarter sums decide most: an activity in a quarter
 * after the cutoff's is fresh; one only in the cutoff's own quarter may be
 * before the cutoff, and only then are the activities themselves read, for
 * that quarter's days from the cutoff on. Returns 0 or an error.
 */
static int check_groups(sso_store *s, findings *fs)
{
	sso_date today = sso_store_today(s), cutoff = today - GROUP_IDLE_DAYS, qend;
	sqlite3_stmt *st;
	idbits groups = {0}, fresh = {0};
	char from[11], to[11], q[16];
	int rc, y, m, d, unsure = 0;
	long max = 0;

	sso_date_format(cutoff, from);
	sso_date_ymd(cutoff, &y, &m, &d);
	snprintf(q, sizeof(q), "%04dQ%d", y, (m - 1) / 3 + 1);
	qend = sso_date_from_ymd(y + ((m - 1) / 3 == 3), (m - 1) / 3 == 3 ? 1 : (m - 1) / 3 * 3 + 4,
				 1) -
	       1;
	sso_date_format(qend, to);
	if (!(st = sso_store__stmt(s, STMT_LEDGER_GROUPS, SQL_GROUPS)))
		return SSO_EINTERNAL;
	sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long id = (long)sqlite3_column_int64(st, 0);

		if (idbits_set(&groups, id, 1) < 0) {
			sqlite3_reset(st);
			rc = SSO_ENOMEM;
			goto done;
		}
		max = id > max ? id : max;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rc = sso_store__error(s, rc, "reading organizations");
		goto done;
	}
	if (!max) {
		rc = 0;
		goto done;
	}
	if (!(st = sso_store__stmt(s, STMT_LEDGER_GROUP_QUARTERS, SQL_GROUP_QUARTERS))) {
		rc = SSO_EINTERNAL;
		goto done;
	}
	sqlite3_bind_text(st, 1, q, -1, SQLITE_TRANSIENT);
	if ((rc = mark_active(s, st, GQ_QUARTER, q, &fresh)) < 0)
		goto done;
	for (long id = 1; id <= max; id++)
		unsure |= idbits_get(&groups, id) && idbits_get(&fresh, id) == 2;
	if (unsure) {
		/* the cutoff's quarter decides: were they before the cutoff? */
		for (long id = 1; id <= max; id++)
			if (idbits_get(&fresh, id) == 2)
				fresh.b[id] = 0;
		if (!(st = sso_store__stmt(s, STMT_LEDGER_GROUP_DAYS, SQL_GROUP_DAYS))) {
			rc = SSO_EINTERNAL;
			goto done;
		}
		sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
		if ((rc = mark_active(s, st, -1, NULL, &fresh)) < 0)
			goto done;
	}
	for (long id = 1; id <= max && rc == 0; id++)
		if (idbits_get(&groups, id) && idbits_get(&fresh, id) != 1)
			rc = add_finding(fs, id, R_GROUP,
					 "no activity recorded in the %d days since %s "
					 "(an activity group shows one a year)",
					 GROUP_IDLE_DAYS, from);
done:
	free(groups.b);
	free(fresh.b);
	return rc;
}

static int on_bad_doc(void *payload, const sso_archive_doc *d)
{
	return add_finding(payload, d->org_id, R_HASH, SSO_DOC_FMT " %s (%s): %s", d->id, d->kind,
			   d->name, d->problem);
}

/* SQLite's own quick check of the file: each problem it names is a
 * store_damaged finding (at most 20), and *damaged says whether there was
 * any; the other rules are then not run on pages that cannot be trusted.
 * Returns 0 or SSO_ENOMEM. */
static int check_file(sso_store *s, findings *fs, int *damaged)
{
	sqlite3_stmt *st = NULL;
	int rc, n = 0;

	*damaged = 0;
	rc = sqlite3_prepare_v2(sso_store__db(s), "PRAGMA quick_check(20)", -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *msg = sso_store__col(st, 0);

		rc = SQLITE_OK;
		if (!strcmp(msg, "ok"))
			continue;
		n++;
		if (add_finding(fs, 0, R_DAMAGED, "SQLite's quick_check: %s", msg) < 0) {
			sqlite3_finalize(st);
			return SSO_ENOMEM;
		}
	}
	if (rc != SQLITE_DONE && rc != SQLITE_OK) {
		n++;
		if (add_finding(fs, 0, R_DAMAGED, "SQLite's quick_check cannot read the file: %s",
				sqlite3_errmsg(sso_store__db(s))) < 0) {
			sqlite3_finalize(st);
			return SSO_ENOMEM;
		}
	}
	sqlite3_finalize(st);
	*damaged = n > 0;
	return 0;
}

int sso_ledger_check(sso_store *s, const sso_check_options *o, FILE *fp, sso_check_result *out)
{
	static const sso_column cols[] = {
		{"org_id", "组织编号", SSO_COL_TEXT},
		{"rule", "规则", SSO_COL_TEXT},
		{"detail", "说明", SSO_COL_TEXT},
	};
	findings fs = {0};
	sso_table *t = NULL;
	check_scope sc = {0};
	sso_verify v;
	kindset k;
	int rc, snap, damaged = 0;

	memset(out, 0, sizeof(*out));
	if ((rc = kindset_init(&k, sso_store_config(s))) < 0)
		return rc;
	/* every rule reads the same moment of the store, whoever writes meanwhile */
	if ((snap = sso_store__read_begin(s)) < 0)
		return snap;
	if ((rc = check_file(s, &fs, &damaged)) < 0)
		goto done;
	if (damaged)
		goto print;
	if ((rc = scope_init(s, o, &sc)) < 0)
		goto done;
	if ((rc = check_archives(s, &k, &sc, &fs, &out->orgs)) < 0 ||
	    (rc = check_stuck(s, &fs)) < 0 || (rc = check_review(s, &fs)) < 0 ||
	    (rc = check_votes(s, &fs)) < 0 || (rc = check_groups(s, &fs)) < 0)
		goto done;
	/* the nightly pass hashes the chain; --deep replays every table too */
	if ((rc = o->deep ? sso_event_verify(&v, s) : sso_event_verify_chain(&v, s)) < 0)
		goto done;
	out->events = (unsigned long long)v.events;
	if (v.broken || v.bad_org || v.bad_doc || v.row[0])
		rc = add_finding(&fs, v.bad_org ? v.bad_org : v.bad_doc_org, R_CHAIN, "%s", v.what);
	if (rc == 0 && o->deep)
		rc = sso_archive_rehash(s, on_bad_doc, &fs, &out->documents);
	if (rc < 0)
		goto done;
print:
	if (fs.n)
		qsort(fs.f, fs.n, sizeof(*fs.f), finding_cmp);
	/* a clean store prints nothing at all: cron mails only findings */
	for (size_t i = 0; i < fs.n && rc == 0; i++) {
		char org[32] = "";
		const char *v3[3];

		if (!in_scope(&sc, fs.f[i].org))
			continue;
		if (!t && (rc = sso_table_new(&t, fp, &o->out, cols, 3)) < 0)
			goto done;
		if (fs.f[i].org)
			sso_id_format(org, sizeof(org), "ORG", fs.f[i].org);
		v3[0] = org;
		v3[1] = rule_names[fs.f[i].rule];
		v3[2] = fs.f[i].detail;
		rc = sso_table_row(t, v3);
		out->findings++;
	}
	if (rc == 0 && t)
		rc = sso_table_end(t);
done:
	free(sc.in.b);
	sso_store__read_end(s, snap);
	sso_table_free(t);
	for (size_t i = 0; i < fs.n; i++)
		free(fs.f[i].detail);
	free(fs.f);
	return rc;
}

/* ---- the ledger ---- */

enum {
	L_ORG,
	L_NAME,
	L_DISTRICT,
	L_STREET,
	L_COMMUNITY,
	L_FORM,
	L_CATEGORY,
	L_TIER,
	L_STAGE,
	L_STATUS,
	L_CERTIFICATE,
	L_MEMBERS,
	L_LEADER,
	L_LEADER_PHONE,
	L_FILED_ON,
	L_USCC,
	L_ACTIVITIES,
	L_PARTICIPANTS,
	L_COMPLETE,
	L_MISSING,
	L_EVALUATION,
	L_EVALUATED_ON,
	L_EVENTS,
	L_DISTRICT_NAME,
	L_STREET_NAME,
	L_COMMUNITY_NAME,
	L_PARTY_ORG,
	L_LEADER_PARTY,
	L_HOURS,
	L_CHANGED_ON,
	L_TIER_CHANGED_ON,
	L_NCOLS,
	/* with by_quarter, those of the period's quarters (calendar quarters of
	 * its year) follow: activities_qN, then participants_qN */
	L_QUARTER_COLS = L_NCOLS + 8
};

static const sso_column ledger_cols[L_NCOLS] = {
	{"org_id", "组织编号", SSO_COL_TEXT},
	{"name", "组织名称", SSO_COL_TEXT},
	{"district", "区（县）", SSO_COL_TEXT},
	{"street", "街道（乡镇）", SSO_COL_TEXT},
	{"community", "社区（村）", SSO_COL_TEXT},
	{"form", "组织形式", SSO_COL_TEXT},
	{"category", "类别", SSO_COL_TEXT},
	{"tier", "层级", SSO_COL_TEXT},
	{"stage", "发展阶段", SSO_COL_TEXT},
	{"status", "状态", SSO_COL_TEXT},
	{"certificate", "备案证书编号", SSO_COL_TEXT},
	{"members", "成员人数", SSO_COL_NUMBER},
	{"leader", "负责人", SSO_COL_TEXT},
	{"leader_phone", "负责人电话", SSO_COL_TEXT},
	{"filed_on", "备案日期", SSO_COL_TEXT},
	{"uscc", "统一社会信用代码", SSO_COL_TEXT},
	{"activities", "本期活动次数", SSO_COL_NUMBER},
	{"participants", "本期参与人次", SSO_COL_NUMBER},
	{"archive_complete", "档案齐全", SSO_COL_BOOL},
	{"archive_missing", "档案缺项", SSO_COL_TEXT},
	{"evaluation", "最近测评结果", SSO_COL_TEXT},
	{"evaluated_on", "测评日期", SSO_COL_TEXT},
	{"period_events", "本期变动", SSO_COL_TEXT},
	{"district_name", "区（县）名称", SSO_COL_TEXT},
	{"street_name", "街道（乡镇）名称", SSO_COL_TEXT},
	{"community_name", "社区（村）名称", SSO_COL_TEXT},
	{"party_org", "党组织", SSO_COL_TEXT},
	{"leader_party_member", "负责人是否党员", SSO_COL_BOOL},
	{"volunteer_hours", "本期志愿服务时长", SSO_COL_NUMBER},
	{"changed_on", "最近变更日期", SSO_COL_TEXT},
	{"tier_changed_on", "层级变动日期", SSO_COL_TEXT},
};

/* The columns of each quarter (--by-quarter), after ledger_cols. */
static const sso_column quarter_cols[8] = {
	{"activities_q1", "第一季度活动次数", SSO_COL_NUMBER},
	{"activities_q2", "第二季度活动次数", SSO_COL_NUMBER},
	{"activities_q3", "第三季度活动次数", SSO_COL_NUMBER},
	{"activities_q4", "第四季度活动次数", SSO_COL_NUMBER},
	{"participants_q1", "第一季度参与人次", SSO_COL_NUMBER},
	{"participants_q2", "第二季度参与人次", SSO_COL_NUMBER},
	{"participants_q3", "第三季度参与人次", SSO_COL_NUMBER},
	{"participants_q4", "第四季度参与人次", SSO_COL_NUMBER},
};

const sso_column *sso_ledger__columns(size_t *n)
{
	*n = L_NCOLS;
	return ledger_cols;
}

#define SCOPE                                                                                      \
	"status <> 'rejected' AND " SSO_SQL_EXISTED_IN_PERIOD " "                                  \
	"AND (?3 IS NULL OR street = ?3) AND (?4 IS NULL OR district = ?4)"

static const char SQL_SCOPE[] = "SELECT id, filed_on, ended_on FROM orgs WHERE " SCOPE;
enum { SCOPE_ORG, SCOPE_FILED_ON, SCOPE_ENDED_ON };
static const char SQL_ROWS[] =
	"SELECT o.id, o.name, o.district, o.street, o.community, o.form, o.category, o.tier, "
	"o.stage, o.status, o.certificate, o.members, o.leader, o.filed_on, o.uscc, o.created_on, "
	"o.registered_on, o.referred_on, o.ended_on, "
	/* a pending organization has no version yet: its filing holds the data */
	"COALESCE(v.data, (SELECT a.data FROM apps a WHERE a.org_id = o.id AND a.kind = 'filing' "
	"ORDER BY a.id DESC LIMIT 1)), v.effective FROM orgs o LEFT JOIN versions v "
	"ON v.org_id = o.id AND v.version = o.version WHERE " SCOPE " ORDER BY o.id";
enum {
	ROW_ORG,
	ROW_NAME,
	ROW_DISTRICT,
	ROW_STREET,
	ROW_COMMUNITY,
	ROW_FORM,
	ROW_CATEGORY,
	ROW_TIER,
	ROW_STAGE,
	ROW_STATUS,
	ROW_CERTIFICATE,
	ROW_MEMBERS,
	ROW_LEADER,
	ROW_FILED_ON,
	ROW_USCC,
	ROW_CREATED_ON,
	ROW_REGISTERED_ON,
	ROW_REFERRED_ON,
	ROW_ENDED_ON,
	ROW_DATA,
	ROW_EFFECTIVE /* of the row's version */
};
static const char SQL_ACTIVITY_SUMS[] =
	"SELECT org_id, activities, participants, volunteer_hours, quarter FROM activity_quarters "
	"WHERE quarter >= ?1 AND quarter <= ?2";
enum { SUMS_ORG, SUMS_ACTIVITIES, SUMS_PARTICIPANTS, SUMS_HOURS, SUMS_QUARTER };
static const char SQL_EVALUATIONS[] =
	"SELECT org_id, dated, result FROM documents WHERE kind = 'evaluation' "
	"ORDER BY org_id, dated, id";
enum { EVAL_ORG, EVAL_DATED, EVAL_RESULT };
/* The changes certified by the period's end (?2): those since its start
 * (?1) make period_events "changed", the latest is changed_on. */
static const char SQL_CHANGED[] =
	"SELECT v.org_id, v.effective, v.effective >= ?1 FROM versions v JOIN apps a ON a.id = "
	"v.app_id WHERE a.kind = 'change' AND v.effective <= ?2";
enum { CHANGED_ORG, CHANGED_DAY, CHANGED_IN_PERIOD };
/* The version of organization ?1 in force at the period's end (?2), for
 * the few whose current version came into force after it. */
static const char SQL_IN_FORCE[] =
	"SELECT data FROM versions WHERE org_id = ?1 AND effective <= ?2 "
	"ORDER BY version DESC LIMIT 1";
enum { IN_FORCE_DATA };
/* The days organizations took a tier by the period's end, from the log:
 * recorded as a group, a filing certified, registered. One pass over the
 * table (the unary + keeps SQLite from walking an index and fetching each
 * row); the latest per organization is kept. */
static const char SQL_TIER_CHANGED[] =
	"SELECT org_id, day FROM events WHERE action IN ('group', 'register', 'certify') "
	"AND +day <= ?1 AND +org_id IS NOT NULL "
	"AND (action <> 'certify' OR details LIKE '{\"kind\":\"filing\"%')";
enum { TIER_ORG, TIER_DAY };

/* What the ledger gathers per organization before printing it. */
typedef struct ledger {
	sso_store *s;
	const sso_ledger_options *o;
	kindset k;
	orgset set;
	long long *activities, *participants;
	char **evaluation;
	sso_date *evaluated;
	unsigned char *changed;
	double *hours;
	long long *qacts, *qparts; /* [id * 4 + calendar quarter - 1], with by_quarter */
	sso_date *changed_on, *tier_on;
	char from[11], to[11];
	const char *street, *district;   /* codes */
	sso_column cols[L_QUARTER_COLS]; /* what is printed: ledger_cols, then quarters */
	size_t ncols;
} ledger;

static int bind_scope(ledger *l, sqlite3_stmt *st)
{
	sqlite3_bind_text(st, 1, l->to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, l->from, -1, SQLITE_STATIC);
	sso_store__bind_text(st, 3, l->street);
	sso_store__bind_text(st, 4, l->district);
	return 0;
}

/* The arrays of the columns after community_name, by organization id. */
static int alloc_more(ledger *l)
{
	size_t n = (size_t)l->set.max + 1;

	l->hours = calloc(n, sizeof(*l->hours));
	l->changed_on = calloc(n, sizeof(*l->changed_on));
	l->tier_on = calloc(n, sizeof(*l->tier_on));
	if (l->o->by_quarter) {
		l->qacts = calloc(n * 4, sizeof(*l->qacts));
		l->qparts = calloc(n * 4, sizeof(*l->qparts));
	}
	if (!l->hours || !l->changed_on || !l->tier_on ||
	    (l->o->by_quarter && (!l->qacts || !l->qparts)))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	return 0;
}

/* Which organizations, and the day each one's archive is judged on: the
 * period's end, today if earlier, the organization's end if earlier. */
static int read_scope(ledger *l)
{
	sqlite3_stmt *st = sso_store__stmt(l->s, STMT_LEDGER_SCOPE, SQL_SCOPE);
	sso_date today = sso_store_today(l->s), end = l->o->period.to;
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	if (today < end)
		end = today;
	bind_scope(l, st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sso_date ended = date_of(sso_store__col(st, SCOPE_ENDED_ON)), asof = end;

		if (ended && ended < asof)
			asof = ended;
		if (orgset_add(&l->set, (long)sqlite3_column_int64(st, SCOPE_ORG),
			       date_of(sso_store__col(st, SCOPE_FILED_ON)), asof) < 0) {
			sqlite3_reset(st);
			return SSO_ENOMEM;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sso_store__error(l->s, rc, "reading organizations");
	l->activities = calloc((size_t)l->set.max + 1, sizeof(*l->activities));
	l->participants = calloc((size_t)l->set.max + 1, sizeof(*l->participants));
	l->evaluation = calloc((size_t)l->set.max + 1, sizeof(*l->evaluation));
	l->evaluated = calloc((size_t)l->set.max + 1, sizeof(*l->evaluated));
	l->changed = calloc((size_t)l->set.max + 1, 1);
	if (!l->activities || !l->participants || !l->evaluation || !l->evaluated || !l->changed)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	return alloc_more(l);
	return 0;
}

/* Activities and participants of the period: the sums of its quarters. */
static int read_activities(ledger *l)
{
	sqlite3_stmt *st = sso_store__stmt(l->s, STMT_LEDGER_ACTIVITY_SUMS, SQL_ACTIVITY_SUMS);
	int first = l->o->period.first_quarter, last = first + l->o->period.quarters - 1;
	unsigned long long n = 0;
	char q1[16], q2[16];
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	snprintf(q1, sizeof(q1), "%04dQ%d", first / 4, first % 4 + 1);
	snprintf(q2, sizeof(q2), "%04dQ%d", last / 4, last % 4 + 1);
	sqlite3_bind_text(st, 1, q1, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, q2, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long id = (long)sqlite3_column_int64(st, SUMS_ORG);

		if (in_set(&l->set, id)) {
			const char *q = sso_store__col(st, SUMS_QUARTER);

			l->activities[id] += sqlite3_column_int64(st, SUMS_ACTIVITIES);
			l->participants[id] += sqlite3_column_int64(st, SUMS_PARTICIPANTS);
			l->hours[id] += sqlite3_column_double(st, SUMS_HOURS);
			/* "2026Q3": the 5th byte is the quarter's number */
			if (l->o->by_quarter && strlen(q) == 6 && q[5] >= '1' && q[5] <= '4') {
				l->qacts[(size_t)id * 4 + (size_t)(q[5] - '1')] +=
					sqlite3_column_int64(st, SUMS_ACTIVITIES);
				l->qparts[(size_t)id * 4 + (size_t)(q[5] - '1')] +=
					sqlite3_column_int64(st, SUMS_PARTICIPANTS);
			}
		}
		if (++n % PROGRESS_EVERY == 0 && l->o->progress)
			l->o->progress(l->o->progress_payload, "activities", n);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sso_store__error(l->s, rc, "reading activities");
}

/* The latest evaluation of each organization by its asof, and which ones
 * changed in the period. */
static int read_evaluations_and_changes(ledger *l)
{
	sqlite3_stmt *st = sso_store__stmt(l->s, STMT_LEDGER_EVALUATIONS, SQL_EVALUATIONS);
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long id = (long)sqlite3_column_int64(st, EVAL_ORG);
		sso_date d = date_of(sso_store__col(st, EVAL_DATED));
		char *text;

		if (!in_set(&l->set, id) || !d || d > l->set.asof[id])
			continue;
		if (!(text = strdup(sso_store__col(st, EVAL_RESULT)))) {
			sqlite3_reset(st);
			return sso_error_set(SSO_ENOMEM, "out of memory");
		}
		free(l->evaluation[id]);
		l->evaluation[id] = text;
		l->evaluated[id] = d;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sso_store__error(l->s, rc, "reading the archive");
	if (!(st = sso_store__stmt(l->s, STMT_LEDGER_CHANGED, SQL_CHANGED)))
		return SSO_EINTERNAL;
	sqlite3_bind_text(st, 1, l->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, l->to, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long id = (long)sqlite3_column_int64(st, CHANGED_ORG);
		sso_date d = date_of(sso_store__col(st, CHANGED_DAY));

		if (!in_set(&l->set, id))
			continue;
		if (sqlite3_column_int(st, CHANGED_IN_PERIOD))
			l->changed[id] = 1;
		if (d > l->changed_on[id])
			l->changed_on[id] = d;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sso_store__error(l->s, rc, "reading versions");
}

/* The leader's phone from an organization's data (its canonical YAML, which
 * the library writes in block style: "leader:" then "  phone: ..."). */
static void leader_phone(const char *yaml, char *out, size_t cap)
{
	const char *p = yaml ? strstr(yaml, "\nleader:\n") : NULL;

	out[0] = '\0';
	if (!p)
		return;
	for (p += 9; p[0] == ' ' && p[1] == ' '; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "") {
		if (!strncmp(p, "  phone: ", 9)) {
			size_t n = strcspn(p + 9, "\n");
			const char *v = p + 9;

			if (n >= 2 && (*v == '"' || *v == '\'') && v[n - 1] == *v)
				v++, n -= 2;
			snprintf(out, cap, "%.*s", (int)n, v);
			return;
		}
	}
}

/* A top-level key's plain value in an organization's canonical YAML
 * ("party_org: own"), or with block that of the key inside the block
 * ("leader:" then "  party_member: true"); "" if absent. */
static void data_value(const char *yaml, const char *block, const char *key, char *out, size_t cap)
{
	char pat[64];
	const char *p, *v;
	size_t n;

	out[0] = '\0';
	if (!yaml)
		return;
	if (block) {
		snprintf(pat, sizeof(pat), "\n%s:\n", block);
		if (!(p = strstr(yaml, pat)))
			return;
		for (p += strlen(pat); p[0] == ' ' && p[1] == ' ';) {
			if (!strncmp(p + 2, key, strlen(key)) && p[2 + strlen(key)] == ':')
				break;
			p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "";
		}
		if (p[0] != ' ')
			return;
		v = p + 2 + strlen(key) + 1;
	} else {
		snprintf(pat, sizeof(pat), "\n%s: ", key);
		if (!strncmp(yaml, pat + 1, strlen(pat + 1)))
			p = yaml - 1;
		else if (!(p = strstr(yaml, pat)))
			return;
		v = p + strlen(pat) - 1;
	}
	v += strspn(v, " ");
	n = strcspn(v, "\n");
	if (n >= 2 && (*v == '"' || *v == '\'') && v[n - 1] == *v)
		v++, n -= 2;
	snprintf(out, cap, "%.*s", (int)n, v);
}

static const char *const party_orgs[] = {"none", "own", "joint"};

/* party_org and the leader's party_member from an organization's data, as
 * 1 + the index in party_orgs and 1 + the flag; 0 where it says nothing. */
static void party_of(const char *yaml, unsigned char *party, unsigned char *lparty)
{
	char v[16];

	*party = *lparty = 0;
	data_value(yaml, NULL, "party_org", v, sizeof(v));
	for (size_t i = 0; i < sizeof(party_orgs) / sizeof(*party_orgs); i++)
		if (!strcmp(v, party_orgs[i]))
			*party = (unsigned char)(1 + i);
	data_value(yaml, "leader", "party_member", v, sizeof(v));
	if (!strcmp(v, "true") || !strcmp(v, "false"))
		*lparty = !strcmp(v, "true") ? 2 : 1;
}

/* The latest day per organization from a statement of (org_id, day) bound
 * to the period's end, into days[]. */
static int read_days(ledger *l, sso_stmt_id id, const char *sql, sso_date *days, const char *what)
{
	sqlite3_stmt *st = sso_store__stmt(l->s, id, sql);
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_text(st, 1, l->to, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long org = (long)sqlite3_column_int64(st, 0);

		sso_date d = date_of(sso_store__col(st, 1));

		if (in_set(&l->set, org) && d > days[org])
			days[org] = d;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sso_store__error(l->s, rc, what);
}

/* The text of the columns after community_name. */
typedef struct more_bufs {
	char hours[SSO_ACTROW_HOURS_CAP], changed[11], tier[11], q[8][24];
} more_bufs;

/* The values of the columns after community_name for organization id,
 * whose row of SQL_ROWS is row, in v, with buffers from b; and with
 * by_quarter those of the period's quarters. The party is that of the
 * version in force at the period's end: the row's own, unless it came into
 * force later (then the one before it, read by key); a pending filing's
 * form while none is. Returns 0 or a store error. */
static int more_values(const ledger *l, sqlite3_stmt *row, long id, const char **v, more_bufs *b)
{
	int first = l->o->period.first_quarter % 4, nq = l->o->period.quarters;
	const char *data = (const char *)sqlite3_column_text(row, ROW_DATA);
	const char *effective = sso_store__col(row, ROW_EFFECTIVE);
	sqlite3_stmt *st = NULL;
	unsigned char party, lparty;
	size_t n = L_NCOLS;

	if (*effective && strcmp(effective, l->to) > 0) {
		int rc;

		if (!(st = sso_store__stmt(l->s, STMT_LEDGER_IN_FORCE, SQL_IN_FORCE)))
			return SSO_EINTERNAL;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, l->to, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			data = (const char *)sqlite3_column_text(st, IN_FORCE_DATA);
		else if (rc != SQLITE_DONE) {
			sqlite3_reset(st);
			return sso_store__error(l->s, rc, "reading versions");
		}
	}
	party_of(data, &party, &lparty);
	if (st)
		sqlite3_reset(st);
	v[L_PARTY_ORG] = party ? party_orgs[party - 1] : NULL;
	v[L_LEADER_PARTY] = lparty ? (lparty == 2 ? "1" : "0") : NULL;
	sso_actrow_format_hours(b->hours, sizeof(b->hours), in_set(&l->set, id) ? l->hours[id] : 0);
	v[L_HOURS] = b->hours;
	b->changed[0] = b->tier[0] = '\0';
	if (in_set(&l->set, id) && l->changed_on[id])
		sso_date_format(l->changed_on[id], b->changed);
	if (in_set(&l->set, id) && l->tier_on[id])
		sso_date_format(l->tier_on[id], b->tier);
	v[L_CHANGED_ON] = *b->changed ? b->changed : NULL;
	v[L_TIER_CHANGED_ON] = *b->tier ? b->tier : NULL;
	if (!l->o->by_quarter)
		return 0;
	for (int k = 0; k < 2; k++)
		for (int q = first; q < first + nq; q++) {
			long long x = !in_set(&l->set, id) ? 0
				      : k == 0             ? l->qacts[(size_t)id * 4 + (size_t)q]
							   : l->qparts[(size_t)id * 4 + (size_t)q];

			snprintf(b->q[k * 4 + q], sizeof(b->q[0]), "%lld", x);
			v[n++] = b->q[k * 4 + q];
		}
	return 0;
}

static int in_period(const ledger *l, const char *day)
{
	return *day && strcmp(day, l->from) >= 0 && strcmp(day, l->to) <= 0;
}

/* What happened to the organization in the period, as words. */
static void period_events(const ledger *l, sqlite3_stmt *st, long id, char *buf, size_t cap)
{
	const char *tier = sso_store__col(st, ROW_TIER), *status = sso_store__col(st, ROW_STATUS);
	const char *words[8];
	size_t n = 0, used = 0;

	if (in_period(l, sso_store__col(st, ROW_CREATED_ON)) && !strcmp(tier, "group"))
		words[n++] = "recorded";
	else if (in_period(l, sso_store__col(st, ROW_CREATED_ON)))
		words[n++] = "submitted";
	if (in_period(l, sso_store__col(st, ROW_FILED_ON)))
		words[n++] = "filed";
	if (l->changed[id])
		words[n++] = "changed";
	if (in_period(l, sso_store__col(st, ROW_REFERRED_ON)))
		words[n++] = "referred";
	if (in_period(l, sso_store__col(st, ROW_REGISTERED_ON)))
		words[n++] = "registered";
	if (in_period(l, sso_store__col(st, ROW_ENDED_ON)) && !strcmp(status, "terminated"))
		words[n++] = "terminated";
	if (in_period(l, sso_store__col(st, ROW_ENDED_ON)) && !strcmp(status, "revoked"))
		words[n++] = "revoked";
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < cap; i++)
		used += (size_t)snprintf(buf + used, cap - used, "%s%s", i ? " " : "", words[i]);
}

/* The columns of SQL_ROWS printed as they are stored (NULL stays empty). */
static const struct {
	int col, ledger;
} row_as_is[] = {
	{ROW_NAME, L_NAME},         {ROW_DISTRICT, L_DISTRICT},
	{ROW_STREET, L_STREET},     {ROW_COMMUNITY, L_COMMUNITY},
	{ROW_FORM, L_FORM},         {ROW_CATEGORY, L_CATEGORY},
	{ROW_TIER, L_TIER},         {ROW_STAGE, L_STAGE},
	{ROW_STATUS, L_STATUS},     {ROW_CERTIFICATE, L_CERTIFICATE},
	{ROW_MEMBERS, L_MEMBERS},   {ROW_LEADER, L_LEADER},
	{ROW_FILED_ON, L_FILED_ON}, {ROW_USCC, L_USCC},
};

/* Print the ledger's table: one row per organization in scope, in id order,
 * from SQL_ROWS and what read_*() gathered. Returns 0 or an I/O or store
 * error. */
static int print_ledger(ledger *l, FILE *fp)
{
	const sso_config *cfg = sso_store_config(l->s);
	sqlite3_stmt *st = sso_store__stmt(l->s, STMT_LEDGER_ROWS, SQL_ROWS);
	sso_table *t = NULL;
	unsigned long long n = 0;
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	bind_scope(l, st);
	if ((rc = sso_table_new(&t, fp, &l->o->out, l->cols, l->ncols)) < 0)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long id = (long)sqlite3_column_int64(st, ROW_ORG);
		const sso_community *c =
			sso_config_community(cfg, sso_store__col(st, ROW_COMMUNITY));
		const sso_date *latest = l->set.latest + (size_t)id * l->set.nkinds;
		char org[32], whole[64], phone[64], acts[24], parts[24], missing[256] = "",
									 events[128];
		char evaluated[11] = "";
		const char *v[L_QUARTER_COLS];
		more_bufs more;
		lack lk;

		sso_id_format(org, sizeof(org), "ORG", id);
		v[L_ORG] = org;
		for (size_t i = 0; i < sizeof(row_as_is) / sizeof(*row_as_is); i++) {
			int col = row_as_is[i].col;

			v[row_as_is[i].ledger] = sqlite3_column_type(st, col) == SQLITE_NULL
							 ? NULL
							 : sso_store__col(st, col);
		}
		leader_phone((const char *)sqlite3_column_text(st, ROW_DATA), whole, sizeof(whole));
		if (l->o->unmask)
			snprintf(phone, sizeof(phone), "%s", whole);
		else
			sso_mask_phone(whole, phone, sizeof(phone));
		v[L_LEADER_PHONE] = *phone ? phone : NULL;
		snprintf(acts, sizeof(acts), "%lld", in_set(&l->set, id) ? l->activities[id] : 0);
		snprintf(parts, sizeof(parts), "%lld",
			 in_set(&l->set, id) ? l->participants[id] : 0);
		v[L_ACTIVITIES] = acts;
		v[L_PARTICIPANTS] = parts;
		v[L_COMPLETE] = v[L_MISSING] = NULL;
		/* the archive rules: filed by its asof, not ended in an unfiled state */
		if (in_set(&l->set, id) && l->set.filed[id] &&
		    l->set.filed[id] <= l->set.asof[id] &&
		    strcmp(sso_store__col(st, ROW_TIER), "group") != 0) {
			size_t used = 0;

			archive_lacks(cfg, &l->k, latest, l->set.filed[id], l->set.asof[id], &lk);
			for (size_t i = 0; i < l->k.nrequired; i++)
				if (lk.missing & (1u << i))
					used += (size_t)snprintf(missing + used,
								 sizeof(missing) - used, "%s%s",
								 used ? " " : "", l->k.kind[i]);
			if (lk.report_stale && used < sizeof(missing))
				used += (size_t)snprintf(missing + used, sizeof(missing) - used,
							 "%sreport", used ? " " : "");
			if (lk.evaluation_stale && used < sizeof(missing))
				snprintf(missing + used, sizeof(missing) - used, "%sevaluation",
					 used ? " " : "");
			v[L_COMPLETE] = *missing ? "0" : "1";
			v[L_MISSING] = missing;
		}
		if (in_set(&l->set, id) && l->evaluated[id])
			sso_date_format(l->evaluated[id], evaluated);
		v[L_EVALUATION] = in_set(&l->set, id) ? l->evaluation[id] : NULL;
		v[L_EVALUATED_ON] = *evaluated ? evaluated : NULL;
		period_events(l, st, id, events, sizeof(events));
		v[L_EVENTS] = events;
		v[L_DISTRICT_NAME] = c ? c->street->district->name : NULL;
		v[L_STREET_NAME] = c ? c->street->name : NULL;
		v[L_COMMUNITY_NAME] = c ? c->name : NULL;
		if ((rc = more_values(l, st, id, v, &more)) < 0 || (rc = sso_table_row(t, v)) < 0)
			break;
		if (++n % 65536 == 0 && l->o->progress)
			l->o->progress(l->o->progress_payload, "organizations", n);
	}
	if (rc == SQLITE_DONE)
		rc = sso_table_end(t);
	else if (rc > 0)
		rc = sso_store__error(l->s, rc, "reading organizations");
done:
	sqlite3_reset(st);
	sso_table_free(t);
	return rc;
}

/* ---- the period's events ---- */

typedef struct event_printer {
	sso_table *t;
	const ledger *l;
	char *buf;
	size_t cap;
	char *actor; /* the actor masked */
	size_t actor_cap;
} event_printer;

static int print_event(void *payload, const sso_event *ev)
{
	event_printer *p = payload;
	char seq[24], org[32], app[32];
	const char *v[SSO_EVENT__NCOLS];
	int rc;

	if ((p->l->street || p->l->district) && !in_set(&p->l->set, ev->org_id))
		return 0;
	sso_event__values(ev, seq, org, app, v);
	if (!p->l->o->unmask) {
		if ((rc = sso_mask_copy(ev->details, &p->buf, &p->cap)) < 0)
			return rc;
		v[7] = p->buf;
		if ((rc = sso_mask_copy(ev->actor, &p->actor, &p->actor_cap)) < 0)
			return rc;
		v[3] = p->actor;
	}
	return sso_table_row(p->t, v);
}

static int print_events(ledger *l, FILE *fp)
{
	event_printer p = {NULL, l, NULL, 0, NULL, 0};
	int rc;

	if ((rc = sso_table_new(&p.t, fp, &l->o->out, sso_event__cols, SSO_EVENT__NCOLS)) < 0)
		return rc;
	rc = sso_event_each(l->s, l->o->period.from, l->o->period.to, 0, print_event, &p);
	if (rc == 0)
		rc = sso_table_end(p.t);
	sso_table_free(p.t);
	free(p.buf);
	free(p.actor);
	return rc;
}

static void ledger_free(ledger *l)
{
	if (l->evaluation)
		for (long i = 0; i <= l->set.max; i++)
			free(l->evaluation[i]);
	free(l->evaluation);
	free(l->evaluated);
	free(l->activities);
	free(l->participants);
	free(l->changed);
	free(l->hours);
	free(l->qacts);
	free(l->qparts);
	free(l->changed_on);
	free(l->tier_on);
	orgset_free(&l->set);
}

/* The columns the ledger prints: ledger_cols, then with by_quarter those of
 * the period's quarters. */
static void ledger_columns(ledger *l)
{
	int first = l->o->period.first_quarter % 4, nq = l->o->period.quarters;

	memcpy(l->cols, ledger_cols, sizeof(ledger_cols));
	l->ncols = L_NCOLS;
	if (!l->o->by_quarter)
		return;
	for (int k = 0; k < 2; k++)
		for (int q = first; q < first + nq && q < 4; q++)
			l->cols[l->ncols++] = quarter_cols[k * 4 + q];
}

/* The manifest of the export (see sso_manifest_end): as of the period's end
 * (today if earlier), its head the last event on or before that end. */
static int ledger_manifest(ledger *l, sso_manifest *m)
{
	sso_manifest_about about = {l->o->events ? "events" : "ledger",
				    l->o->period.label,
				    l->o->street,
				    l->o->district,
				    l->o->period.to,
				    l->o->period.to};
	sso_date today = sso_store_today(l->s);

	if (today < about.as_of)
		about.as_of = today;
	return sso_manifest_end(m, l->s, &about, l->o->manifest);
}

int sso_ledger_export(sso_store *s, const sso_ledger_options *o, FILE *fp)
{
	const sso_config *cfg = sso_store_config(s);
	sso_manifest *m = NULL;
	ledger l;
	int rc, snap;

	memset(&l, 0, sizeof(l));
	l.s = s;
	l.o = o;
	ledger_columns(&l);
	if (o->street) {
		const sso_street *x = sso_config_street(cfg, o->street);

		if (!x)
			return sso_error_set(SSO_EUSAGE, "--street: %s", sso_error_last());
		l.street = x->code;
	}
	if (o->district) {
		const sso_district *x = sso_config_district(cfg, o->district);

		if (!x)
			return sso_error_set(SSO_EUSAGE, "--district: %s", sso_error_last());
		l.district = x->code;
	}
	if ((rc = kindset_init(&l.k, cfg)) < 0)
		return rc;
	l.set.nkinds = l.k.n;
	sso_date_format(o->period.from, l.from);
	sso_date_format(o->period.to, l.to);
	if (o->unmask) {
		char what[64];

		snprintf(what, sizeof(what), "ledger %s%s", o->period.label,
			 o->events ? " events" : "");
		if ((rc = sso_event__record(s, "unmask", 0, 0, "shown", what)) < 0)
			return rc;
	}
	/* a closed period's ledger is the records as they stood at its end, so
	 * that one sent in July and one printed in October are the same */
	if (!sso_store_as_of_day(s) && o->period.to < sso_store_today(s) &&
	    (rc = sso_store__as_of(s, o->period.to, 0)) < 0) {
		ledger_free(&l);
		return rc;
	}
	/* the scope, the sums and the rows from one moment of the store */
	if ((snap = sso_store__read_begin(s)) < 0)
		return snap;
	/* with a manifest, the export goes through its hash */
	if (o->manifest && (rc = sso_manifest_begin(&m, &fp, fp, &o->out)) < 0)
		goto done;
	if ((rc = read_scope(&l)) < 0)
		goto done;
	if (o->events) {
		rc = print_events(&l, fp);
		goto done;
	}
	if ((rc = read_latest(s, &l.k, &l.set)) < 0 || (rc = read_activities(&l)) < 0 ||
	    (rc = read_evaluations_and_changes(&l)) < 0 ||
	    (rc = read_days(&l, STMT_LEDGER_TIER_CHANGED, SQL_TIER_CHANGED, l.tier_on,
			    "reading the event log")) < 0)
		goto done;
	rc = print_ledger(&l, fp);
done:
	if (rc == 0 && m)
		rc = ledger_manifest(&l, m);
	sso_manifest_free(m);
	sso_store__read_end(s, snap);
	ledger_free(&l);
	return rc;
}

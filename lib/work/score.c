/* score.c - activity records tallied per organization: the activity index,
 * activity rates per street and district, read in one pass (or two threads) */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "base/grow.h"
#include "base/num.h"
#include "base/rows.h"
#include "sso/actrow.h"
#include "sso/csv.h"
#include "sso/id.h"
#include "sso/score.h"
#include "sso/org.h"
#include "store/store_impl.h"
#include "base/strmap.h"
#include "work/work_impl.h"

#define UNKNOWN_TRACKED 100000

int sso_activity_index(const sso_config *cfg, long long activities, long long participants,
		       long long members)
{
	double f = (double)activities / cfg->frequency_cap;
	double p = (double)participants / cfg->participants_cap;
	double q = 0;

	if (f > 1)
		f = 1;
	if (p > 1)
		p = 1;
	if (activities > 0 && members > 0) {
		q = (double)participants / (double)activities / (double)members;
		if (q > 1)
			q = 1;
	}
	return (int)sso_num__round(100 * (cfg->frequency_weight * f + cfg->participants_weight * p +
					  cfg->participation_weight * q),
				   10);
}

char *sso_score_format(char *buf, size_t cap, long long v, int decimals)
{
	return sso_num__fixed(buf, cap, v, decimals);
}

char *sso_score_format_milli(char *buf, size_t cap, long long milli)
{
	return sso_num__milli_text(buf, cap, milli);
}

/* ---- the organization list ---- */

/* The columns of a list that describe an organization (the first of the
 * work ledger's, SPEC section 5), compared when two lists both hold it. */
static const char *const id_cols[] = {"org_id",    "name",   "district",    "street",
				      "community", "form",   "category",    "tier",
				      "stage",     "status", "certificate", "members"};
#define ID_COLS (sizeof(id_cols) / sizeof(*id_cols))

/* An organization's values in those columns, as hashes: has bit c when its
 * list has column c. */
typedef struct org_data {
	uint32_t value[ID_COLS];
	uint16_t has;
} org_data;

typedef struct org {
	char *id;
	size_t idlen;
	uint32_t street, district; /* indexes into the interned names */
	long long members;
	size_t line;   /* in the list, for messages; 0: none */
	uint32_t file; /* 1 + its list's index in sso_tally.files; 0: added by hand */
	org_data data; /* its list row, to tell a repeat from a conflict */
} org;

/* One thread's counts for every organization. */
typedef struct tally {
	uint64_t participants;
	uint32_t activities;
	uint32_t quarters; /* bit q: an activity in the period's quarter q */
} tally;

/* A set of ids, owning its keys (the unknown organizations, to count them). */
typedef struct idset {
	sso_strmap map;
	char **keys;
	size_t count, cap;
} idset;

static void idset_add(idset *s, const char *id, size_t len)
{
	char *k;

	if (s->count >= UNKNOWN_TRACKED || sso_strmap__get(&s->map, id, len, &(size_t){0}))
		return;
	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		char **keys = realloc(s->keys, cap * sizeof(*keys));

		if (!keys)
			return; /* a count for a message: not worth failing for */
		s->keys = keys;
		s->cap = cap;
	}
	if (!(k = strndup(id, len)))
		return;
	if (sso_strmap__put(&s->map, k, len, 0) < 0) {
		free(k);
		return;
	}
	s->keys[s->count++] = k;
}

static void idset_free(idset *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->keys[i]);
	free(s->keys);
	sso_strmap__free(&s->map);
}

/* A hash of an id: 8 bytes at a time, each block mixed with a multiply and
 * a rotation, then murmur3's finaliser, so that ids differing only in their
 * last digits spread over the whole table. */
static uint64_t hash_id(const char *s, size_t n)
{
	const uint64_t k = 0x9E3779B97F4A7C15ULL;
	uint64_t h = (uint64_t)n * k, w;

	while (n >= 8) {
		memcpy(&w, s, 8);
		h ^= w * 0xff51afd7ed558ccdULL;
		h = ((h << 27) | (h >> 37)) * k;
		s += 8;
		n -= 8;
	}
	if (n) {
		w = 0;
		memcpy(&w, s, n);
		h ^= w * 0xff51afd7ed558ccdULL;
		h = ((h << 27) | (h >> 37)) * k;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

typedef struct slot {
	uint64_t k[2]; /* the id's first 16 bytes, zero-padded */
	uint32_t len;
	uint32_t org; /* index + 1; 0: empty */
} slot;

static void slot_key(uint64_t k[2], const char *id, size_t len)
{
	unsigned char b[16] = {0};

	memcpy(b, id, len < 16 ? len : 16);
	memcpy(k, b, 16);
}

/* The hash of an id whose slot key is k: from k alone when the id fits in
 * it (the common case, and cheap), else from the whole id. */
static uint64_t key_hash(const uint64_t k[2], const char *id, size_t len)
{
	uint64_t h;

	if (len > 16)
		return hash_id(id, len);
	h = (k[0] * 0x9E3779B97F4A7C15ULL) ^ (k[1] * 0xC2B2AE3D27D4EB4FULL) ^ len;
	h ^= h >> 32;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 29;
	return h;
}

typedef struct names {
	sso_strmap map;
	char **items;
	size_t count, cap;
} names;

struct sso_tally {
	const sso_config *cfg;
	sso_period period;
	int from_key, to_key; /* period ends as yyyymmdd */
	org *orgs;
	size_t n, cap;
	/* id -> organization: open addressing over a power of two, the id's
	 * first 16 bytes in the slot, so that a lookup touches one cache line */
	struct slot *slots;
	size_t nslots;
	names streets, districts;
	tally *tally;
	sso_tally_stats stats;
	idset unknown; /* distinct ids not in the list (bounded) */
	/* progress: rows read by every thread, told by the calling one */
	void (*progress)(void *payload, unsigned long long rows);
	void *progress_payload;
	_Atomic unsigned long long rows_read;
	int sealed;      /* the list is complete: order and slots are made */
	char *list_file; /* the list's file, for messages */
	char **files;    /* every list read (sso_tally_load_orgs), for messages */
	size_t nfiles;
	size_t *order; /* org indexes in id order, made by seal() */
	int *index;    /* each organization's index, tenths, made after reading */
};

/* Zeroed memory for a table (the slots, the counts). 2 MB pages
 * (MADV_HUGEPAGE) were tried: with the lookups pipelined they gained
 * nothing measurable, and a kernel that compacts memory for them stalled a
 * run now and then by a second. */
static void *table_alloc(size_t size)
{
	return calloc(1, size ? size : 1);
}

static void slot_put(slot *slots, size_t cap, const org *o, uint32_t index)
{
	uint64_t k[2];
	size_t j;

	slot_key(k, o->id, o->idlen);
	for (j = key_hash(k, o->id, o->idlen) & (cap - 1); slots[j].org; j = (j + 1) & (cap - 1))
		;
	memcpy(slots[j].k, k, sizeof(k));
	slots[j].len = (uint32_t)o->idlen;
	slots[j].org = index + 1;
}

/* The index of organization id, or -1. */
static long find_org(const sso_tally *a, const char *id, size_t len)
{
	uint64_t k[2];
	size_t mask = a->nslots - 1;

	slot_key(k, id, len);
	for (size_t j = key_hash(k, id, len) & mask; a->slots[j].org; j = (j + 1) & mask) {
		const slot *s = &a->slots[j];

		if (s->k[0] == k[0] && s->k[1] == k[1] && s->len == len &&
		    (len <= 16 || !memcmp(a->orgs[s->org - 1].id, id, len)))
			return (long)s->org - 1;
	}
	return -1;
}

static int intern(names *nm, const char *s, uint32_t *out)
{
	size_t v, len = strlen(s);

	if (sso_strmap__get(&nm->map, s, len, &v)) {
		*out = (uint32_t)v;
		return 0;
	}
	if (nm->count == nm->cap && SSO_GROW(nm->items, nm->cap, nm->cap + 1, 64) < 0)
		return SSO_ENOMEM;
	if (!(nm->items[nm->count] = strdup(s)) ||
	    sso_strmap__put(&nm->map, nm->items[nm->count], len, nm->count) < 0) {
		free(nm->items[nm->count]);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	*out = (uint32_t)nm->count++;
	return 0;
}

static void names_free(names *nm)
{
	for (size_t i = 0; i < nm->count; i++)
		free(nm->items[i]);
	free(nm->items);
	sso_strmap__free(&nm->map);
}

static int ymd_key(sso_date d)
{
	int y, m, day;

	sso_date_ymd(d, &y, &m, &day);
	return y * 10000 + m * 100 + day;
}

int sso_tally_new(sso_tally **out, const sso_config *cfg, const sso_period *period)
{
	sso_tally *a = calloc(1, sizeof(*a));

	*out = NULL;
	if (!a)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	a->cfg = cfg;
	a->period = *period;
	a->from_key = ymd_key(period->from);
	a->to_key = ymd_key(period->to);
	*out = a;
	return 0;
}

void sso_tally_free(sso_tally *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++)
		free(a->orgs[i].id);
	free(a->orgs);
	free(a->slots);
	names_free(&a->streets);
	names_free(&a->districts);
	free(a->tally);
	idset_free(&a->unknown);
	free(a->order);
	free(a->index);
	free(a->list_file);
	for (size_t i = 0; i < a->nfiles; i++)
		free(a->files[i]);
	free(a->files);
	free(a);
}

void sso_tally_set_progress(sso_tally *a, void (*fn)(void *payload, unsigned long long rows),
			    void *payload)
{
	a->progress = fn;
	a->progress_payload = payload;
}

/* sso_tally_add_org() of a row of list file (1 + its index; 0: none) whose
 * fields hash to data. */
static int add_org(sso_tally *a, const char *id, const char *street, const char *district,
		   long long members, size_t line, uint32_t file, const org_data *data)
{
	org *o;
	int rc;

	if (a->n == a->cap && SSO_GROW(a->orgs, a->cap, a->cap + 1, 256) < 0)
		return SSO_ENOMEM;
	o = &a->orgs[a->n];
	if (!(o->id = strdup(id)))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	o->idlen = strlen(id);
	o->members = members;
	o->line = line;
	o->file = file;
	if (data)
		o->data = *data;
	else
		memset(&o->data, 0, sizeof(o->data));
	if ((rc = intern(&a->streets, street, &o->street)) < 0 ||
	    (rc = intern(&a->districts, district, &o->district)) < 0) {
		free(o->id);
		return rc;
	}
	a->n++;
	a->sealed = 0;
	return 0;
}

int sso_tally_add_org(sso_tally *a, const char *id, const char *street, const char *district,
		      long long members, size_t line)
{
	return add_org(a, id, street, district, members, line, 0, NULL);
}

static int by_id(const void *x, const void *y)
{
	return strcmp((*(const org *const *)x)->id, (*(const org *const *)y)->id);
}

/* By id, then as listed: list by list, line by line. */
static int by_id_listed(const void *x, const void *y)
{
	const org *a = *(const org *const *)x, *b = *(const org *const *)y;
	int c = strcmp(a->id, b->id);

	if (c)
		return c;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* Do two listings agree in every describing column both lists have? */
static int same_data(const org_data *x, const org_data *y)
{
	for (size_t c = 0; c < ID_COLS; c++)
		if ((x->has & y->has & (1u << c)) && x->value[c] != y->value[c])
			return 0;
	return 1;
}

/* The name of list file (1 + index) for messages. */
static const char *list_name(const sso_tally *a, uint32_t file)
{
	if (file && file <= a->nfiles)
		return a->files[file - 1];
	return a->list_file ? a->list_file : "the list";
}

/*
 * The organizations listed more than once. Lists of several streets (or one
 * list given twice) may each hold an organization: with the same row it is
 * the same organization, kept once (its first listing); with another row
 * the lists disagree, and each such pair is reported with both lists and
 * lines, as is an organization listed twice in one list. Returns 0 (the
 * repeats dropped), SSO_EINPUT having reported, or SSO_ENOMEM.
 */
static int drop_repeats(sso_tally *a, sso_diag *diag)
{
	sso_rows twice = {diag, NULL, 0, 0, NULL};
	const org **sorted = malloc((a->n ? a->n : 1) * sizeof(*sorted));
	unsigned char *drop = calloc(a->n ? a->n : 1, 1);
	size_t first = 0, k = 0, ndrop = 0;

	if (!sorted || !drop) {
		free(sorted);
		free(drop);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < a->n; i++)
		sorted[i] = &a->orgs[i];
	qsort(sorted, a->n, sizeof(*sorted), by_id_listed);
	for (size_t i = 1; i < a->n; i++) {
		const org *f, *again = sorted[i];

		if (strcmp(again->id, sorted[i - 1]->id)) {
			first = i;
			continue;
		}
		f = sorted[first];
		twice.file = list_name(a, again->file);
		if (again->file == f->file || again->file == sorted[i - 1]->file) {
			sso_rows__bad(&twice, again->line,
				      "organization %s is listed twice (first on line %zu)",
				      again->id,
				      again->file == f->file ? f->line : sorted[i - 1]->line);
		} else if (!same_data(&again->data, &f->data)) {
			sso_rows__bad(&twice, again->line,
				      "organization %s is listed in %s (line %zu) with other data",
				      again->id, list_name(a, f->file), f->line);
		} else {
			drop[again - a->orgs] = 1;
			ndrop++;
		}
	}
	free(sorted);
	if (sso_rows__summary(&twice)) {
		free(drop);
		return sso_error_set(SSO_EINPUT, "%s: %lu organization%s listed twice", twice.file,
				     twice.bad, twice.bad == 1 ? " is" : "s are");
	}
	for (size_t i = 0; ndrop && i < a->n; i++) {
		if (drop[i])
			free(a->orgs[i].id);
		else
			a->orgs[k++] = a->orgs[i];
	}
	if (ndrop)
		a->n = k;
	free(drop);
	return 0;
}

/*
 * The list is complete: find the ids listed twice (drop_repeats(): next to
 * each other once sorted, no lookups while loading), sort it by id (the
 * output's order), and build the lookup table at its final size. Each id
 * listed twice is reported to diag (may be NULL); then the result is
 * SSO_EINPUT.
 */
static int seal(sso_tally *a, sso_diag *diag)
{
	const org **sorted;
	size_t cap = 1024;
	tally *t;
	int rc;

	if (a->sealed)
		return 0;
	if ((rc = drop_repeats(a, diag)) < 0)
		return rc;
	free(a->order);
	free(a->index);
	a->index = NULL;
	a->order = malloc((a->n ? a->n : 1) * sizeof(*a->order));
	sorted = malloc((a->n ? a->n : 1) * sizeof(*sorted));
	t = table_alloc(a->n * sizeof(*t));
	if (!a->order || !sorted || !t) {
		free(sorted);
		free(t);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	free(a->tally);
	a->tally = t;
	for (size_t i = 0; i < a->n; i++)
		sorted[i] = &a->orgs[i];
	qsort(sorted, a->n, sizeof(*sorted), by_id);
	for (size_t i = 0; i < a->n; i++)
		a->order[i] = (size_t)(sorted[i] - a->orgs);
	free(sorted);
	while (cap < a->n * 2)
		cap *= 2;
	free(a->slots);
	a->slots = NULL;
	a->nslots = 0;
	if (!(a->slots = table_alloc(cap * sizeof(*a->slots))))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	a->nslots = cap;
	for (size_t i = 0; i < a->n; i++)
		slot_put(a->slots, cap, &a->orgs[i], (uint32_t)i);
	a->sealed = 1;
	return 0;
}

/* ---- the organization list from CSV ---- */

enum { L_ID, L_STREET, L_DISTRICT, L_MEMBERS, L_STATUS, L_NCOLS };

typedef struct list_reader {
	sso_tally *a;
	sso_rows R;
	sso_csv_column cols[L_NCOLS];
	size_t ncols;
	int have_header;
	uint32_t file;      /* 1 + its index in a->files */
	int idcol[ID_COLS]; /* each describing column's index in a row, or -1 */
} list_reader;

/* FNV-1a over n bytes of p. */
static uint32_t fnv(const char *p, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return h;
}

/* The describing columns of a row of the list. */
static void row_data(const list_reader *L, const sso_csv_row *row, org_data *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t c = 0; c < ID_COLS; c++)
		if (L->idcol[c] >= 0) {
			const char *v = row->fields[L->idcol[c]];

			out->has |= (uint16_t)(1u << c);
			out->value[c] = fnv(v, strlen(v));
		}
}

/* The list's header: the work ledger's keys, or its Chinese headers
 * (sso-ledger export --headers zh). */
static int list_header(list_reader *L, const sso_csv_row *row)
{
	size_t ncols;
	const sso_column *cols = sso_ledger__columns(&ncols);
	sso_csv_row h = *row;
	char **keys = malloc((row->count ? row->count : 1) * sizeof(*keys));
	int rc;

	if (!keys)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	for (size_t i = 0; i < row->count; i++) {
		keys[i] = row->fields[i];
		for (size_t c = 0; c < ncols; c++)
			if (!strcmp(keys[i], cols[c].zh))
				keys[i] = (char *)cols[c].key;
	}
	h.fields = keys;
	L->have_header = 1;
	L->ncols = row->count;
	for (size_t c = 0; c < ID_COLS; c++) {
		L->idcol[c] = -1;
		for (size_t i = 0; i < row->count && L->idcol[c] < 0; i++)
			if (!strcmp(keys[i], id_cols[c]))
				L->idcol[c] = (int)i;
	}
	rc = sso_csv_header(&h, L->cols, L_NCOLS, L->R.file);
	free(keys);
	return rc;
}

/* One record of the --orgs list: the header first (list_header), then an
 * organization per row (org_id, street, district, members), left out when
 * its status is pending or rejected. A bad row is reported and reading goes
 * on. Returns 0, or an error that stops the reading. */
static int list_row(void *payload, const sso_csv_row *row)
{
	list_reader *L = payload;
	const char *id, *status, *members;
	long long m = -1;
	org_data d;

	if (!L->have_header)
		return list_header(L, row);
	if (row->count != L->ncols) {
		sso_rows__bad(&L->R, row->line, "the row has %zu fields where the header has %zu",
			      row->count, L->ncols);
		return 0;
	}
	id = row->fields[L->cols[L_ID].index];
	members = row->fields[L->cols[L_MEMBERS].index];
	status = L->cols[L_STATUS].index >= 0 ? row->fields[L->cols[L_STATUS].index] : "";
	if (!*id) {
		sso_rows__bad(&L->R, row->line, "org_id is empty");
		return 0;
	}
	if (*members && sso_num__count(members, strlen(members), &m) < 0) {
		sso_rows__bad(&L->R, row->line,
			      "members must be a whole number of 0 or more, not '%.*s'",
			      CLIP(members, strlen(members)));
		return 0;
	}
	if (!strcmp(status, "pending") || !strcmp(status, "rejected"))
		return 0; /* not (or never) an organization */
	row_data(L, row, &d);
	return add_org(L->a, id, row->fields[L->cols[L_STREET].index],
		       row->fields[L->cols[L_DISTRICT].index], m, row->line, L->file, &d);
}

int sso_tally_load_orgs(sso_tally *a, sso_input *in, sso_diag *diag)
{
	list_reader L = {a,
			 {diag, sso_input_name(in), 0, 0, NULL},
			 {{"org_id", 1, -1},
			  {"street", 1, -1},
			  {"district", 1, -1},
			  {"members", 1, -1},
			  {"status", 0, -1}},
			 0,
			 0,
			 0,
			 {0}};
	char **files;
	int rc;

	free(a->list_file);
	if (!(a->list_file = strdup(L.R.file)))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	if (!(files = realloc(a->files, (a->nfiles + 1) * sizeof(*files))))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	a->files = files;
	if (!(a->files[a->nfiles] = strdup(L.R.file)))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	L.file = (uint32_t)++a->nfiles;
	if ((rc = sso_csv_read(in, sso_actrow_separator(in), list_row, &L)) < 0)
		return rc;
	if (!L.have_header)
		return sso_error_set(SSO_EINPUT,
				     "%s: the organization list is empty: it needs a "
				     "header row (org_id,street,district,members)",
				     L.R.file);
	rc = seal(a, L.R.diag); /* reports the ids listed twice, here or in a list before */
	if (L.R.bad)
		return sso_rows__end(&L.R, "the organization list was not read");
	return rc;
}
/* ---- activity records ---- */

#define PIPE 8

typedef struct pending_lookup {
	uint64_t k[2];
	uint64_t hash;
	uint64_t participants;
	uint32_t len, q;
} pending_lookup;

typedef struct pending_count {
	uint64_t participants;
	uint32_t org, q;
} pending_count;

/* One reader of the stream (one per thread): its own counts, and its bad
 * rows kept for the merge. Aligned to (and so padded to a multiple of) two
 * cache lines: two workers side by side must not share a line, or every
 * row's write on one core would take the line from the other (a 2x slowdown
 * of both, measured). */
typedef struct worker {
	_Alignas(128) sso_tally *a;
	tally *tally;
	sso_tally_stats stats;
	sso_actrow_header head;
	int need_header; /* the first record is the header */
	const char *file;
	sso_rows R;             /* bad rows, kept (R.kept) until merged */
	idset unknown;          /* ids not in the list, to count them (bounded) */
	sso_csv_reader *reader; /* to narrow the copied fields after the header */
	int tells;              /* this worker calls the progress function */
	unsigned char *keep;
	/* the lookup pipeline (see count()) */
	pending_lookup lookups[PIPE];
	pending_count counts[PIPE];
	size_t lookup_head, nlookup, count_head, ncount;
} worker;

/*
 * Looking an organization up and counting its activity each touch memory
 * at random (the table and the counts of 200,000 organizations are larger
 * than a core's cache), and a row takes less time to parse than a miss. So
 * the two steps run as a pipeline a few rows behind the parser: a row's slot
 * is prefetched when it is parsed and looked up PIPE rows later; its counts
 * are prefetched then and added to PIPE rows after that. drain() finishes
 * the rows still in the pipeline at the end of the input.
 */
static void count(worker *w, uint32_t k, uint32_t q, uint64_t participants)
{
	tally *t = &w->tally[k];

	t->activities++;
	t->participants += participants;
	t->quarters |= q;
	w->stats.counted++;
}

static void stage_count(worker *w, uint32_t k, uint32_t q, uint64_t participants)
{
	pending_count *c;

	if (w->ncount == PIPE) {
		c = &w->counts[w->count_head];
		count(w, c->org, c->q, c->participants);
		w->count_head = (w->count_head + 1) % PIPE;
		w->ncount--;
	}
	__builtin_prefetch(&w->tally[k], 1);
	c = &w->counts[(w->count_head + w->ncount) % PIPE];
	c->org = k;
	c->q = q;
	c->participants = participants;
	w->ncount++;
}

static void lookup(worker *w, const pending_lookup *p)
{
	const sso_tally *a = w->a;
	size_t mask = a->nslots - 1;

	for (size_t j = p->hash & mask; a->slots[j].org; j = (j + 1) & mask) {
		const slot *s = &a->slots[j];

		if (s->k[0] == p->k[0] && s->k[1] == p->k[1] && s->len == p->len) {
			stage_count(w, s->org - 1, p->q, p->participants);
			return;
		}
	}
	w->stats.unknown++;
	idset_add(&w->unknown, (const char *)p->k, p->len);
}

static void stage_lookup(worker *w, const char *id, size_t len, uint32_t q, uint64_t participants)
{
	pending_lookup *p;

	if (w->nlookup == PIPE) {
		lookup(w, &w->lookups[w->lookup_head]);
		w->lookup_head = (w->lookup_head + 1) % PIPE;
		w->nlookup--;
	}
	p = &w->lookups[(w->lookup_head + w->nlookup) % PIPE];
	slot_key(p->k, id, len);
	p->len = (uint32_t)len;
	p->hash = key_hash(p->k, id, len);
	p->q = q;
	p->participants = participants;
	__builtin_prefetch(&w->a->slots[p->hash & (w->a->nslots - 1)]);
	w->nlookup++;
}

static void drain(worker *w)
{
	while (w->nlookup) {
		lookup(w, &w->lookups[w->lookup_head]);
		w->lookup_head = (w->lookup_head + 1) % PIPE;
		w->nlookup--;
	}
	while (w->ncount) {
		pending_count *c = &w->counts[w->count_head];

		count(w, c->org, c->q, c->participants);
		w->count_head = (w->count_head + 1) % PIPE;
		w->ncount--;
	}
}
/* The header: which field holds each column, and only those copied. */
static int activity_header(worker *w, const sso_csv_row *row)
{
	int rc;

	w->need_header = 0;
	if ((rc = sso_actrow_header_read(&w->head, row, w->file)) < 0)
		return rc;
	if (!(w->keep = malloc(row->count ? row->count : 1)))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	sso_actrow_keep(&w->head, w->keep);
	if (w->reader)
		sso_csv_reader_keep(w->reader, w->keep, w->head.nfields);
	return 0;
}

/* An id that is not written as the tools print it ("org1", "1"), or longer
 * than a slot key: looked up at once, as written and then as printed. */
static void count_odd_id(worker *w, const sso_actrow *r, uint32_t q)
{
	const char *id = r->text[SSO_ACT_ORG];
	size_t len = r->len[SSO_ACT_ORG];
	long i = find_org(w->a, id, len);

	if (i < 0 && !r->org_canonical) {
		char canon[SSO_ID_CAP];

		sso_id_format(canon, sizeof(canon), "ORG", r->org);
		i = find_org(w->a, canon, strlen(canon));
	}
	if (i < 0) {
		w->stats.unknown++;
		idset_add(&w->unknown, id, len);
		return;
	}
	count(w, (uint32_t)i, q, (uint64_t)r->participants);
}

/* One record: the header, or an activity read by the shared rules
 * (sso_actrow_parse(), whose own quick paths keep this fast), then counted
 * if it falls in the period. */
static int activity_row(void *payload, const sso_csv_row *row)
{
	worker *w = payload;
	sso_tally *a = w->a;
	sso_actrow r;
	uint32_t q;
	int y, m;

	if (w->need_header)
		return activity_header(w, row);
	if ((++w->stats.rows & 0xFFFF) == 0 && a->progress) {
		unsigned long long all = atomic_fetch_add(&a->rows_read, 0x10000) + 0x10000;

		if (w->tells)
			a->progress(a->progress_payload, all);
	}
	if (sso_actrow_parse(&r, &w->head, row) < 0) {
		w->stats.bad++;
		sso_rows__bad(&w->R, row->line, "%s", sso_error_last());
		return 0;
	}
	if (r.ymd < a->from_key || r.ymd > a->to_key) {
		w->stats.outside++;
		return 0;
	}
	y = r.ymd / 10000;
	m = r.ymd / 100 % 100;
	q = 1u << (y * 4 + (m - 1) / 3 - a->period.first_quarter);
	if (!r.org_canonical || r.len[SSO_ACT_ORG] > 16)
		count_odd_id(w, &r, q);
	else
		stage_lookup(w, r.text[SSO_ACT_ORG], r.len[SSO_ACT_ORG], q,
			     (uint64_t)r.participants);
	return 0;
}

static int worker_init(worker *w, sso_tally *a, const char *file, int need_header)
{
	memset(w, 0, sizeof(*w));
	w->a = a;
	w->file = file;
	w->need_header = need_header;
	w->tally = table_alloc(a->n * sizeof(*w->tally));
	w->R = (sso_rows){NULL, file, 0, 0, malloc(SSO_ROWS_SHOWN * sizeof(sso_rows_kept))};
	if (!w->tally || !w->R.kept) {
		free(w->tally);
		free(w->R.kept);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	return 0;
}

static void worker_free(worker *w)
{
	free(w->tally);
	free(w->R.kept);
	idset_free(&w->unknown);
	free(w->keep);
}

/* Add w's counts to a, and its bad rows (their lines shifted by base) to
 * all, which reports them. */
static void merge(sso_tally *a, worker *w, size_t base, sso_rows *all)
{
	drain(w);
	free(a->index); /* the indexes are made again from the new counts */
	a->index = NULL;
	for (size_t i = 0; i < a->n; i++) {
		a->tally[i].activities += w->tally[i].activities;
		a->tally[i].participants += w->tally[i].participants;
		a->tally[i].quarters |= w->tally[i].quarters;
	}
	a->stats.rows += w->stats.rows;
	a->stats.counted += w->stats.counted;
	a->stats.outside += w->stats.outside;
	a->stats.unknown += w->stats.unknown;
	a->stats.bad += w->stats.bad;
	sso_rows__merge(all, &w->R, base);
	for (size_t i = 0; i < w->unknown.count; i++)
		idset_add(&a->unknown, w->unknown.keys[i], strlen(w->unknown.keys[i]));
	a->stats.unknown_orgs = a->unknown.count;
}

/* The end of one input: the summary of its bad rows, and SSO_EINPUT if
 * there were any. */
static int finish_read(sso_rows *all)
{
	unsigned long bad = sso_rows__summary(all);

	if (bad == 0)
		return 0;
	return sso_error_set(SSO_EINPUT, "%s: %lu malformed row%s: nothing was scored", all->file,
			     bad, bad == 1 ? "" : "s");
}

static int header_missing(const char *file)
{
	return sso_error_set(SSO_EINPUT,
			     "%s: no header row: activity records need one naming "
			     "activity_id,org_id,date,participants",
			     file);
}

/* Feed in to a new reader of w (separated by sep), finishing the stream
 * if finish. Returns 0 or the reader's error. */
static int feed_worker(worker *w, sso_input *in, char sep, int finish)
{
	sso_csv_reader *r = NULL;
	int rc = sso_csv_reader_new(&r, sep, activity_row, w);

	w->reader = r;
	if (rc == 0 && w->keep)
		sso_csv_reader_keep(r, w->keep, w->head.nfields);
	if (rc == 0)
		rc = sso_csv_reader_feed(r, in);
	if (rc == 0 && finish)
		rc = sso_csv_reader_finish(r);
	sso_csv_reader_free(r);
	w->reader = NULL;
	return rc;
}

int sso_tally_read(sso_tally *a, sso_input *in, sso_diag *diag)
{
	sso_rows all = {diag, sso_input_name(in), 0, 0, NULL};
	worker w;
	int rc;

	if ((rc = seal(a, diag)) < 0 || (rc = worker_init(&w, a, sso_input_name(in), 1)) < 0)
		return rc;
	w.tells = 1;
	rc = feed_worker(&w, in, sso_actrow_separator(in), 1);
	if (rc == 0 && w.need_header)
		rc = header_missing(w.file);
	if (rc == 0) {
		merge(a, &w, 0, &all);
		rc = finish_read(&all);
	}
	worker_free(&w);
	return rc;
}

/* ---- two threads over one file ---- */

typedef struct range_job {
	worker w;
	const char *path;
	sso_encoding enc;
	char sep;
	long long from;
	int rc;
} range_job;

/* The second half of the file, in a thread of its own. */
static void *run_range(void *arg)
{
	range_job *j = arg;
	sso_input *in = NULL;

	j->rc = sso_input_open_range(&in, j->path, j->enc, j->from, -1, 1);
	if (j->rc == 0)
		j->rc = feed_worker(&j->w, in, j->sep, 1);
	sso_input_free(in);
	return NULL;
}

/* The offset just after the first line break at or after from, or -1. */
static long long next_line(int fd, long long from, long long size)
{
	char buf[65536];

	while (from < size) {
		ssize_t n = pread(fd, buf, sizeof(buf), (off_t)from);
		char *nl;

		if (n <= 0)
			return -1;
		if ((nl = memchr(buf, '\n', (size_t)n)) != NULL)
			return from + (nl - buf) + 1;
		from += n;
	}
	return -1;
}

/* Where to split the file at path between two threads: just after a line
 * break near its middle, or -1 when it is not a regular file of 4 MB or
 * more (not worth splitting). */
static long long split_point(const char *path)
{
	struct stat st;
	long long split = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= (1 << 22))
		split = next_line(fd, st.st_size / 2, st.st_size);
	close(fd);
	return split >= 0 && split < st.st_size ? split : -1;
}

static int header_only(void *payload, const sso_csv_row *row)
{
	int rc = activity_row(payload, row);

	return rc < 0 ? rc : SSO_CSV_STOP;
}

/* Read the header of the file into j's worker (the second half needs its
 * columns before it starts), and its separator into j->sep. */
static int read_header(range_job *j)
{
	sso_csv_reader *hr = NULL;
	sso_input *hin = NULL;
	int rc = sso_input_open_range(&hin, j->path, j->enc, 0, -1, 1);

	if (rc == 0) {
		j->sep = sso_actrow_separator(hin);
		rc = sso_csv_reader_new(&hr, j->sep, header_only, &j->w);
	}
	if (rc == 0)
		rc = sso_csv_reader_feed(hr, hin);
	sso_csv_reader_free(hr);
	sso_input_free(hin);
	if (rc == 0 && j->w.need_header)
		rc = header_missing(j->path);
	return rc;
}

/*
 * Two threads over the file at path, split at byte `split` (just after a
 * line break): this thread reads the first part with w while job reads the
 * rest. If the split fell inside a record (a quoted field holding a line
 * break) or the second part failed, this thread goes on over the rest itself,
 * so that results, messages and line numbers are those of one reader. The
 * workers are merged into a, their bad rows into all.
 */
static int read_split(sso_tally *a, range_job *job, worker *w, long long split, sso_rows *all)
{
	sso_input *in = NULL;
	sso_csv_reader *r = NULL;
	pthread_t tid;
	int rc, started = pthread_create(&tid, NULL, run_range, job) == 0;

	rc = sso_input_open_range(&in, job->path, job->enc, 0, split, 1);
	if (rc == 0)
		rc = sso_csv_reader_new(&r, job->sep, activity_row, w);
	w->reader = r;
	if (rc == 0)
		sso_csv_reader_keep(r, w->keep, w->head.nfields);
	if (rc == 0)
		rc = sso_csv_reader_feed(r, in);
	if (started)
		pthread_join(tid, NULL);
	if (rc == 0 && started && job->rc == 0 && sso_csv_reader_between(r)) {
		size_t base = sso_csv_reader_line(r) - 1;

		merge(a, w, 0, all);
		merge(a, &job->w, base, all);
	} else if (rc == 0) {
		/* go on in this thread, counting lines where the input stopped */
		size_t line = sso_input_line(in);

		sso_input_free(in);
		in = NULL;
		rc = sso_input_open_range(&in, job->path, job->enc, split, -1, line);
		if (rc == 0)
			rc = sso_csv_reader_feed(r, in);
		if (rc == 0)
			rc = sso_csv_reader_finish(r);
		if (rc == 0)
			merge(a, w, 0, all);
	}
	sso_csv_reader_free(r);
	w->reader = NULL;
	sso_input_free(in);
	return rc;
}

int sso_tally_read_path(sso_tally *a, const char *path, sso_encoding enc, int threads,
			sso_diag *diag)
{
	sso_rows all = {diag, path, 0, 0, NULL};
	range_job job;
	worker w;
	sso_input *in = NULL;
	long long split;
	int rc;

	if ((rc = seal(a, diag)) < 0)
		return rc;
	if (!path || !strcmp(path, "-") || threads <= 1 || (split = split_point(path)) < 0) {
		if ((rc = sso_input_open(&in, path, enc)) < 0)
			return rc;
		rc = sso_tally_read(a, in, diag);
		sso_input_free(in);
		return rc;
	}
	job.path = path;
	job.enc = enc;
	job.from = split;
	job.rc = 0;
	if ((rc = worker_init(&job.w, a, path, 1)) < 0)
		return rc;
	if ((rc = read_header(&job)) < 0 || (rc = worker_init(&w, a, path, 1)) < 0) {
		worker_free(&job.w);
		return rc;
	}
	w.tells = 1; /* and reads the header again: the first part starts with it */
	rc = read_split(a, &job, &w, split, &all);
	if (rc == 0)
		rc = finish_read(&all);
	worker_free(&w);
	worker_free(&job.w);
	return rc;
}

void sso_tally_get_stats(sso_tally_stats *out, const sso_tally *a)
{
	*out = a->stats;
}

/* ---- results ---- */

/* The organizations in id order, with their indexes from the counts. */
static int ensure_order(sso_tally *a)
{
	int rc = seal(a, NULL);

	if (rc < 0 || a->index)
		return rc;
	if (!(a->index = malloc((a->n ? a->n : 1) * sizeof(*a->index))))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	for (size_t i = 0; i < a->n; i++)
		a->index[i] =
			sso_activity_index(a->cfg, a->tally[i].activities,
					   (long long)a->tally[i].participants, a->orgs[i].members);
	return 0;
}

size_t sso_tally_count(const sso_tally *a)
{
	return a->n;
}

static void org_result(sso_tally *a, size_t k, sso_tally_org *out)
{
	const org *o = &a->orgs[k];
	const tally *t = &a->tally[k];

	out->id = o->id;
	out->street = a->streets.items[o->street];
	out->district = a->districts.items[o->district];
	out->members = o->members;
	out->activities = t->activities;
	out->participants = (long long)t->participants;
	out->quarters_active = __builtin_popcount(t->quarters);
	out->active = t->activities > 0;
	out->every_quarter = out->quarters_active == a->period.quarters;
	out->index = a->index[k];
}

void sso_tally_org_at(sso_tally_org *out, sso_tally *a, size_t i)
{
	if (ensure_order(a) < 0) {
		memset(out, 0, sizeof(*out));
		return;
	}
	org_result(a, a->order[i], out);
}

static int by_key(const void *x, const void *y)
{
	return strcmp(((const sso_tally_group *)x)->key, ((const sso_tally_group *)y)->key);
}

int sso_tally_groups(sso_tally_group **out, size_t *n, sso_tally *a, sso_tally_by by)
{
	names *nm = by == SSO_BY_DISTRICT ? &a->districts : &a->streets;
	sso_tally_group *g;
	long long *index_sum;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = ensure_order(a)) < 0)
		return rc;
	g = calloc(nm->count ? nm->count : 1, sizeof(*g));
	index_sum = calloc(nm->count ? nm->count : 1, sizeof(*index_sum));
	if (!g || !index_sum) {
		free(g);
		free(index_sum);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < a->n; i++) {
		sso_tally_org r;
		uint32_t k = by == SSO_BY_DISTRICT ? a->orgs[i].district : a->orgs[i].street;

		org_result(a, i, &r);
		g[k].orgs++;
		g[k].active += r.active;
		g[k].every_quarter += r.every_quarter;
		index_sum[k] += r.index;
	}
	for (size_t k = 0; k < nm->count; k++) {
		sso_tally_group *x = &g[k];

		x->key = nm->items[k];
		x->active_rate = sso_num__div_round(x->active * 10000, x->orgs);
		x->every_quarter_rate = sso_num__div_round(x->every_quarter * 10000, x->orgs);
		x->mean_index = sso_num__div_round(index_sum[k], x->orgs);
		/* "every organization at least once a year" is a rule of a year:
		 * a half or a quarter cannot break it */
		x->year_met = a->period.quarters != 4 ||
			      sso_ratio_reached(a->cfg->year_active_share, x->active, x->orgs);
		x->quarter_met =
			sso_ratio_reached(a->cfg->quarter_active_share, x->every_quarter, x->orgs);
		x->rate_met = sso_ratio_reached(a->cfg->active_rate, x->active, x->orgs);
		x->targets_met = x->year_met && x->quarter_met && x->rate_met;
	}
	qsort(g, nm->count, sizeof(*g), by_key);
	free(index_sum);
	*out = g;
	*n = nm->count;
	return 0;
}

/* ---- the organization list from the store ---- */

/* Organizations that existed in the period: an activity group, filed or
 * registered (not a filing still pending, nor a rejected one), there by the
 * period's end, and not ended before its start. */
static const char SQL_PERIOD_ORGS[] =
	"SELECT id, street, district, members FROM orgs "
	"WHERE tier IS NOT NULL AND status IN ('active', 'terminated', 'revoked') "
	"AND " SSO_SQL_EXISTED_IN_PERIOD " AND coalesce(filed_on, created_on) <= ?1 "
	"ORDER BY id";
enum { PERIOD_ORGS_ID, PERIOD_ORGS_STREET, PERIOD_ORGS_DISTRICT, PERIOD_ORGS_MEMBERS };

int sso_tally_load_store(sso_tally *a, sso_store *s)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_SCORE_PERIOD_ORGS, SQL_PERIOD_ORGS);
	char from[11], to[11];
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sso_date_format(a->period.to, to);
	sso_date_format(a->period.from, from);
	sqlite3_bind_text(st, 1, to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char id[32];
		int err;

		sso_id_format(id, sizeof(id), "ORG",
			      (long)sqlite3_column_int64(st, PERIOD_ORGS_ID));
		err = sso_tally_add_org(a, id, sso_store__col(st, PERIOD_ORGS_STREET),
					sso_store__col(st, PERIOD_ORGS_DISTRICT),
					sqlite3_column_int64(st, PERIOD_ORGS_MEMBERS), 0);
		if (err < 0) {
			sqlite3_reset(st);
			return err;
		}
	}
	rc = sso_store__error(s, rc, "reading the organizations");
	sqlite3_reset(st);
	return rc;
}

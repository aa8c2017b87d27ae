/* score.h - the activity index (活跃指数) and activity rates of organizations,
 * satisfaction evaluations (满意度测评), and the count targets of communities
 * and streets */
#ifndef SSO_SCORE_H
#define SSO_SCORE_H

#include <stddef.h>

#include "sso/config.h"
#include "sso/date.h"
#include "sso/error.h"
#include "sso/input.h"
#include "sso/store.h"

/*
 * The activity index of one organization in a period, from the three inputs
 * the Wenzhou platform guide names (frequency, participant count,
 * participation) with the weights and caps of the configuration:
 *
 *   frequency     = min(1, activities / frequency.cap)
 *   participants  = min(1, participants / participants.cap)
 *   participation = min(1, (participants / activities) / members),
 *                   0 with no activities or no known roster (members <= 0)
 *   index         = 100 x sum of weight x component
 *
 * Returns the index in tenths (0..1000), rounded half away from zero.
 */
int sso_activity_index(const sso_config *cfg, long long activities, long long participants,
		       long long members);

/* A stream of activity records (SPEC section 5) tallied per organization of
 * a list, in one period. Memory grows with the organizations, not the rows. */
typedef struct sso_tally sso_tally;

/* Start a tally over period (copied) with cfg's weights, caps and targets
 * (cfg borrowed for the life of the tally). Returns 0 or SSO_ENOMEM; the
 * caller frees *out with sso_tally_free(). */
int sso_tally_new(sso_tally **out, const sso_config *cfg, const sso_period *period);

/* Add an organization to the list; line is where it stands in the list's
 * file, for messages (0: none). An id listed twice is found when the list is
 * complete (by sso_tally_load_orgs(), or the first read): SSO_EINPUT.
 * Returns 0 or SSO_ENOMEM. */
int sso_tally_add_org(sso_tally *a, const char *id, const char *street, const char *district,
		      long long members, size_t line);

/* Read the organization list from CSV (or TSV) as sso-ledger export prints
 * it, with its keys or Chinese headers: columns org_id, street, district and
 * members are needed (members may be empty:
 * unknown); with a status column, pending and rejected rows are left out.
 * Call it once per list to merge several (the ledgers of several streets):
 * an organization in two lists with the same data (the same values in
 * every column of org_id, name, district, street, community, form,
 * category, tier, stage, status, certificate and members that both lists
 * have) counts once, as first listed; with other data, or twice in one
 * list, it is reported with both files and lines and the result is
 * SSO_EINPUT. Every bad row is reported to diag
 * (may be NULL). Returns 0, or SSO_EINPUT (after reading it all, if rows
 * were bad), or an input error. */
int sso_tally_load_orgs(sso_tally *a, sso_input *in, sso_diag *diag);

/* Take the organization list from the store: every organization that existed
 * in the period (filed, registered or an activity group; created by its end;
 * not ended before its start). Returns 0 or a store error. */
int sso_tally_load_store(sso_tally *a, sso_store *s);

/* Tally the activity records of in: CSV, or TSV when its first line holds a
 * tab before any comma, each row read by the rules of sso/actrow.h (those of
 * the import). Rows outside the period, or of organizations not in the list,
 * are counted as skipped. Every malformed row (ragged, impossible date,
 * negative or non-numeric number, empty id) is reported to diag with its
 * line, up to 100 of them and then one line with
 * their number; reading goes on to the end, and the result is SSO_EINPUT.
 * A broken stream (bad quoting, not UTF-8, a missing header column) stops it
 * with that error. */
int sso_tally_read(sso_tally *a, sso_input *in, sso_diag *diag);

/* The same for a file at path, read by up to `threads` threads, each taking a
 * byte range split at a record boundary (a quoted field may hold line
 * breaks: a split that falls inside one is detected, and that part re-read
 * in one thread). Standard input ("-" or NULL), or threads <= 1, reads in one
 * thread. Results, messages and line numbers are those of one thread. */
int sso_tally_read_path(sso_tally *a, const char *path, sso_encoding enc, int threads,
			sso_diag *diag);

/* Call fn now and then while reading (about every 65,536 rows) with the
 * rows read so far by every thread; it is called from the calling thread
 * only. For a progress line; NULL for none. */
void sso_tally_set_progress(sso_tally *a, void (*fn)(void *payload, unsigned long long rows),
			    void *payload);

/* What the reading saw. */
typedef struct sso_tally_stats {
	unsigned long long rows;    /* data rows (the header not counted) */
	unsigned long long counted; /* tallied */
	unsigned long long outside; /* skipped: date outside the period */
	unsigned long long unknown; /* skipped: organization not in the list */
	unsigned long long bad;     /* malformed */
	size_t unknown_orgs;        /* distinct organizations among `unknown` (up to 10^6) */
} sso_tally_stats;

/* What the reading has seen so far, into *out. */
void sso_tally_get_stats(sso_tally_stats *out, const sso_tally *a);

/* One organization's result. Strings borrowed from the tally. */
typedef struct sso_tally_org {
	const char *id, *street, *district;
	long long members; /* -1 unknown */
	long long activities, participants;
	int quarters_active; /* quarters of the period with an activity */
	int active;          /* at least one activity in the period */
	int every_quarter;   /* at least one in each quarter of the period */
	int index;           /* tenths, as sso_activity_index() */
} sso_tally_org;

/* The number of organizations in the list. */
size_t sso_tally_count(const sso_tally *a);

/* The i-th organization in org_id order (bytewise; ORG ids are zero-padded,
 * so this is their numeric order). i < sso_tally_count(). */
void sso_tally_org_at(sso_tally_org *out, sso_tally *a, size_t i);

typedef enum sso_tally_by {
	SSO_BY_ORG = 0,
	SSO_BY_STREET,
	SSO_BY_DISTRICT,
} sso_tally_by;

/* A street's or district's summary. */
typedef struct sso_tally_group {
	const char *key; /* street or district code, borrowed */
	long long orgs, active, every_quarter;
	long long active_rate; /* active/orgs in ten-thousandths, rounded */
	long long every_quarter_rate;
	long long mean_index; /* mean of the organizations' (rounded) indexes, tenths */
	int year_met, quarter_met, rate_met;
	int targets_met; /* all three (year_met counts only for a whole year) */
} sso_tally_group;

/* Summaries by street or district, in code order. Returns 0 or SSO_ENOMEM;
 * the caller frees *out with free(). */
int sso_tally_groups(sso_tally_group **out, size_t *n, sso_tally *a, sso_tally_by by);

/* Free a tally and every string borrowed from it. NULL is fine. */
void sso_tally_free(sso_tally *a);

/* The printed forms of scoring's numbers: v / 10^decimals with exactly that
 * many decimals ("42.1", "0.6000"), and thousandths as the shortest decimal
 * ("12", "12.5"). Both write to buf and return it. */
char *sso_score_format(char *buf, size_t cap, long long v, int decimals);
char *sso_score_format_milli(char *buf, size_t cap, long long milli);

/*
 * Count targets (Chongqing 工作目标: urban communities at least 5 organizations
 * and 10 on average, rural at least 2 and 5 on average; Shenzhen item 1: 85%
 * of streets with a hub organization), over the active organizations of the
 * store (status active, any tier) and the configured jurisdiction.
 */
typedef struct sso_target_community {
	const sso_community *community; /* borrowed from the configuration */
	long long orgs;
	int min; /* the configured minimum for its type */
	int met;
} sso_target_community;

typedef struct sso_target_street {
	const sso_street *street;
	long long communities, orgs, hubs;
	int met; /* at least one hub organization */
} sso_target_street;

/* A district's (or, with district == NULL, the whole jurisdiction's) summary. */
typedef struct sso_target_area {
	const sso_district *district;
	long long communities[2]; /* [SSO_URBAN], [SSO_RURAL] */
	long long orgs[2];
	long long below_min[2];
	long long average[2]; /* tenths, rounded; 0 with no community */
	int average_met[2];   /* average >= target (true with no community) */
	long long streets, streets_with_hub;
	long long hub_share; /* ten-thousandths, rounded */
	int hub_met;
	int met; /* no community below its minimum, both averages, hubs */
} sso_target_area;

typedef struct sso_targets {
	size_t ncommunities, nstreets, nareas;
	sso_target_community *communities; /* in jurisdiction order */
	sso_target_street *streets;
	sso_target_area *areas; /* each district, then the whole (district NULL) */
	long long outside;      /* active organizations in no configured community */
} sso_targets;

/* Compute the targets from the store. Returns 0 or a store error; the caller
 * frees *out with sso_targets_free(). */
int sso_targets_compute(sso_targets **out, sso_store *s);

/* The same from counts given per community (tests, other sources): orgs[i]
 * and hubs[i] for the i-th community of the jurisdiction in order. */
int sso_targets_from_counts(sso_targets **out, const sso_config *cfg, const long long *orgs,
			    const long long *hubs);

/* Free targets. NULL is fine. */
void sso_targets_free(sso_targets *t);

#endif

/* config.h - the configuration: built-in defaults overridden by sso.yaml */
#ifndef SSO_CONFIG_H
#define SSO_CONFIG_H

#include <stddef.h>

typedef enum sso_area {
	SSO_URBAN = 0, /* 社区 */
	SSO_RURAL,     /* 村 */
} sso_area;

struct sso_street;
struct sso_district;

typedef struct sso_community {
	char *code, *name;
	sso_area type;
	const struct sso_street *street;
} sso_community;

typedef struct sso_street {
	char *code, *name;
	const struct sso_district *district;
	size_t ncommunities;
	sso_community *communities;
} sso_street;

typedef struct sso_district {
	char *code, *name;
	size_t nstreets;
	sso_street *streets;
} sso_district;

/* A share or rate written as a decimal (0.6) or a fraction (2/3), kept exact
 * so that "at least 2/3" admits 2 of 3. */
typedef struct sso_ratio {
	long long num, den;
} sso_ratio;

/* Is part/whole at least r? */
int sso_ratio_reached(sso_ratio r, long long part, long long whole);
/* Is part/whole more than r? */
int sso_ratio_exceeded(sso_ratio r, long long part, long long whole);
double sso_ratio_value(sso_ratio r);

typedef struct sso_strlist {
	size_t count;
	char **items;
} sso_strlist;

/* The whole configuration. Read it; do not change it. */
typedef struct sso_config {
	char *source; /* the file it came from, or "built-in defaults" */

	char *city; /* may be "" */
	size_t ndistricts;
	sso_district *districts;

	int notice_days;
	sso_ratio vote_quorum;    /* present/members at least this */
	sso_ratio vote_in_favour; /* for/members more than this */

	sso_strlist archive_required;
	int report_max_age_days;
	int evaluation_max_age_days;
	int stuck_days;
	int document_max_bytes; /* the most an attachment may hold */

	sso_strlist categories;

	double frequency_weight, frequency_cap;
	double participants_weight, participants_cap;
	double participation_weight;

	sso_ratio year_active_share, quarter_active_share, active_rate;
	int urban_min, urban_average, rural_min, rural_average;
	sso_ratio hub_street_share;

	sso_strlist rubric_path; /* directories searched for NAME.yaml before the built-in rubrics */

	sso_strlist suffix_social_group, suffix_service_org, suffix_foundation;
	sso_strlist forbidden_words;

	char *certificate_pattern;
	char *notice_template;
	int busy_timeout_ms;

	void *index; /* private: lookups by code and name */
} sso_config;

/* Load the built-in defaults, then path over them if path is not NULL.
 * Returns 0, or SSO_ECONFIG "file:line:col: message" for an unknown key or a
 * bad value, or SSO_ENOINPUT if path cannot be opened. The caller frees *out
 * with sso_config_free(). */
int sso_config_load(sso_config **out, const char *path);

/* As sso_config_load(), with the file's text given in memory (len bytes,
 * named name in messages). */
int sso_config_load_text(sso_config **out, const char *name, const char *text, size_t len);

/* Which configuration file a command uses: explicit (--config) if given, else
 * $SSO_CONFIG, else ./sso.yaml if it exists, else NULL (the defaults). The
 * returned string is explicit, getenv's, or a literal: do not free it. */
const char *sso_config_path(const char *explicit_path);

/* The text of the built-in defaults (the YAML compiled into the library). */
const char *sso_config_defaults(void);

/* Free a configuration and everything borrowed from it. NULL is fine. */
void sso_config_free(sso_config *cfg);

/* Find a community by code or exact name. Returns it (borrowed from cfg), or
 * NULL with SSO_ENOTFOUND's detail set ("no community '...' in the
 * jurisdiction", or "... is ambiguous: give its code"). */
const sso_community *sso_config_community(const sso_config *cfg, const char *code_or_name);
const sso_street *sso_config_street(const sso_config *cfg, const char *code_or_name);
const sso_district *sso_config_district(const sso_config *cfg, const char *code_or_name);

/* Is name one of the configured categories? */
int sso_config_has_category(const sso_config *cfg, const char *name);

#endif

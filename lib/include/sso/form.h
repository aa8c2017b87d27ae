/* form.h - filing, change, termination and group forms: parsed, checked, written */
#ifndef SSO_FORM_H
#define SSO_FORM_H

#include <stddef.h>

#include "sso/config.h"
#include "sso/date.h"
#include "sso/error.h"
#include "sso/name.h"
#include "sso/out.h"
#include "sso/ydoc.h"

/* The largest charter, inline (charter: |) or read from charter_file: 16 MB. */
#define SSO_CHARTER_MAX ((size_t)16 << 20)
/* The most members a roster lists. */
#define SSO_ROSTER_MAX 200000

typedef enum sso_stage {
	SSO_BUDDING = 0, /* 初创 / 萌芽 */
	SSO_GROWING,     /* 成长 */
	SSO_MATURE,      /* 成熟 */
} sso_stage;

typedef enum sso_party_org {
	SSO_PARTY_NONE = 0,
	SSO_PARTY_OWN,   /* its own party organization */
	SSO_PARTY_JOINT, /* a joint branch (联合党支部) */
} sso_party_org;

/* Parse a stage (budding, growing, mature) into *out. Returns 0 or SSO_EINPUT
 * naming the stages. */
int sso_stage_parse(sso_stage *out, const char *text);

/* The names of a stage ("budding") and of a party organization ("joint"), as
 * forms and outputs give them; literals. */
const char *sso_stage_name(sso_stage stage);
const char *sso_party_org_name(sso_party_org p);

/* A person on a form: the sponsor (a person, or a unit), the leader, a member. */
typedef struct sso_person {
	char *name;
	char *id_number;
	char *phone;
	char *role; /* members: 会长, 队长 ... */
	char *unit; /* a sponsoring unit instead of a person */
	int party_member;
	unsigned line; /* where it was given */
} sso_person;

/* The keys of an organization's data, as bits of sso_orgdata.has. */
enum {
	SSO_F_NAME = 1u << 0,
	SSO_F_FORM = 1u << 1,
	SSO_F_BRAND = 1u << 2,
	SSO_F_CATEGORY = 1u << 3,
	SSO_F_COMMUNITY = 1u << 4,
	SSO_F_STAGE = 1u << 5,
	SSO_F_SCOPE = 1u << 6,
	SSO_F_VENUE = 1u << 7,
	SSO_F_FOUNDED = 1u << 8,
	SSO_F_SPONSOR = 1u << 9,
	SSO_F_LEADER = 1u << 10,
	SSO_F_PARTY_ORG = 1u << 11,
	SSO_F_HUB = 1u << 12,
	SSO_F_CHARTER = 1u << 13,
	SSO_F_MEMBERS = 1u << 14,
	SSO_F_ACTIVITIES = 1u << 15,
};

/* The form key of one SSO_F_* bit ("venue"); "?" for none. */
const char *sso_orgdata_key(unsigned bit);

/* An organization's data: all of it for a filing, what changes for a change. */
typedef struct sso_orgdata {
	unsigned has;   /* SSO_F_* of the keys read and valid */
	unsigned given; /* SSO_F_* of the keys a form gave, valid or not (its
			    * bad values were reported where they stand) */
	char *name;
	unsigned name_line; /* where the name was given; 0 if not from a file */
	sso_legal_form form;
	char *brand;
	char *category;
	char *community; /* a community code (a name given is turned into its code) */
	sso_stage stage;
	char *scope;
	char *venue;
	sso_date founded;
	sso_person sponsor;
	sso_person leader;
	sso_party_org party_org;
	int hub;
	char *charter;
	size_t nmembers;
	sso_person *members;
	char *activities; /* an activity group's major activities */
} sso_orgdata;

typedef enum sso_form_kind {
	SSO_KIND_FILING = 0, /* 备案表 */
	SSO_KIND_CHANGE,     /* 变更重新备案 */
	SSO_KIND_TERMINATION,
	SSO_KIND_GROUP, /* 社区活动小组 */
} sso_form_kind;

/* The name of a form's kind ("termination"), a literal. */
const char *sso_form_kind_name(sso_form_kind kind);

/* 全体成员会议: the all-member vote on a termination. */
typedef struct sso_vote {
	sso_date date;
	int members, present, in_favour, against, abstain;
} sso_vote;

typedef struct sso_form {
	sso_form_kind kind;
	unsigned line; /* where the document starts */
	long org;      /* change, termination: the organization */
	char *reason;
	sso_orgdata data; /* filing, group: the data; change: the changes */
	int has_vote;
	sso_vote vote;
	char *commendation; /* termination: 纪念牌, 表扬信 ... */
} sso_form;

/* Read one form from a document and check it against the configuration and
 * today: its keys (an unknown key is named), the types and formats of its
 * values, ID and phone numbers, the community and category, the naming rules
 * of a filing, the leader on the roster. Every problem is reported to diag as
 * "file:line:col: message". Returns 0, or SSO_EINPUT if anything was reported,
 * or another negative code (out of memory, a charter_file that cannot be
 * read). The caller clears *out with sso_form_clear() in every case. */
int sso_form_read(sso_form *out, const sso_ydoc *doc, const sso_config *cfg, sso_date today,
		  sso_diag *diag);

/* As sso_form_read(), but a filing or group form need not be complete: its
 * values are checked, not whether every required key is there (the caller
 * checks the whole after merging it with other data). */
int sso_form_read_partial(sso_form *out, const sso_ydoc *doc, const sso_config *cfg, sso_date today,
			  sso_diag *diag);

/* Check an organization's whole data as a filing (or, with SSO_KIND_GROUP,
 * an activity group) needs it: every required key, the naming rules (filings),
 * the leader on the roster, no ID number twice. Messages name file and the
 * line of the key, or line where there is none. Returns 0 or SSO_EINPUT
 * (problems reported to diag). */
int sso_orgdata_check(const sso_orgdata *d, sso_form_kind kind, const sso_config *cfg,
		      const char *file, unsigned line, sso_diag *diag);

/* Overlay the keys changes has onto base (copies). Returns 0 or SSO_ENOMEM. */
int sso_orgdata_apply(sso_orgdata *base, const sso_orgdata *changes);

/* How an organization's data, or a form, is written as YAML. */
typedef enum sso_form_style {
	SSO_FORM_STORED = 0, /* for the store and the archive: the form's own keys in
			      * their fixed order, the roster as members: */
	SSO_FORM_SHOWN,      /* for people (sso-file show): the roster as roster:, the
			      * activities before the charter */
} sso_form_style;

/* Write the keys d has, less those of skip (SSO_F_* bits), into the mapping
 * open in e, in style's order; masked masks the ID and phone numbers. The
 * one writer of an organization's data, for stored forms and for show. */
void sso_orgdata_emit(sso_yemit *e, const sso_orgdata *d, sso_form_style style, unsigned skip,
		      int masked);

/* Write a form's keys into the mapping open in e. Stored: kind, org, reason,
 * the data (a change's under changes:), vote, commendation, as
 * sso_form_yaml() writes them. Shown: the name, the reason, the rest of the
 * data, vote, commendation. masked as for sso_orgdata_emit(). */
void sso_form_emit(sso_yemit *e, const sso_form *f, sso_form_style style, int masked);

/* Write a form as canonical YAML (keys in a fixed order, nothing masked), for
 * the store and the archive. Returns 0 with *out (caller frees) or an error. */
int sso_form_yaml(char **out, const sso_form *f);

/* Read back what sso_form_yaml() wrote, without checking it against the
 * configuration (which may have changed since). */
int sso_form_from_yaml(sso_form *out, const char *yaml, const char *name);

/* Write a person as a YAML mapping (under key, or as a sequence item when
 * key is NULL); party adds party_member; masked masks the ID and phone
 * numbers, for output. */
void sso_person_emit(sso_yemit *e, const char *key, const sso_person *p, int party, int masked);

/* The roster as CSV (name,id_number,phone,role,party_member), for the archive. */
int sso_orgdata_roster_csv(char **out, const sso_orgdata *d);

/* Free what an organization's data or a form holds and zero it (a zeroed
 * one is fine, so is clearing twice, and so is NULL). */
void sso_orgdata_clear(sso_orgdata *d);
void sso_form_clear(sso_form *f);

#endif

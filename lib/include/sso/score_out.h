/* score_out.h - the tables of scores: activity per organization, street or
 * district, rubric evaluations, satisfaction evaluations, count targets */
#ifndef SSO_SCORE_OUT_H
#define SSO_SCORE_OUT_H

#include <stdio.h>

#include "sso/out.h"
#include "sso/rubric.h"
#include "sso/score.h"

/* Print the tally as a table on fp (borrowed), in the format of o: one row
 * per organization in org_id order (by SSO_BY_ORG: org_id, activities,
 * participants, quarters_active, active, every_quarter, index), or per
 * street or district (street|district, orgs, active, active_rate,
 * every_quarter, every_quarter_rate, mean_index, targets_met). Returns 0,
 * or SSO_ENOMEM / SSO_EIO (a failed write of fp). */
int sso_tally_print(sso_tally *a, sso_tally_by by, const sso_out_options *o, FILE *fp);

/* Print an evaluation against rubric r: the id column, one column per item,
 * total, grade and grade_label. Returns 0, or SSO_ENOMEM / SSO_EIO. */
int sso_eval_print(const sso_eval *e, const sso_rubric *r, const sso_out_options *o, FILE *fp);

/* Print a satisfaction evaluation against rubric r: org_id, raters, one
 * column per rater group (empty where the group is absent), satisfaction.
 * Returns 0, or SSO_ENOMEM / SSO_EIO. */
int sso_satisfaction_print(const sso_satisfaction *s, const sso_rubric *r, const sso_out_options *o,
			   FILE *fp);

/* The rows of the targets' table: one per community, street, or district
 * (with the whole jurisdiction last, as "total"). */
typedef enum sso_targets_level {
	SSO_TARGETS_COMMUNITY = 0,
	SSO_TARGETS_STREET,
	SSO_TARGETS_DISTRICT,
} sso_targets_level;

/* Print the targets at one level. Returns 0, or SSO_ENOMEM / SSO_EIO. */
int sso_targets_print(const sso_targets *t, sso_targets_level level, const sso_out_options *o,
		      FILE *fp);

#endif

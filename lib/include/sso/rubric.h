/* rubric.h - scoring rubrics (评分细则) from YAML: the Wenzhou platform guide,
 * the Shenzhen comprehensive evaluation, the Tianjin satisfaction evaluation,
 * or a file of one's own; evaluations and satisfaction surveys scored with them */
#ifndef SSO_RUBRIC_H
#define SSO_RUBRIC_H

#include <stddef.h>

#include "sso/config.h"
#include "sso/error.h"
#include "sso/input.h"

/*
 * Numbers of a rubric and of scores are decimals with at most three places,
 * kept exactly as thousandths (12.5 is 12500). Totals are printed with one
 * decimal, rounded half away from zero, and a total is graded as printed, so
 * that the grade always agrees with the number beside it.
 */
typedef struct sso_rubric_item {
	char *key, *label;
	long long max;    /* thousandths, > 0 */
	long long weight; /* thousandths; method weighted_mean only, else 0 */
	size_t naliases;  /* other names accepted for the item (rater groups) */
	char **aliases;
	unsigned line;
} sso_rubric_item;

typedef struct sso_rubric_grade {
	char *key, *label;
	long long min; /* thousandths */
	unsigned line;
} sso_rubric_grade;

typedef enum sso_rubric_method {
	SSO_RUBRIC_SUM = 0,  /* total = sum of the items (rescaled to scale) */
	SSO_RUBRIC_WEIGHTED, /* total = weighted mean of the items given */
} sso_rubric_method;

typedef struct sso_rubric {
	char *name, *title;
	char *file; /* where it came from ("built-in platform" or a path) */
	sso_rubric_method method;
	long long scale; /* thousandths; 0: no rescaling */
	long long top;   /* the highest total: scale, the sum of maxima, or the highest maximum */
	size_t nitems;
	sso_rubric_item *items;
	size_t ngrades; /* 0: no grades */
	sso_rubric_grade *grades;
} sso_rubric;

/* The names of the built-in rubrics, NULL-terminated. */
extern const char *const sso_rubric_builtins[];

/* The YAML text of a built-in rubric, or NULL if there is none of that name. */
const char *sso_rubric_builtin(const char *name);

/* Parse and validate a rubric from text, naming it file in messages.
 * Returns 0, or SSO_EINPUT "file:line:col: what is wrong" (an unknown key, a
 * missing or repeated item key, a maximum that is not a positive number,
 * grades out of order or not ending at 0, a weight where none belongs or
 * missing where one does). The caller frees *out with sso_rubric_free(). */
int sso_rubric_parse(sso_rubric **out, const char *file, const char *text, size_t len);

/* Load a rubric by name or path: a name containing '/' or ending in .yaml is
 * a file; otherwise NAME.yaml in the configuration's rubrics.path
 * directories, in order, then the built-in rubric of that name. Returns 0,
 * SSO_ENOINPUT (a file that cannot be read), SSO_EUSAGE (no such rubric,
 * naming the built-in ones), or SSO_EINPUT as sso_rubric_parse(). */
int sso_rubric_load(sso_rubric **out, const char *name_or_path, const sso_config *cfg);

/* Free a rubric. NULL is fine. */
void sso_rubric_free(sso_rubric *r);

/* The total of one subject, in tenths: scores[i] is item i's score in
 * thousandths (0..max), or -1 when the item was not given (weighted_mean
 * only: its weight is left out, the others renormalised). Returns 0, or
 * SSO_EINPUT when no item was given. */
int sso_rubric_total(const sso_rubric *r, const long long *scores, long long *total_tenths);

/* The grade of a total (tenths): the first band whose min it reaches, or
 * NULL when the rubric has no grades. Borrowed from r. */
const sso_rubric_grade *sso_rubric_grade_of(const sso_rubric *r, long long total_tenths);

/* The item a name (key, label or alias) stands for, or -1. */
long sso_rubric_item_find(const sso_rubric *r, const char *name);

/* An evaluation: subjects scored with a rubric, in input order. */
typedef struct sso_eval_row {
	char *id;
	long long *scores;             /* thousandths, -1 not given */
	long long total;               /* tenths */
	const sso_rubric_grade *grade; /* NULL: no grades */
} sso_eval_row;

typedef struct sso_eval {
	char *id_column; /* the input's first column's name */
	size_t n;
	sso_eval_row *rows;
} sso_eval;

/* Score CSV rows: the first column is the subject's id, then one column per
 * item key (in any order; other columns are ignored). Every bad row (a score
 * above its maximum, negative or not a number, an empty or repeated id, a
 * ragged row) is reported to diag with its line and reading goes on; then
 * the result is SSO_EINPUT and *out is NULL. A missing item column is
 * SSO_EINPUT at once. The caller frees *out with sso_eval_free(). */
int sso_eval_read(sso_eval **out, const sso_rubric *r, sso_input *in, sso_diag *diag);

/* Free an evaluation and its rows. NULL is fine. */
void sso_eval_free(sso_eval *e);

/* Satisfaction evaluation (满意度测评, Tianjin 第一条): rows
 * org_id,rater_group,score, one per rater; the groups are the items of a
 * weighted_mean rubric (built-in: committee 两委 0.4, resident_rep
 * 居（村）民代表 0.4, unit 辖区单位 0.2). */
typedef struct sso_satisfaction_row {
	char *org;
	long long raters;
	long long *count; /* raters per group */
	long long *mean;  /* each group's mean score, tenths; -1: no rater */
	long long result; /* weighted over the groups present, tenths */
} sso_satisfaction_row;

typedef struct sso_satisfaction {
	size_t n;
	sso_satisfaction_row *rows; /* in org_id order */
} sso_satisfaction;

/* Read the ratings; bad rows as sso_eval_read() (an unknown group, a score
 * out of 0..max). Returns 0, or SSO_EINPUT with *out NULL. The caller frees
 * *out with sso_satisfaction_free(). */
int sso_satisfaction_read(sso_satisfaction **out, const sso_rubric *r, sso_input *in,
			  sso_diag *diag);

/* Free a satisfaction evaluation. NULL is fine. */
void sso_satisfaction_free(sso_satisfaction *s);

#endif

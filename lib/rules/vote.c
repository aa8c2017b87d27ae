/* vote.c - the all-member vote (全体成员会议): numbers that add up, and the configured rule */
#include <assert.h>
#include <stdio.h>

#include "sso/error.h"
#include "sso/vote.h"

int sso_vote_check(const char **field, const sso_vote *v)
{
	const char *at = NULL;
	int rc = 0;

	assert(v);
	if (v->members < 1) {
		at = "members";
		rc = sso_error_set(SSO_EINPUT, "the vote's members must be at least 1, not %d",
				   v->members);
	} else if (v->present < 0 || v->in_favour < 0 || v->against < 0 || v->abstain < 0) {
		at = v->present < 0     ? "present"
		     : v->in_favour < 0 ? "for"
		     : v->against < 0   ? "against"
					: "abstain";
		rc = sso_error_set(SSO_EINPUT, "the vote's numbers do not add up: %s is negative",
				   at);
	} else if (v->present > v->members) {
		at = "present";
		rc = sso_error_set(SSO_EINPUT,
				   "the vote's numbers do not add up: %d present, but only %d "
				   "members",
				   v->present, v->members);
	} else if (v->in_favour + v->against + v->abstain != v->present) {
		at = "present";
		rc = sso_error_set(SSO_EINPUT,
				   "the vote's numbers do not add up: for + against + abstain "
				   "is %d, but %d were present",
				   v->in_favour + v->against + v->abstain, v->present);
	}
	if (field)
		*field = at;
	return rc;
}

int sso_vote_passes(const sso_config *cfg, const sso_vote *v, char *why, size_t cap)
{
	assert(cfg && v);
	if (!sso_ratio_reached(cfg->vote_quorum, v->present, v->members)) {
		if (why)
			snprintf(why, cap,
				 "%d of %d members were present; the quorum is %lld/%lld of all "
				 "members",
				 v->present, v->members, cfg->vote_quorum.num,
				 cfg->vote_quorum.den);
		return 0;
	}
	if (!sso_ratio_exceeded(cfg->vote_in_favour, v->in_favour, v->members)) {
		if (why)
			snprintf(why, cap,
				 "%d of %d members voted for; more than %g of all members must",
				 v->in_favour, v->members, sso_ratio_value(cfg->vote_in_favour));
		return 0;
	}
	if (why && cap)
		why[0] = '\0';
	return 1;
}

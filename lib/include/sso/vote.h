/* vote.h - the all-member vote (全体成员会议) a termination needs: its numbers and its rule */
#ifndef SSO_VOTE_H
#define SSO_VOTE_H

#include <stddef.h>

#include "sso/config.h"
#include "sso/form.h" /* sso_vote */

/* Do a vote's numbers make sense: at least one member, none negative, no more
 * present than members, for + against + abstain equal to those present?
 * Returns 0, or SSO_EINPUT with a detail that says what does not add up;
 * *field (if not NULL) is then the key at fault ("members", "present", ...),
 * a literal. */
int sso_vote_check(const char **field, const sso_vote *v);

/* Does a vote pass the configured rule (present/members >= quorum, for/members
 * > in favour)? Returns 1 or 0; why (if not NULL) says how it fell short. */
int sso_vote_passes(const sso_config *cfg, const sso_vote *v, char *why, size_t cap);

#endif

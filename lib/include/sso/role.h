/* role.h - who acts: the roles of the specification's section 2, and actors */
#ifndef SSO_ROLE_H
#define SSO_ROLE_H

/* Roles of section 2 of the specification. */
typedef enum sso_role {
	SSO_ROLE_NONE = 0,
	SSO_ROLE_SPONSOR,   /* 发起人 */
	SSO_ROLE_COMMITTEE, /* 居（村）委会 */
	SSO_ROLE_STREET,    /* 街道办事处 / 乡镇政府 */
	SSO_ROLE_HUB,       /* 枢纽型社会组织 */
	SSO_ROLE_DISTRICT,  /* 区民政局 */
	SSO_ROLE_ANALYST,
} sso_role;

typedef struct sso_actor {
	sso_role role;
	char name[128];
} sso_actor;

/* Parse "ROLE:NAME" (from --as or $SSO_ACTOR). Returns 0 or SSO_EUSAGE naming
 * the roles. */
int sso_actor_parse(sso_actor *out, const char *text);

/* The role's keyword ("street"; "" for SSO_ROLE_NONE), as --as takes it. A
 * static string. */
const char *sso_role_name(sso_role role);

#endif

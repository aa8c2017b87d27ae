/* name.h - the naming rules for organizations (Chongqing 十二, Wenzhou 规范名称) */
#ifndef SSO_NAME_H
#define SSO_NAME_H

#include "sso/config.h"
#include "sso/input.h"

typedef enum sso_legal_form {
	SSO_SOCIAL_GROUP = 0, /* 社会团体 */
	SSO_SERVICE_ORG,      /* 民办非企业单位 / 社会服务机构 */
	SSO_FOUNDATION,       /* 基金会 */
} sso_legal_form;

/* Parse social_group, service_org, foundation. Returns 0 or SSO_EINPUT. */
int sso_legal_form_parse(sso_legal_form *out, const char *text);
const char *sso_legal_form_name(sso_legal_form form);

/*
 * Check an organization's name against the rules, in order: no forbidden
 * word; it begins with the district (a city's 区 preceded by the city's name);
 * then the street or township; then optionally its own community; for service
 * organizations and foundations then the brand (字号, at least two Chinese
 * characters; optional for social groups); then the business scope (optional
 * only for foundations); and it ends with a suffix allowed for its legal form.
 *
 * brand may be NULL or "". Returns 0 when the name follows the rules,
 * SSO_EREFUSED with the broken rule as the detail, or another negative code.
 */
int sso_name_check(const sso_config *cfg, const char *name, sso_legal_form form,
		   const sso_community *community, const char *brand);

/* Called once per name checked by sso_name_check_input(): reason is NULL when
 * the name is fine. line is where the name was found. */
typedef int (*sso_name_fn)(void *payload, const char *name, const char *reason, size_t line);

/* Check every name of an input: CSV with a header name,form,community[,brand]
 * (csv nonzero), or a YAML stream of forms (their name, form, community and
 * brand keys). Returns the number of names that fail (0 if all are fine), or
 * a negative code for bad input (SSO_EINPUT with file and line). */
int sso_name_check_input(const sso_config *cfg, sso_input *in, int csv, sso_name_fn fn,
			 void *payload);

/*
 * Refuse text that holds a character which prints as nothing and so makes two
 * texts look alike: a control character (Unicode category Cc, such as ESC or
 * BEL; tab, CR and LF too unless breaks is nonzero), a format character (Cf:
 * the zero-width space U+200B, the joiners U+200C and U+200D, the BOM U+FEFF,
 * the bidirectional controls) or a line or paragraph separator. what names
 * the text in the detail ("the reason"). NULL is fine. Returns 0, or code with
 * the detail "WHAT holds an invisible character U+200B (a format character,
 * Cf) at byte N: type it again without it".
 */
int sso_text_visible(const char *text, const char *what, int breaks, int code);

/* Does the UTF-8 text hold a space of any kind (Unicode Zs, such as U+00A0 or
 * the ideographic space U+3000), a tab or a line break? */
int sso_text_has_space(const char *text);

/*
 * The key under which two names are one name: the name's Unicode NFKC form
 * (ICU), so that the Kangxi radical ⽂ (U+2F42) is 文 and full-width letters
 * and digits are ASCII. A name is stored as it was typed and compared by its
 * key. Returns 0 with *out the caller's (free()), SSO_EINPUT for text that is
 * not UTF-8, SSO_ENOMEM or SSO_EINTERNAL.
 */
int sso_name_key(char **out, const char *name);

#endif

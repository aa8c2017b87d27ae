/* template.h - "{name}" and "{name:N}" placeholders filled from a table (private) */
#ifndef SSO_TEMPLATE_H
#define SSO_TEMPLATE_H

#include <stddef.h>

/* Fill tpl's placeholders with values[i] for names[i]; "{name:N}" left-pads
 * the value with zeros to N characters; "{{" and "}}" are literal braces.
 * values may be NULL to only check the template. Returns 0 with *out (caller
 * frees; NULL when only checking), or SSO_EINPUT naming an unknown or
 * unclosed placeholder. */
int sso_template__fill(char **out, const char *tpl, const char *const *names,
		       const char *const *values, size_t n);

#endif

/* unitext.c - what Unicode says of a name: characters that print as nothing, and
 * the NFKC key under which two names that look alike are one name (ICU) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "sso/error.h"
#include "sso/name.h"

/* What kind of invisible character c is, for the message, or NULL if it
 * prints. */
static const char *invisible_kind(UChar32 c, int breaks)
{
	switch (u_charType(c)) {
	case U_CONTROL_CHAR:
		if (breaks && (c == '\n' || c == '\r' || c == '\t'))
			return NULL;
		return "a control character, Cc";
	case U_FORMAT_CHAR: return "a format character, Cf";
	case U_LINE_SEPARATOR:
	case U_PARAGRAPH_SEPARATOR: return "a line separator";
	default: return NULL;
	}
}

int sso_text_visible(const char *text, const char *what, int breaks, int code)
{
	const uint8_t *s = (const uint8_t *)text;
	int32_t len, i = 0;

	if (!text)
		return 0;
	if (strlen(text) > INT32_MAX)
		return sso_error_set(code, "%s is too long", what);
	len = (int32_t)strlen(text);
	while (i < len) {
		int32_t at = i;
		const char *kind;
		UChar32 c;

		U8_NEXT(s, i, len, c);
		if (c < 0)
			return sso_error_set(code, "%s is not UTF-8 text (byte %d)", what,
					     (int)at + 1);
		if ((kind = invisible_kind(c, breaks)))
			return sso_error_set(code,
					     "%s holds an invisible character U+%04X (%s) at byte "
					     "%d: type it again without it",
					     what, (unsigned)c, kind, (int)at + 1);
	}
	return 0;
}

int sso_text_has_space(const char *text)
{
	const uint8_t *s = (const uint8_t *)text;
	int32_t len = (int32_t)strnlen(text, INT32_MAX), i = 0;

	while (i < len) {
		UChar32 c;

		U8_NEXT(s, i, len, c);
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    (c > 0 && u_charType(c) == U_SPACE_SEPARATOR))
			return 1;
	}
	return 0;
}

int sso_name_key(char **out, const char *name)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&err);
	UChar *u16 = NULL, *norm = NULL;
	int32_t n16 = 0, nnorm, n8 = 0, len;
	char *key = NULL;
	int rc = 0;

	*out = NULL;
	if (strlen(name) > INT32_MAX / 4)
		return sso_error_set(SSO_EINPUT, "the name is too long");
	len = (int32_t)strlen(name);
	if (U_FAILURE(err))
		return sso_error_set(SSO_EINTERNAL, "ICU has no NFKC data: %s", u_errorName(err));
	/* UTF-8 to UTF-16: at most one unit per byte */
	if (!(u16 = malloc(((size_t)len + 1) * sizeof(*u16)))) {
		rc = sso_error_set(SSO_ENOMEM, "out of memory");
		goto done;
	}
	u_strFromUTF8(u16, len + 1, &n16, name, len, &err);
	if (U_FAILURE(err)) {
		rc = sso_error_set(SSO_EINPUT, "the name is not UTF-8 text");
		goto done;
	}
	/* NFKC grows a text at most 18 times (U+FDFA); ask ICU for the size */
	nnorm = unorm2_normalize(nfkc, u16, n16, NULL, 0, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) {
		rc = sso_error_set(SSO_EINTERNAL, "NFKC: %s", u_errorName(err));
		goto done;
	}
	err = U_ZERO_ERROR;
	if (!(norm = malloc(((size_t)nnorm + 1) * sizeof(*norm)))) {
		rc = sso_error_set(SSO_ENOMEM, "out of memory");
		goto done;
	}
	unorm2_normalize(nfkc, u16, n16, norm, nnorm + 1, &err);
	if (!U_FAILURE(err))
		u_strToUTF8(NULL, 0, &n8, norm, nnorm, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) {
		rc = sso_error_set(SSO_EINTERNAL, "NFKC: %s", u_errorName(err));
		goto done;
	}
	err = U_ZERO_ERROR;
	if (!(key = malloc((size_t)n8 + 1))) {
		rc = sso_error_set(SSO_ENOMEM, "out of memory");
		goto done;
	}
	u_strToUTF8(key, n8 + 1, NULL, norm, nnorm, &err);
	if (U_FAILURE(err)) {
		rc = sso_error_set(SSO_EINTERNAL, "NFKC: %s", u_errorName(err));
		goto done;
	}
	key[n8] = '\0';
	*out = key;
	key = NULL;
done:
	free(key);
	free(norm);
	free(u16);
	return rc;
}

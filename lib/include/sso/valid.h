/* valid.h - identifiers checked to the letter: ID numbers, phones, USCC; masking */
#ifndef SSO_VALID_H
#define SSO_VALID_H

#include <stddef.h>

#include "sso/date.h"

/* The ISO 7064 MOD 11-2 check character ('0'..'9' or 'X') of the first 17
 * digits of a resident ID number, or 0 if they are not 17 digits. */
char sso_idnum_check_char(const char *first17);

/* Check a resident ID number (GB 11643): 18 characters, 17 digits and a check
 * character (an x is read as X), a real date of birth no later than today, a
 * province code first. Returns 0, or SSO_EINPUT with a detail such as "ID
 * number check character is 3, not X". */
int sso_idnum_check(const char *id, sso_date today);

/* Check a phone number: an 11-digit mobile number (1[3-9]xxxxxxxxx) or a
 * landline with its area code (0xx-xxxxxxxx, the dash optional). Returns 0 or
 * SSO_EINPUT with a detail. */
int sso_phone_check(const char *phone);

/* The GB 32100 check character of the first 17 characters of a unified social
 * credit code, or 0 if one of them is not in its alphabet. */
char sso_uscc_check_char(const char *first17);

/* Check a unified social credit code (统一社会信用代码): 18 characters of
 * 0-9 and A-Z without I, O, S, V, Z, and the right check character. Returns 0
 * or SSO_EINPUT with a detail. */
int sso_uscc_check(const char *code);

/* Mask personal data for output: an ID number keeps its first 6 and last 4
 * characters (110101********1234), a phone its first 3 and last 4
 * (138****5678). Writes a NUL-terminated text of at most cap bytes. */
void sso_mask_idnum(const char *id, char *buf, size_t cap);
void sso_mask_phone(const char *phone, char *buf, size_t cap);

/* Mask, in place, the ID and phone numbers found in a free text (a reason, a
 * title, a venue, a role, an event's details), written as clerks write them:
 * an ID number (17 digits and a digit or X, with a province code and a real
 * date of birth) whole or in groups (110105 19491231 0029); a mobile
 * (1[3-9] and 9 digits) whole or 3-4-4 with spaces or dashes, after +86, 86
 * or 0086; a landline with its area code (022-23456789, 02223456789,
 * (022)23456789, 022 2345 6789); in ASCII or full-width digits. Each keeps its
 * first 6 (an ID number) or 3 digits and its last 4 and is starred between,
 * as sso_mask_idnum and sso_mask_phone would (110105********002X,
 * 138****8000, 022*****6789); dates, counts, money, org ids and unified
 * social credit codes are left alone. The length in bytes does not change
 * (a full-width character becomes ＊). Returns 1 if anything was masked. */
int sso_mask_text(char *text);

/* Copy text into *buf, grown as needed (*cap is its size; the caller frees
 * it), and mask the copy with sso_mask_text. Returns 0 or SSO_ENOMEM. */
int sso_mask_copy(const char *text, char **buf, size_t *cap);

/* Count the characters of a UTF-8 text, and how many are Chinese (Han
 * ideographs). */
void sso_utf8_count(const char *s, size_t len, size_t *chars, size_t *han);

/* Is text NULL, empty, or only spaces (ASCII blanks and the ideographic
 * space U+3000)? Such a name or reason says nothing. */
int sso_blank(const char *text);

#endif

/* name.c - 行政区划 + 街道 [+ 社区] + [字号] + 业务范围 + 组织形式, checked in order */
#include <stdlib.h>
#include <string.h>

#include "sso/csv.h"
#include "sso/error.h"
#include "sso/name.h"
#include "sso/valid.h"
#include "sso/ydoc.h"

static const char *const form_names[] = {"social_group", "service_org", "foundation"};
static const char *const form_zh[] = {"社会团体", "民办非企业单位", "基金会"};
static const char *const form_label[] = {"social group (社会团体)",
					 "service organization (民办非企业单位)",
					 "foundation (基金会)"};

int sso_legal_form_parse(sso_legal_form *out, const char *text)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(text, form_names[i]) || !strcmp(text, form_zh[i])) {
			*out = (sso_legal_form)i;
			return 0;
		}
	return sso_error_set(SSO_EINPUT,
			     "form must be social_group, service_org or foundation, not '%s'",
			     text);
}

const char *sso_legal_form_name(sso_legal_form form)
{
	return form_names[form];
}

static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static const sso_strlist *suffixes(const sso_config *cfg, sso_legal_form form)
{
	return form == SSO_SOCIAL_GROUP  ? &cfg->suffix_social_group
	       : form == SSO_SERVICE_ORG ? &cfg->suffix_service_org
					 : &cfg->suffix_foundation;
}

static void join(const sso_strlist *l, char *buf, size_t cap)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < l->count && used + 1 < cap; i++) {
		int n = snprintf(buf + used, cap - used, "%s%s", i ? "、" : "", l->items[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

int sso_name_check(const sso_config *cfg, const char *name, sso_legal_form form,
		   const sso_community *community, const char *brand)
{
	const sso_street *street = community->street;
	const sso_district *district = street->district;
	const sso_strlist *sfx = suffixes(cfg, form);
	size_t dlen = strlen(district->name), best = 0, rest_len, chars, han;
	int is_qu = dlen >= 3 && !strcmp(district->name + dlen - 3, "区");
	const char *p = name, *suffix = NULL;
	char prefix[512], list[512], *key;
	int rc;

	if (!*name)
		return sso_error_set(SSO_EREFUSED, "the name is empty");
	if (sso_text_visible(name, "the name", 0, SSO_EREFUSED) < 0)
		return SSO_EREFUSED;
	if (sso_text_has_space(name))
		return sso_error_set(SSO_EREFUSED, "the name contains spaces");
	/* a forbidden word is found in the name as typed and as compared (NFKC) */
	if ((rc = sso_name_key(&key, name)) < 0)
		return rc == SSO_EINPUT ? sso_error_set(SSO_EREFUSED, "the name is not UTF-8") : rc;
	for (size_t i = 0; i < cfg->forbidden_words.count; i++)
		if (strstr(name, cfg->forbidden_words.items[i]) ||
		    strstr(key, cfg->forbidden_words.items[i])) {
			free(key);
			return sso_error_set(SSO_EREFUSED,
					     "the name contains the word %s, which community "
					     "organizations may not use",
					     cfg->forbidden_words.items[i]);
		}
	free(key);

	/* 行政区划: a city's district (区) carries the city's name first */
	snprintf(prefix, sizeof(prefix), "%s%s", is_qu && cfg->city ? cfg->city : "",
		 district->name);
	if (!starts(p, prefix))
		return sso_error_set(SSO_EREFUSED, "the name must begin with the district: %s",
				     prefix);
	p += strlen(prefix);
	if (!starts(p, street->name))
		return sso_error_set(SSO_EREFUSED,
				     "the name must name the street or township %s right after %s",
				     street->name, prefix);
	p += strlen(street->name);
	if (starts(p, community->name)) {
		p += strlen(community->name);
	} else {
		for (size_t i = 0; i < street->ncommunities; i++) {
			const sso_community *c = &street->communities[i];

			if (c != community && starts(p, c->name))
				return sso_error_set(SSO_EREFUSED,
						     "the name names %s, but the organization is "
						     "in %s",
						     c->name, community->name);
		}
	}

	/* 组织形式: the longest allowed suffix that ends the name */
	rest_len = strlen(p);
	for (size_t i = 0; i < sfx->count; i++) {
		size_t n = strlen(sfx->items[i]);

		if (n > best && n <= rest_len && !strcmp(p + rest_len - n, sfx->items[i])) {
			best = n;
			suffix = sfx->items[i];
		}
	}
	if (!suffix) {
		join(sfx, list, sizeof(list));
		return sso_error_set(SSO_EREFUSED, "the name of a %s must end with one of: %s",
				     form_label[form], list);
	}

	/* 字号 */
	if (brand && *brand) {
		sso_utf8_count(brand, strlen(brand), &chars, &han);
		if (han < 2 || han != chars)
			return sso_error_set(SSO_EREFUSED,
					     "the brand (字号) '%s' must be two or more Chinese "
					     "characters",
					     brand);
		if (!starts(p, brand))
			return sso_error_set(SSO_EREFUSED,
					     "the brand (字号) %s must stand right after the place "
					     "names",
					     brand);
		p += strlen(brand);
		rest_len -= strlen(brand);
	} else if (form != SSO_SOCIAL_GROUP) {
		return sso_error_set(SSO_EREFUSED,
				     "a %s needs a brand (字号) of two or more Chinese characters: "
				     "give it in the form's brand key",
				     form_label[form]);
	}

	/* 业务范围 */
	if (rest_len < best)
		return sso_error_set(SSO_EREFUSED, "the brand runs into the suffix %s", suffix);
	if (rest_len == best && form != SSO_FOUNDATION)
		return sso_error_set(SSO_EREFUSED,
				     "the name has no business scope (业务范围) before %s", suffix);
	return 0;
}

/* ---- checking a whole input ---- */

typedef struct batch {
	const sso_config *cfg;
	sso_name_fn fn;
	void *payload;
	const char *file;
	int failed;
	int header_seen;
	sso_csv_column cols[4];
} batch;

/* Check one name given as texts; report it. Returns 0 or fn's code. */
/* Check one name; line[] is where its name, form and community stand. */
static int check_one(batch *b, const char *name, const char *form_text, const char *community,
		     const char *brand, const size_t line[3])
{
	sso_legal_form form = SSO_SOCIAL_GROUP;
	const sso_community *c;
	int rc;

	if (strpbrk(name, "\t\r\n"))
		return sso_error_set(SSO_EINPUT,
				     "%s:%zu: the name holds a tab or a line break: a name "
				     "is one line",
				     b->file, line[0]);
	if (sso_legal_form_parse(&form, form_text) < 0)
		return sso_error_set(SSO_EINPUT, "%s:%zu: %s", b->file, line[1], sso_error_last());
	if (!(c = sso_config_community(b->cfg, community)))
		return sso_error_set(SSO_EINPUT, "%s:%zu: %s", b->file, line[2], sso_error_last());
	rc = sso_name_check(b->cfg, name, form, c, brand);
	if (rc < 0 && rc != SSO_EREFUSED)
		return rc;
	b->failed += rc < 0;
	return b->fn(b->payload, name, rc < 0 ? sso_error_last() : NULL, line[0]);
}

static int csv_row(void *payload, const sso_csv_row *row)
{
	batch *b = payload;
	const sso_csv_column *c = b->cols;
	const size_t lines[3] = {row->line, row->line, row->line};

	if (!b->header_seen) {
		b->header_seen = 1;
		return sso_csv_header(row, b->cols, 4, b->file);
	}
	if (row->count < 3 || (c[3].index >= 0 && row->count <= (size_t)c[3].index))
		return sso_error_set(SSO_EINPUT,
				     "%s:%zu: the row has %zu fields; it needs name, form and "
				     "community",
				     b->file, row->line, row->count);
	return check_one(b, row->fields[c[0].index], row->fields[c[1].index],
			 row->fields[c[2].index], c[3].index >= 0 ? row->fields[c[3].index] : NULL,
			 lines);
}

static const char *text_of(const sso_ynode *n)
{
	return n && n->type == SSO_YSCALAR && !sso_ynode_is_null(n) ? n->str : NULL;
}

int sso_name_check_input(const sso_config *cfg, sso_input *in, int csv, sso_name_fn fn,
			 void *payload)
{
	batch b = {cfg,
		   fn,
		   payload,
		   sso_input_name(in),
		   0,
		   0,
		   {{"name", 1, -1}, {"form", 1, -1}, {"community", 1, -1}, {"brand", 0, -1}}};
	sso_yreader *r = NULL;
	sso_ydoc *doc = NULL;
	int rc;

	if (csv) {
		rc = sso_csv_read(in, ',', csv_row, &b);
		return rc < 0 ? rc : b.failed;
	}
	if ((rc = sso_yreader_new(&r, in)) < 0)
		return rc;
	while ((rc = sso_yreader_next(&doc, r)) == 1) {
		static const char *const keys[3] = {"name", "form", "community"};
		const sso_ynode *root = sso_ydoc_root(doc), *n[3];
		const char *text[3];
		size_t lines[3];
		int missing = -1;

		if (sso_ynode_is_null(root)) {
			sso_ydoc_free(doc);
			continue;
		}
		for (int k = 2; k >= 0; k--) {
			n[k] = sso_ynode_get(root, keys[k]);
			text[k] = text_of(n[k]);
			lines[k] = n[k] ? n[k]->line : root->line;
			if (!text[k])
				missing = k;
		}
		if (missing >= 0)
			rc = sso_error_set(SSO_EINPUT,
					   "%s:%zu: the form needs a %s to check its name (name, "
					   "form and community)",
					   b.file, lines[missing], keys[missing]);
		else
			rc = check_one(&b, text[0], text[1], text[2],
				       text_of(sso_ynode_get(root, "brand")), lines);
		sso_ydoc_free(doc);
		if (rc < 0)
			break;
	}
	sso_yreader_free(r);
	return rc < 0 ? rc : b.failed;
}

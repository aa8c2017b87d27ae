/* ydoc.c - build YAML trees with positions from libyaml's event stream */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/grow.h"
#include "sso/error.h"
#include "sso/ydoc.h"

#define DEPTH_MAX 64
#define BLOCK     65536

struct sso_yreader {
	sso_input *in;
	yaml_parser_t parser;
	int rc; /* the input's error, if reading failed */
	int done;
	size_t fed, doc_start; /* bytes given to libyaml: in all, and when the document began */
	char *dir;
};

struct block {
	struct block *next;
	size_t used, size;
	max_align_t data[];
};

struct sso_ydoc {
	struct block *blocks;
	sso_ynode *root;
	char *file;
	char *dir;
};

static void *arena_alloc(sso_ydoc *doc, size_t size)
{
	struct block *b = doc->blocks;
	void *p;

	size = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (!b || b->used + size > b->size) {
		size_t want = size > BLOCK ? size : BLOCK;

		b = malloc(sizeof(*b) + want);
		if (!b)
			return NULL;
		b->size = want;
		b->used = 0;
		b->next = doc->blocks;
		doc->blocks = b;
	}
	p = (char *)b->data + b->used;
	b->used += size;
	return p;
}

void sso_ydoc_free(sso_ydoc *doc)
{
	if (!doc)
		return;
	while (doc->blocks) {
		struct block *next = doc->blocks->next;
		free(doc->blocks);
		doc->blocks = next;
	}
	free(doc->file);
	free(doc->dir);
	free(doc);
}

const sso_ynode *sso_ydoc_root(const sso_ydoc *doc)
{
	return doc->root;
}

const char *sso_ydoc_file(const sso_ydoc *doc)
{
	return doc->file;
}

const char *sso_ydoc_dir(const sso_ydoc *doc)
{
	return doc->dir;
}

const sso_ynode *sso_ynode_get(const sso_ynode *map, const char *key)
{
	if (!map || map->type != SSO_YMAP)
		return NULL;
	for (size_t i = 0; i < map->count; i++)
		if (!strcmp(map->kids[2 * i]->str, key))
			return map->kids[2 * i + 1];
	return NULL;
}

int sso_ynode_is_null(const sso_ynode *n)
{
	return n && n->type == SSO_YSCALAR && !n->quoted &&
	       (n->len == 0 || !strcmp(n->str, "~") || !strcmp(n->str, "null") ||
		!strcmp(n->str, "Null") || !strcmp(n->str, "NULL"));
}

static int input_handler(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	sso_yreader *r = data;
	long n = sso_input_read(r->in, (char *)buffer, size);

	if (n < 0) {
		r->rc = (int)n;
		return 0;
	}
	r->fed += (size_t)n;
	/* libyaml keeps a scalar whole: cap the document before it grows */
	if (r->fed - r->doc_start > SSO_YDOC_MAX) {
		r->rc = sso_error_set(SSO_EINPUT,
				      "%s:%zu: the document is larger than %d MB: split it "
				      "(a charter is at most 16 MB)",
				      sso_input_name(r->in), sso_input_line(r->in),
				      (int)(SSO_YDOC_MAX >> 20));
		return 0;
	}
	*size_read = (size_t)n;
	return 1;
}

int sso_yreader_new(sso_yreader **out, sso_input *in)
{
	sso_yreader *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r || !yaml_parser_initialize(&r->parser)) {
		free(r);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	r->in = in;
	yaml_parser_set_input(&r->parser, input_handler, r);
	*out = r;
	return 0;
}

void sso_yreader_free(sso_yreader *r)
{
	if (!r)
		return;
	yaml_parser_delete(&r->parser);
	free(r);
}

static int syntax_error(sso_yreader *r)
{
	yaml_parser_t *p = &r->parser;
	const char *file = sso_input_name(r->in);

	if (r->rc)
		return r->rc;
	if (p->context && p->context_mark.line != p->problem_mark.line)
		return sso_error_set(SSO_EINPUT,
				     "%s:%zu:%zu: YAML: %s (%s that starts on line %zu)", file,
				     p->problem_mark.line + 1, p->problem_mark.column + 1,
				     p->problem ? p->problem : "syntax error", p->context,
				     p->context_mark.line + 1);
	if (p->problem_mark.line || p->problem_mark.column)
		return sso_error_set(SSO_EINPUT, "%s:%zu:%zu: YAML: %s%s%s", file,
				     p->problem_mark.line + 1, p->problem_mark.column + 1,
				     p->problem ? p->problem : "syntax error",
				     p->context ? " " : "", p->context ? p->context : "");
	return sso_error_set(SSO_EINPUT, "%s: YAML: %s", file,
			     p->problem ? p->problem : "syntax error");
}

/* A node under construction: children gathered in a growable array. */
struct frame {
	sso_ynode *node;
	sso_ynode **kids;
	size_t count, cap;
};

static int push_kid(struct frame *f, sso_ynode *kid)
{
	if (f->count == f->cap && SSO_GROW(f->kids, f->cap, f->cap + 1, 8) < 0)
		return SSO_ENOMEM;
	f->kids[f->count++] = kid;
	return 0;
}

static sso_ynode *new_node(sso_ydoc *doc, sso_ytype type, const yaml_mark_t *mark)
{
	sso_ynode *n = arena_alloc(doc, sizeof(*n));

	if (!n)
		return NULL;
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->line = (unsigned)mark->line + 1;
	n->col = (unsigned)mark->column + 1;
	n->str = "";
	return n;
}

/* Close the frame on top: copy its children into the arena, check keys. The
 * frame's own array is freed whatever the outcome. */
static int close_frame(sso_ydoc *doc, struct frame *f, const char *file)
{
	sso_ynode *n = f->node;
	int rc = 0;

	n->kids = arena_alloc(doc, (f->count ? f->count : 1) * sizeof(*n->kids));
	if (!n->kids) {
		rc = sso_error_set(SSO_ENOMEM, "out of memory");
		goto done;
	}
	if (f->count)
		memcpy(n->kids, f->kids, f->count * sizeof(*n->kids));
	n->count = n->type == SSO_YMAP ? f->count / 2 : f->count;
	if (n->type != SSO_YMAP)
		goto done;
	for (size_t i = 0; i < n->count && rc == 0; i++) {
		const sso_ynode *k = n->kids[2 * i];

		if (k->type != SSO_YSCALAR) {
			rc = sso_error_set(SSO_EINPUT, "%s:%u:%u: a mapping key must be plain text",
					   file, k->line, k->col);
			break;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(n->kids[2 * j]->str, k->str)) {
				rc = sso_error_set(SSO_EINPUT,
						   "%s:%u:%u: key '%s' is given twice (first on "
						   "line %u)",
						   file, k->line, k->col, k->str,
						   n->kids[2 * j]->line);
				break;
			}
	}
done:
	free(f->kids);
	f->kids = NULL;
	f->count = f->cap = 0;
	return rc;
}

/* Read events up to the end of one document into doc. */
static int read_document(sso_yreader *r, sso_ydoc *doc)
{
	struct frame stack[DEPTH_MAX + 1];
	int depth = 0, rc = 0;
	const char *file = sso_input_name(r->in);
	yaml_event_t ev;

	memset(stack, 0, sizeof(stack));
	for (;;) {
		sso_ynode *n = NULL;

		if (!yaml_parser_parse(&r->parser, &ev)) {
			rc = syntax_error(r);
			goto done;
		}
		switch (ev.type) {
		case YAML_DOCUMENT_END_EVENT:
			yaml_event_delete(&ev);
			if (!doc->root)
				doc->root = new_node(doc, SSO_YSCALAR, &ev.start_mark);
			if (!doc->root)
				rc = sso_error_set(SSO_ENOMEM, "out of memory");
			goto done;
		case YAML_ALIAS_EVENT:
			rc = sso_error_set(SSO_EINPUT,
					   "%s:%zu:%zu: aliases (*%s) are not accepted: write the "
					   "value out in full",
					   file, ev.start_mark.line + 1, ev.start_mark.column + 1,
					   (const char *)ev.data.alias.anchor);
			yaml_event_delete(&ev);
			goto done;
		case YAML_SCALAR_EVENT: {
			char *s;

			n = new_node(doc, SSO_YSCALAR, &ev.start_mark);
			s = n ? arena_alloc(doc, ev.data.scalar.length + 1) : NULL;
			if (!s) {
				rc = sso_error_set(SSO_ENOMEM, "out of memory");
				break;
			}
			memcpy(s, ev.data.scalar.value, ev.data.scalar.length);
			s[ev.data.scalar.length] = '\0';
			n->str = s;
			n->len = ev.data.scalar.length;
			n->quoted = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE &&
				    ev.data.scalar.style != YAML_ANY_SCALAR_STYLE;
			if (memchr(s, '\0', n->len))
				rc = sso_error_set(SSO_EINPUT, "%s:%u:%u: a NUL character in text",
						   file, n->line, n->col);
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth == DEPTH_MAX) {
				rc = sso_error_set(SSO_EINPUT,
						   "%s:%zu:%zu: nested deeper than %d levels", file,
						   ev.start_mark.line + 1, ev.start_mark.column + 1,
						   DEPTH_MAX);
				break;
			}
			n = new_node(doc, ev.type == YAML_MAPPING_START_EVENT ? SSO_YMAP : SSO_YSEQ,
				     &ev.start_mark);
			if (!n) {
				rc = sso_error_set(SSO_ENOMEM, "out of memory");
				break;
			}
			depth++;
			stack[depth].node = n;
			stack[depth].kids = NULL;
			stack[depth].count = stack[depth].cap = 0;
			yaml_event_delete(&ev);
			continue;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			n = stack[depth].node;
			rc = close_frame(doc, &stack[depth], file);
			depth--;
			break;
		default: /* stream/document start: nothing to build */
			yaml_event_delete(&ev);
			continue;
		}
		yaml_event_delete(&ev);
		if (rc < 0)
			goto done;
		if (depth == 0)
			doc->root = n;
		else if ((rc = push_kid(&stack[depth], n)) < 0)
			goto done;
	}
done:
	for (int i = 1; i <= depth; i++)
		free(stack[i].kids);
	return rc;
}

int sso_yreader_next(sso_ydoc **out, sso_yreader *r)
{
	sso_ydoc *doc;
	yaml_event_t ev;
	int rc;

	*out = NULL;
	if (r->done)
		return 0;
	/* skip to the start of the next document, or the end of the stream */
	for (;;) {
		if (!yaml_parser_parse(&r->parser, &ev)) {
			r->done = 1;
			return syntax_error(r);
		}
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			r->done = 1;
			return 0;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&ev);
			r->doc_start = r->fed;
			break;
		}
		yaml_event_delete(&ev);
	}
	doc = calloc(1, sizeof(*doc));
	if (!doc || !(doc->file = strdup(sso_input_name(r->in))) ||
	    !(doc->dir = strdup(sso_input_dir(r->in)))) {
		sso_ydoc_free(doc);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	rc = read_document(r, doc);
	if (rc < 0) {
		sso_ydoc_free(doc);
		if (r->rc || r->parser.error != YAML_NO_ERROR)
			r->done = 1;
		return rc;
	}
	*out = doc;
	return 1;
}

int sso_ydoc_parse(sso_ydoc **out, const char *name, const char *text, size_t len)
{
	sso_input *in = NULL;
	sso_yreader *r = NULL;
	int rc;

	*out = NULL;
	if ((rc = sso_input_memory(&in, name, text, len, SSO_ENCODING_UTF8)) < 0)
		return rc;
	if ((rc = sso_yreader_new(&r, in)) < 0)
		goto done;
	rc = sso_yreader_next(out, r);
	if (rc == 0) {
		/* an empty text: a document with a null root */
		sso_ydoc *doc = calloc(1, sizeof(*doc));
		yaml_mark_t mark = {0, 0, 0};

		if (!doc || !(doc->file = strdup(name)) || !(doc->dir = strdup(".")) ||
		    !(doc->root = new_node(doc, SSO_YSCALAR, &mark))) {
			sso_ydoc_free(doc);
			rc = sso_error_set(SSO_ENOMEM, "out of memory");
			goto done;
		}
		*out = doc;
	}
	rc = rc < 0 ? rc : 0;
done:
	sso_yreader_free(r);
	sso_input_free(in);
	return rc;
}

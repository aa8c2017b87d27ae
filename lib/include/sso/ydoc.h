/* ydoc.h - YAML documents as trees that remember the line of every node */
#ifndef SSO_YDOC_H
#define SSO_YDOC_H

#include <stddef.h>

#include "sso/input.h"

typedef enum sso_ytype {
	SSO_YSCALAR,
	SSO_YMAP,
	SSO_YSEQ,
} sso_ytype;

/* A node of a document. Borrowed from its sso_ydoc. */
typedef struct sso_ynode {
	sso_ytype type;
	unsigned line, col; /* 1-based position in the input */
	int quoted;         /* a quoted or block scalar: never null or boolean */
	const char *str;    /* scalar text, NUL-terminated */
	size_t len;
	size_t count;            /* mapping pairs or sequence items */
	struct sso_ynode **kids; /* SEQ: items; MAP: key, value, key, value ... */
} sso_ynode;

/* The largest document a reader takes: 32 MB of text (a filing's charter
 * of 16 MB and a roster of 100,000 members fit). */
#define SSO_YDOC_MAX ((size_t)32 << 20)

typedef struct sso_ydoc sso_ydoc;
typedef struct sso_yreader sso_yreader;

/* Start reading a (multi-document) YAML stream from in, which the reader
 * borrows. Returns 0 or SSO_ENOMEM; the caller frees *out with sso_yreader_free(). */
int sso_yreader_new(sso_yreader **out, sso_input *in);

/* The next document of the stream: returns 1 with *out set (the caller owns
 * it), 0 at the end, or SSO_EINPUT "file:line:col: message" for a syntax
 * error, an alias, a duplicated key, a complex key or nesting deeper than 64.
 * After an error the stream cannot go on. */
int sso_yreader_next(sso_ydoc **out, sso_yreader *r);

/* Free a reader; the documents it returned stay the caller's. NULL is fine. */
void sso_yreader_free(sso_yreader *r);

/* The root node (a null scalar for an empty document). Borrowed from doc. */
const sso_ynode *sso_ydoc_root(const sso_ydoc *doc);

/* The input's name, for messages. Borrowed from doc. */
const char *sso_ydoc_file(const sso_ydoc *doc);

/* The directory of the input, for paths relative to it. Borrowed from doc. */
const char *sso_ydoc_dir(const sso_ydoc *doc);

/* Free a document and every node borrowed from it. NULL is fine. */
void sso_ydoc_free(sso_ydoc *doc);

/* The value of key in a mapping, or NULL (also when map is not a mapping). */
const sso_ynode *sso_ynode_get(const sso_ynode *map, const char *key);

/* Is this a null scalar (empty, ~, null) that was not quoted? */
int sso_ynode_is_null(const sso_ynode *n);

/* Parse one whole document from memory (for the built-in texts and tests).
 * Returns 0 with *out set, or a negative code as sso_yreader_next(). An empty
 * text gives a null root. */
int sso_ydoc_parse(sso_ydoc **out, const char *name, const char *text, size_t len);

#endif

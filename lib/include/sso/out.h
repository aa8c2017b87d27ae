/* out.h - records out as CSV, TSV or YAML; YAML documents for nested records */
#ifndef SSO_OUT_H
#define SSO_OUT_H

#include <stddef.h>
#include <stdio.h>

typedef enum sso_format {
	SSO_FORMAT_CSV = 0, /* RFC 4180, UTF-8, header row, \n line ends */
	SSO_FORMAT_TSV,     /* tab-separated; \t \n \r \\ escaped in fields */
	SSO_FORMAT_YAML,    /* a sequence of mappings */
} sso_format;

/* Parse a --format value (csv, tsv, yaml). Returns 0 or SSO_EUSAGE. */
int sso_format_parse(sso_format *out, const char *name);

typedef enum sso_coltype {
	SSO_COL_TEXT = 0, /* quoted in YAML when it would read as a number or boolean */
	SSO_COL_NUMBER,   /* plain in YAML */
	SSO_COL_BOOL,     /* "1"/"0" in CSV, true/false in YAML */
} sso_coltype;

/* A column: its stable English key, its Chinese header, its type. */
typedef struct sso_column {
	const char *key;
	const char *zh;
	sso_coltype type;
} sso_column;

typedef struct sso_out_options {
	sso_format format;
	int bom;        /* start CSV/TSV with a UTF-8 BOM, for spreadsheets */
	int zh_headers; /* Chinese column headers instead of the keys */
} sso_out_options;

/* CSV with English keys and no BOM; SSO_OUT_OPTIONS_AS(f) in format f. Every
 * options struct that prints a table starts with an sso_out_options and
 * initializes it with one of these. */
#define SSO_OUT_OPTIONS_AS(f)                                                                      \
	{                                                                                          \
		(f), 0, 0                                                                          \
	}
#define SSO_OUT_OPTIONS_INIT SSO_OUT_OPTIONS_AS(SSO_FORMAT_CSV)

typedef struct sso_table sso_table;

/* Start a table on fp (borrowed) with ncols columns (borrowed: they must
 * outlive the table). Writes the BOM and header at once. Returns 0, or
 * SSO_ENOMEM / SSO_EIO; the caller frees *out with sso_table_free(). */
int sso_table_new(sso_table **out, FILE *fp, const sso_out_options *opts, const sso_column *cols,
		  size_t ncols);

/* Write one row of ncols values; a NULL value is empty (null in YAML).
 * Returns 0 or SSO_EIO once the stream has failed. */
int sso_table_row(sso_table *t, const char *const *values);

/* Finish the table and flush fp. Returns 0, or SSO_EIO if any write failed
 * (a full disk or a closed pipe). */
int sso_table_end(sso_table *t);

/* Free a table (without finishing it). NULL is fine. */
void sso_table_free(sso_table *t);

/* A YAML emitter for nested records. Calls after a failure do nothing; the
 * failure comes out of sso_yemit_end(). */
typedef struct sso_yemit sso_yemit;

/* Start an emitter on fp (borrowed). Returns 0 or SSO_ENOMEM; free *out with
 * sso_yemit_free(). The calls below build the document; each names what it
 * starts or writes. */
int sso_yemit_new(sso_yemit **out, FILE *fp);
void sso_yemit_doc(sso_yemit *e); /* start a document */
void sso_yemit_doc_end(sso_yemit *e);
void sso_yemit_map(sso_yemit *e);   /* start a mapping */
void sso_yemit_seq(sso_yemit *e);   /* start a sequence */
void sso_yemit_close(sso_yemit *e); /* end the innermost */
void sso_yemit_key(sso_yemit *e, const char *key);
void sso_yemit_text(sso_yemit *e, const char *text);  /* NULL: null */
void sso_yemit_plain(sso_yemit *e, const char *text); /* numbers, booleans */
void sso_yemit_int(sso_yemit *e, long long v);
void sso_yemit_bool(sso_yemit *e, int v);
/* key + value in one call */
void sso_yemit_kv(sso_yemit *e, const char *key, const char *text);
/* End the stream and flush. Returns 0, or SSO_EIO. */
int sso_yemit_end(sso_yemit *e);
void sso_yemit_free(sso_yemit *e);

#endif

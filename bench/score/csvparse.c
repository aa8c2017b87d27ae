/* csvparse.c - the libcsv parse-only floor: read a CSV file (or stdin) in
 * 256 KB chunks, parse it with libcsv in strict mode and count the fields and
 * records. No conversion, no lookup: what any libcsv-based tool pays at least.
 *
 *   cc -O2 -o csvparse csvparse.c -lcsv && ./csvparse FILE
 */
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct counts {
	unsigned long fields, records, bytes;
};

static void on_field(void *s, size_t len, void *data)
{
	struct counts *c = data;

	(void)s;
	c->fields++;
	c->bytes += len;
}

static void on_record(int ch, void *data)
{
	struct counts *c = data;

	(void)ch;
	c->records++;
}

int main(int argc, char **argv)
{
	static char buf[256 * 1024];
	struct csv_parser p;
	struct counts c = {0, 0, 0};
	int fd = argc > 1 ? open(argv[1], O_RDONLY) : 0;
	ssize_t n;

	if (fd < 0 || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		perror(argc > 1 ? argv[1] : "csv_init");
		return 66;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (csv_parse(&p, buf, (size_t)n, on_field, on_record, &c) != (size_t)n) {
			fprintf(stderr, "csvparse: %s\n", csv_strerror(csv_error(&p)));
			return 65;
		}
	if (n < 0 || csv_fini(&p, on_field, on_record, &c) != 0) {
		fprintf(stderr, "csvparse: read or parse error\n");
		return 65;
	}
	csv_free(&p);
	printf("%lu records, %lu fields, %lu field bytes\n", c.records, c.fields, c.bytes);
	return 0;
}

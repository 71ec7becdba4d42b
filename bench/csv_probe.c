/* csv_probe.c: the benchmark's floor for reading CSV. libcsv tokenizes the
 * whole file with callbacks that do nothing, fed in large blocks, with the
 * options waterfit uses (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL).
 * It prints the number of records so that the work cannot be skipped.
 * Usage: csv_probe FILE */
#include <stdio.h>
#include <stdlib.h>

#include <csv.h>

/* Bytes handed to csv_parse per call. */
#define PROBE_BLOCK_SIZE (1 << 20)

static void on_field(void *field, size_t length, void *data)
{
    (void)field;
    (void)length;
    (void)data;
}

static void on_record(int terminator, void *data)
{
    (void)terminator;
    ++*(long long *)data;
}

static int probe(FILE *input, long long *records)
{
    struct csv_parser parser;
    char *block = malloc(PROBE_BLOCK_SIZE);
    size_t size;
    int status = 0;

    if (block == NULL || csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        free(block);
        return 71;
    }
    while (status == 0 && (size = fread(block, 1, PROBE_BLOCK_SIZE, input)) > 0) {
        if (csv_parse(&parser, block, size, on_field, on_record, records) != size) {
            status = 65;
        }
    }
    if (status == 0 && (ferror(input) || csv_fini(&parser, on_field, on_record, records) != 0)) {
        status = 65;
    }
    csv_free(&parser);
    free(block);
    return status;
}

int main(int argc, char **argv)
{
    long long records = 0;
    FILE *input = argc == 2 ? fopen(argv[1], "rb") : NULL;
    int status;

    if (input == NULL) {
        fprintf(stderr, "usage: csv_probe FILE\n");
        return 66;
    }
    status = probe(input, &records);
    fclose(input);
    if (status != 0) {
        fprintf(stderr, "csv_probe: %s: cannot tokenize\n", argv[1]);
        return status;
    }
    printf("%lld\n", records);
    return 0;
}

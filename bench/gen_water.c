/* gen_water.c: writes the benchmark's inputs to stdout, the same bytes on
 * every run and machine. By default it writes a CSV file with a
 * "temperature,water" header and ROWS rows. Each row has a daily
 * temperature in degrees Celsius (10.0 to 39.9) and the water drunk in
 * millilitres, about 40 * t - 300 plus noise, both with one decimal. With
 * -x it writes only the ROWS temperatures, one per line, as input for
 * waterfit predict. It uses integer arithmetic only, so no floating-point
 * library can change a byte.
 * Usage: gen_water [-x] ROWS */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* splitmix64 (Steele, Lea and Flood, 2014): a fixed, portable sequence. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));

    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Noise in tenths of a millilitre: the sum of four uniform draws in
 * [-600, 600), a bell shape with a standard deviation of about 69 ml. */
static long noise_tenths(uint64_t *state)
{
    long sum = 0;

    for (int i = 0; i < 4; i++) {
        sum += (long)(next_random(state) % 1200) - 600;
    }
    return sum;
}

/* Writes one row, or only its temperature. */
static void write_row(uint64_t *state, int x_only)
{
    long temperature = 100 + (long)(next_random(state) % 300); /* tenths of a degree */
    long water = 40 * temperature - 3000 + noise_tenths(state); /* tenths of a ml */
    long magnitude = water < 0 ? -water : water;

    if (x_only) {
        printf("%ld.%ld\n", temperature / 10, temperature % 10);
        return;
    }
    printf("%ld.%ld,%s%ld.%ld\n", temperature / 10, temperature % 10, water < 0 ? "-" : "",
           magnitude / 10, magnitude % 10);
}

int main(int argc, char **argv)
{
    uint64_t state = 20240601;
    int x_only = argc == 3 && strcmp(argv[1], "-x") == 0;
    const char *count = argv[argc - 1];
    char *end;
    long long rows = argc == 2 + x_only ? strtoll(count, &end, 10) : -1;

    if (rows < 0 || *end != '\0') {
        fprintf(stderr, "usage: gen_water [-x] ROWS\n");
        return 64;
    }
    if (!x_only) {
        printf("temperature,water\n");
    }
    for (long long i = 0; i < rows; i++) {
        write_row(&state, x_only);
    }
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 74;
}

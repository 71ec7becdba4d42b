# waterfit: fit a straight line to a CSV file with a hand-written Adam loop.

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wwrite-strings -Wcast-qual \
           -Wdouble-promotion
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
VERSION = 0.1.0

CJSON_CFLAGS := $(shell pkg-config --cflags libcjson 2>/dev/null)
CJSON_LIBS := $(shell pkg-config --libs libcjson 2>/dev/null || echo -lcjson)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DWATERFIT_VERSION='"$(VERSION)"' \
             -DLOCALEDIR='"$(PREFIX)/share/locale"' \
             $(WARNINGS) $(CJSON_CFLAGS) -MMD -MP $(CFLAGS)
LIBS = -lcsv $(CJSON_LIBS) -lm

# Every module except the entry points goes into one archive, so a unit test
# links only the modules it uses.
COMMANDS = main cmd_train cmd_predict
MODULES = $(filter-out $(COMMANDS),$(basename $(notdir $(wildcard src/*.c))))
LIB = build/libwaterfit.a
UNIT_TESTS = $(patsubst tests/unit/%.c,build/tests/%,$(wildcard tests/unit/test_*.c))

all: waterfit

waterfit: $(COMMANDS:%=build/%.o) $(LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(LIB): $(MODULES:%=build/%.o)
	$(AR) rcs $@ $^

build/%.o: src/%.c | build/dependencies.ok
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/tests/test_%: tests/unit/test_%.c $(LIB)
	@mkdir -p build/tests
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(LIB) -lcmocka $(LIBS)

# Fail early, naming the Debian package, when a library is missing.
build/dependencies.ok:
	@mkdir -p build
	@echo '#include <csv.h>' | $(CC) -E -x c - >/dev/null 2>&1 || \
	    { echo 'waterfit needs libcsv: apt-get install libcsv-dev' >&2; exit 1; }
	@echo '#include <cJSON.h>' | $(CC) $(CJSON_CFLAGS) -E -x c - >/dev/null 2>&1 || \
	    { echo 'waterfit needs cJSON: apt-get install libcjson-dev' >&2; exit 1; }
	@touch $@

check: CFLAGS += -Werror
check: waterfit $(UNIT_TESTS)
	@sh tests/run $(TESTS)

test: check

# The sanitized objects replace those in build/, so asan cleans before and
# after, also on failure: a later plain make must not link them.
asan:
	$(MAKE) clean
	$(MAKE) check CC=clang CFLAGS='-O1 -g -Werror -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' || { $(MAKE) clean; exit 1; }
	$(MAKE) clean

valgrind: waterfit $(UNIT_TESTS)
	@WATERFIT_VALGRIND=1 sh tests/run $(TESTS)

install: waterfit
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 waterfit $(DESTDIR)$(BINDIR)/waterfit
	install -m 644 man/waterfit.1 $(DESTDIR)$(MANDIR)/man1/waterfit.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/waterfit $(DESTDIR)$(MANDIR)/man1/waterfit.1

clean:
	rm -rf build waterfit

.PHONY: all check test asan valgrind install uninstall clean

-include $(wildcard build/*.d build/tests/*.d)

# Fuzzing: `make fuzz` builds each tests/fuzz/fuzz_*.c harness with
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer, and runs it
# for FUZZ_SECONDS from its seed corpus in tests/fuzz/corpus. CSV blocks are
# 16 bytes there, so that short inputs cross block boundaries too.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_SANITIZERS = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DWATERFIT_VERSION='"$(VERSION)"' \
              -DLOCALEDIR='"$(PREFIX)/share/locale"' -DCSV_INPUT_BLOCK_SIZE=16 \
              $(WARNINGS) -Werror $(CJSON_CFLAGS) -MMD -MP -O1 -g -fno-omit-frame-pointer \
              $(FUZZ_SANITIZERS)
FUZZ_HARNESSES = $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_OBJECTS = $(MODULES:%=build/fuzz/%.o) build/fuzz/harness.o

build/fuzz/%.o: src/%.c | build/dependencies.ok
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/harness.o: tests/fuzz/harness.c | build/dependencies.ok
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Isrc -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJECTS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $< $(FUZZ_OBJECTS) $(LIBS)

fuzz: $(FUZZ_HARNESSES)
	@sh tests/fuzz/run $(FUZZ_SECONDS) $(FUZZ_HARNESSES)

.PHONY: fuzz
.SECONDARY: $(FUZZ_OBJECTS)

-include $(wildcard build/fuzz/*.d)

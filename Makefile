# waterfit: fit a straight line to a CSV file with a hand-written Adam loop.

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wwrite-strings -Wcast-qual \
           -Wdouble-promotion
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
LOCALEDIR = $(PREFIX)/share/locale
COMPLETIONSDIR = $(PREFIX)/share/bash-completion/completions
VERSION = 0.1.0

CJSON_CFLAGS := $(shell pkg-config --cflags libcjson 2>/dev/null)
CJSON_LIBS := $(shell pkg-config --libs libcjson 2>/dev/null || echo -lcjson)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DWATERFIT_VERSION='"$(VERSION)"' \
             -DLOCALEDIR='"$(LOCALEDIR)"' \
             $(WARNINGS) $(WERROR) $(CJSON_CFLAGS) -pthread -MMD -MP $(CFLAGS)
LIBS = -lcsv $(CJSON_LIBS) -lm -pthread

# Every module except the entry points goes into one archive, so a unit test
# links only the modules it uses.
COMMANDS = main cmd_train cmd_predict cmd_evaluate cmd_show cmd_plot
MODULES = $(filter-out $(COMMANDS),$(basename $(notdir $(wildcard src/*.c))))
LIB = build/libwaterfit.a
UNIT_TESTS = $(patsubst tests/unit/%.c,build/tests/%,$(wildcard tests/unit/test_*.c))

# Message catalogs: po/LANGUAGE.po is compiled into build/locale, which
# WATERFIT_LOCALEDIR can point an uninstalled binary at.
LANGUAGES = zh_TW
CATALOGS = $(LANGUAGES:%=build/locale/%/LC_MESSAGES/waterfit.mo)

all: waterfit $(CATALOGS)

waterfit: $(COMMANDS:%=build/%.o) $(LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(LIB): $(MODULES:%=build/%.o)
	$(AR) rcs $@ $^

# Objects depend on the compiler and flags they were built with, so that
# switching between make, make check (-Werror) and make asan rebuilds them.
shell_quote = '$(subst ','\'',$(1))'
BUILD_COMMAND = $(call shell_quote,$(CC) $(ALL_CFLAGS))

build/flags: FORCE | build/dependencies.ok
	@printf '%s\n' $(BUILD_COMMAND) | cmp -s - $@ || printf '%s\n' $(BUILD_COMMAND) >$@

build/%.o: src/%.c build/flags | build/dependencies.ok
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Helpers that several unit tests share. tests/run runs only build/tests/test_*.
TEST_SUPPORT = build/tests/support.o

build/tests/support.o: tests/unit/support.c build/flags | build/dependencies.ok
	@mkdir -p build/tests
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

build/tests/test_%: tests/unit/test_%.c build/flags $(TEST_SUPPORT) $(LIB)
	@mkdir -p build/tests
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(TEST_SUPPORT) $(LIB) -lcmocka $(LIBS)

build/locale/%/LC_MESSAGES/waterfit.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# Regenerates the template and merges it into every translation; run after
# changing a message.
update-po:
	xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --add-location=file \
	    --package-name=waterfit --package-version=$(VERSION) -o po/waterfit.pot src/*.c
	for language in $(LANGUAGES); do \
	    msgmerge --quiet --update --backup=none po/$$language.po po/waterfit.pot; done

# Fail early, naming the Debian package, when a library is missing.
build/dependencies.ok:
	@mkdir -p build
	@echo '#include <csv.h>' | $(CC) -E -x c - >/dev/null 2>&1 || \
	    { echo 'waterfit needs libcsv: apt-get install libcsv-dev' >&2; exit 1; }
	@echo '#include <cJSON.h>' | $(CC) $(CJSON_CFLAGS) -E -x c - >/dev/null 2>&1 || \
	    { echo 'waterfit needs cJSON: apt-get install libcjson-dev' >&2; exit 1; }
	@touch $@

# Warnings are errors for the developers' checks, whatever CFLAGS a run
# passes on the command line; users building with plain make are not forced.
check: WERROR = -Werror
check: waterfit $(CATALOGS) $(UNIT_TESTS)
	@sh tests/run $(TESTS)

test: check

# Renders plots with headless Chromium and checks the pictures; needs
# tools/install-deps --browser. Also writes docs/istanbul-fit.png.
check-browser: waterfit
	@sh tests/browser/check

# The sanitized objects replace those in build/, so asan cleans before and
# after, also on failure: a later plain make must not link them.
asan:
	$(MAKE) clean
	$(MAKE) check CC=clang CFLAGS='-O1 -g -Werror -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' || { $(MAKE) clean; exit 1; }
	$(MAKE) clean

valgrind: waterfit $(CATALOGS) $(UNIT_TESTS)
	@WATERFIT_VALGRIND=1 sh tests/run $(TESTS)

install: waterfit $(CATALOGS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 waterfit $(DESTDIR)$(BINDIR)/waterfit
	install -m 644 man/waterfit.1 $(DESTDIR)$(MANDIR)/man1/waterfit.1
	install -d $(DESTDIR)$(MANDIR)/zh_TW/man1
	install -m 644 man/zh_TW/waterfit.1 $(DESTDIR)$(MANDIR)/zh_TW/man1/waterfit.1
	install -d $(DESTDIR)$(COMPLETIONSDIR)
	install -m 644 completions/waterfit.bash $(DESTDIR)$(COMPLETIONSDIR)/waterfit
	for language in $(LANGUAGES); do \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$language/LC_MESSAGES && \
	    install -m 644 build/locale/$$language/LC_MESSAGES/waterfit.mo \
	        $(DESTDIR)$(LOCALEDIR)/$$language/LC_MESSAGES/waterfit.mo; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/waterfit $(DESTDIR)$(MANDIR)/man1/waterfit.1
	rm -f $(DESTDIR)$(MANDIR)/zh_TW/man1/waterfit.1
	rm -f $(DESTDIR)$(COMPLETIONSDIR)/waterfit
	for language in $(LANGUAGES); do \
	    rm -f $(DESTDIR)$(LOCALEDIR)/$$language/LC_MESSAGES/waterfit.mo; done

clean:
	rm -rf build waterfit

FORCE:

.PHONY: all check check-browser test asan valgrind update-po install uninstall clean

-include $(wildcard build/*.d build/tests/*.d)

# Benchmark (bench/README.md): release builds in build/bench, then
# bench/run.sh. QUICK=1 uses 1 million rows instead of 10 million.
BENCH_DIR = build/bench
BENCH_FLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DWATERFIT_VERSION='"$(VERSION)"' \
              -DLOCALEDIR='"$(PREFIX)/share/locale"' $(WARNINGS) $(CJSON_CFLAGS) -pthread -O2

bench: build/dependencies.ok
	@mkdir -p $(BENCH_DIR)
	$(CC) $(BENCH_FLAGS) -o $(BENCH_DIR)/waterfit src/*.c $(LIBS)
	$(CC) $(BENCH_FLAGS) -o $(BENCH_DIR)/csv_probe bench/csv_probe.c -lcsv
	$(CC) $(BENCH_FLAGS) -o $(BENCH_DIR)/gen_water bench/gen_water.c
	sh bench/run.sh $(BENCH_DIR) $(if $(QUICK),1000000,10000000)

bench-deps:
	sh tools/install-deps --bench

.PHONY: bench bench-deps

# Fuzzing: `make fuzz` builds each tests/fuzz/fuzz_*.c harness with
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer, and runs it
# for FUZZ_SECONDS from its seed corpus in tests/fuzz/corpus. CSV blocks are
# 16 bytes there, so that short inputs cross block boundaries too.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_SANITIZERS = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DWATERFIT_VERSION='"$(VERSION)"' \
              -DLOCALEDIR='"$(PREFIX)/share/locale"' -DCSV_INPUT_BLOCK_SIZE=16 \
              $(WARNINGS) -Werror $(CJSON_CFLAGS) -pthread -MMD -MP -O1 -g -fno-omit-frame-pointer \
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

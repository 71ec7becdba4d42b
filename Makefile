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
COMMANDS = main cmd_train cmd_predict cmd_plot
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

# Renders plots with headless Chromium and checks the pictures; needs
# tools/install-deps --browser. Also writes docs/istanbul-fit.png.
check-browser: waterfit
	@sh tests/browser/check

asan:
	$(MAKE) clean
	$(MAKE) check CC=clang CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all'

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

.PHONY: all check check-browser test asan valgrind install uninstall clean

-include $(wildcard build/*.d build/tests/*.d)

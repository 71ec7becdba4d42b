#!/usr/bin/env bats
# The documentation stays true: the examples in README.md, README.zh-TW.md and
# man/waterfit.1 run and print what they show, the manual page lists every
# command and option that --help lists and lints clean, the Traditional
# Chinese page man/zh_TW/waterfit.1 lints clean, lists the same options and
# is installed, and the two READMEs keep the same sections.
#
# How examples are written so that this file can run them:
# - In a README, a ```console block holds commands after "$ ". The lines after
#   a command, up to the next "$ " line, are its output: stdout and stderr
#   together, in the order printed. A command with no lines after it may print
#   anything. A command continues on the next line when its line ends in "\"
#   or "|".
# - Every command of a console block must exit 0, unless the block follows
#   the line <!-- docs-test: exit N -->, which expects status N of each of its
#   commands, or <!-- docs-test: skip -->, which leaves it unrun (for commands
#   that need root or change the system).
# - ```sh blocks hold set-up commands (install, build) and are never run, so
#   a line of any block that starts with "waterfit " or "./waterfit " without
#   the "$ " prompt is an error: it would escape the test.
# - In the manual page, the .EX blocks of EXAMPLES follow the same rules; the
#   comment line '.\" docs-test: exit N' stands before a block that fails.
# The examples of one document run in order in one directory that holds a
# copy of data/ and models/, in the C.UTF-8 locale, with `waterfit` and
# `./waterfit` both running the binary under test.

load helpers

# Fails with a message unless the C.UTF-8 locale, in which the examples'
# output is shown, exists.
has_utf8_locale() {
    locale -a | grep -qi '^c\.utf-\?8$' || { echo "the C.UTF-8 locale is missing"; false; }
}

# Writes the examples of Markdown text on stdin into directory $1: for the
# Nth command, N.command, N.expected (the output shown), N.shown (present
# when output is shown) and N.status (the expected exit status). Problems
# with the blocks themselves go to $1/errors, one per line. $2 names the
# document in those messages.
extract_examples() {
    mkdir -p "$1"
    : >"$1/errors"
    awk -v directory="$1" -v document="$2" '
        function finish(    file) {
            if (command == "") {
                return
            }
            count++
            file = sprintf("%s/%03d", directory, count)
            printf "%s\n", command >(file ".command")
            printf "%s", expected >(file ".expected")
            printf "%d\n", block_status >(file ".status")
            if (shown) {
                printf "" >(file ".shown")
            }
            close(file ".command"); close(file ".expected"); close(file ".status")
            close(file ".shown")
            command = ""
        }
        function problem(message) {
            printf "%s:%d: %s\n", document, NR, message >(directory "/errors")
        }
        /^<!-- docs-test: exit [0-9]+ -->$/ {
            marker_status = $4 + 0
            marker_skip = 0
            next
        }
        /^<!-- docs-test: skip/ {
            marker_skip = 1
            next
        }
        !in_block && /^```/ {
            in_block = 1
            console = $0 ~ /^```console$/
            block_status = marker_status
            block_skip = marker_skip
            marker_status = 0
            marker_skip = 0
            continuing = 0
            next
        }
        in_block && /^```$/ {
            finish()
            in_block = 0
            next
        }
        !in_block {
            next
        }
        !block_skip && /^(\.\/)?waterfit( |$)/ {
            problem("waterfit command without \"$ \" in a console block: " $0)
            next
        }
        !console || block_skip {
            next
        }
        continuing {
            command = command "\n" $0
            continuing = $0 ~ /[\\|]$/
            next
        }
        /^\$ / {
            finish()
            command = substr($0, 3)
            expected = ""
            shown = 0
            continuing = command ~ /[\\|]$/
            next
        }
        command == "" {
            problem("output without a command before it: " $0)
            next
        }
        {
            expected = expected $0 "\n"
            shown = 1
        }
        END {
            if (in_block) {
                problem("code block not closed")
            }
        }'
}

# Prints the EXAMPLES section of the manual page as Markdown text: each .EX
# block becomes a console block, and '.\" docs-test:' lines become the
# comments that extract_examples reads. The roff escapes that the examples
# use become the characters they stand for.
man_examples_as_markdown() {
    awk '
        /^\.SH / {
            in_examples = $0 == ".SH EXAMPLES"
            next
        }
        !in_examples {
            next
        }
        /^\.\\" docs-test: / {
            sub(/^\.\\" /, "")
            print "<!-- " $0 " -->"
            next
        }
        /^\.EX$/ {
            print "```console"
            in_example = 1
            next
        }
        /^\.EE$/ {
            print "```"
            in_example = 0
            next
        }
        in_example {
            print
        }' "$TOP/man/waterfit.1" |
        sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' -e 's/\\(de/°/g' \
            -e 's/\\(~~/≈/g' -e 's/\\(mu/×/g' -e 's/\\(mi/−/g' -e 's/\\(S2/²/g' \
            -e 's/\\&//g' \
            -e 's/\\~/ /g' -e 's/\\e/\\/g'
}

# Runs the examples in directory $1 in order and prints one report per
# failure. Returns 1 when any failed or when there were none.
run_examples() {
    local cases=$1
    local work=$BATS_TEST_TMPDIR/work
    local failures=0
    local ran=0

    mkdir -p "$work/bin"
    cp -R "$TOP/data" "$TOP/models" "$work/"
    printf '#!/bin/sh\nexec %s "$@"\n' "$WATERFIT" >"$work/bin/waterfit"
    chmod +x "$work/bin/waterfit"
    cp "$work/bin/waterfit" "$work/waterfit"

    if [ -s "$cases/errors" ]; then
        cat "$cases/errors"
        failures=1
    fi
    for command_file in "$cases"/*.command; do
        [ -e "$command_file" ] || continue
        local case=${command_file%.command}
        local command
        local wanted
        local status
        local actual
        command=$(cat "$command_file")
        wanted=$(cat "$case.status")
        ran=$((ran + 1))

        if actual=$(cd "$work" && PATH="$work/bin:$PATH" LC_ALL=C.UTF-8 \
            bash -c "$command" 2>&1); then
            status=0
        else
            status=$?
        fi

        if [ "$status" -ne "$wanted" ]; then
            printf 'command: %s\nexpected status %s, got %s; output:\n%s\n\n' \
                "$command" "$wanted" "$status" "$actual"
            failures=$((failures + 1))
        elif [ -e "$case.shown" ] && [ "$actual" != "$(cat "$case.expected")" ]; then
            printf 'command: %s\noutput differs from the documentation:\n' "$command"
            diff -u <(cat "$case.expected") <(printf '%s\n' "$actual") || true
            printf '\n'
            failures=$((failures + 1))
        fi
    done

    if [ "$ran" -eq 0 ]; then
        echo "no examples found in $cases"
        return 1
    fi
    [ "$failures" -eq 0 ]
}

# Prints the options that a --help text lists: each -x and --long at the
# start of an option line.
help_options() {
    grep -E '^ +-' | sed -E 's/^ +//; s/ {2,}.*//' | grep -oE -- '--?[a-z0-9][a-z0-9-]*' | sort -u
}

# Prints the commands that `waterfit --help` lists, one per line, except
# help, which has no --help of its own.
help_commands() {
    wf --help | awk '
        /^Commands:/ { in_commands = 1; next }
        /^$/ { in_commands = 0 }
        in_commands && /^  [a-z]/ && $1 != "help" { print $1 }'
}

# Prints section $1 (such as OPTIONS) of the rendered manual page, without
# the backspace sequences that make text bold or underlined.
man_section() {
    mandoc -Tascii "$TOP/man/waterfit.1" | sed 's/.\x08//g' |
        awk -v wanted="$1" '/^[A-Z]/ { in_section = $0 == wanted; next } in_section'
}

@test "README.md examples run and print what they show" {
    has_utf8_locale
    extract_examples cases <"$TOP/README.md" README.md
    run_examples cases
}

@test "README.zh-TW.md examples run and print what they show" {
    has_utf8_locale
    extract_examples cases <"$TOP/README.zh-TW.md" README.zh-TW.md
    run_examples cases
}

@test "manual page examples run and print what they show" {
    has_utf8_locale
    man_examples_as_markdown | extract_examples cases man/waterfit.1
    run_examples cases
}

@test "example runner catches wrong output and status" {
    printf '%s\n' '```console' '$ waterfit predict -m models/water.json 28' '821' '```' \
        '<!-- docs-test: exit 65 -->' '```console' '$ waterfit predict -m models/water.json 28' \
        '```' '```sh' 'waterfit predict -m models/water.json 1' '```' >wrong.md
    extract_examples cases <wrong.md wrong.md
    run run_examples cases
    [ "$status" -eq 1 ]
    [[ "$output" == *"wrong.md:10: waterfit command without \"\$ \" in a console block"* ]]
    [[ "$output" == *"-821"*"+820"* ]]
    [[ "$output" == *"expected status 65, got 0"* ]]
}

@test "every command of --help is in the manual page's COMMANDS" {
    help_commands >commands.txt
    grep -qx train commands.txt
    grep -qx predict commands.txt
    man_section COMMANDS >commands-section.txt
    missing=
    while read -r command; do
        grep -qE "^       $command( |$)" commands-section.txt || missing="$missing $command"
    done <commands.txt
    [ -z "$missing" ] || { echo "missing from COMMANDS:$missing"; false; }
}

@test "every --help option is in the manual page's OPTIONS" {
    {
        wf --help
        for command in $(help_commands); do
            wf "$command" --help
        done
    } | help_options >options.txt
    [ "$(wc -l <options.txt)" -ge 25 ]
    man_section OPTIONS >options-section.txt
    missing=
    while read -r option; do
        grep -qE -- "(^|[^-[:alnum:]])$option([^-[:alnum:]]|$)" options-section.txt ||
            missing="$missing $option"
    done <options.txt
    [ -z "$missing" ] || { echo "missing from OPTIONS:$missing"; false; }
}

@test "manual page lints clean with mandoc and groff" {
    run mandoc -Tlint -Wwarning "$TOP/man/waterfit.1"
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    run groff -man -ww -z "$TOP/man/waterfit.1"
    [ "$status" -eq 0 ]
    [ -z "$output" ]
}

# Prints the section of man/zh_TW/waterfit.1 whose heading ends in "（$1）",
# such as 選項（OPTIONS）, rendered in UTF-8 without bold or underlining; sed
# needs a UTF-8 locale to see a Chinese character as one character.
zh_man_section() {
    mandoc -Tutf8 "$TOP/man/zh_TW/waterfit.1" | LC_ALL=C.UTF-8 sed 's/.\x08//g' |
        awk -v wanted="（$1）" '/^[^ ]/ { in_section = index($0, wanted) > 0; next } in_section'
}

@test "Traditional Chinese manual page lints clean with mandoc and groff" {
    run mandoc -Tlint -Wwarning "$TOP/man/zh_TW/waterfit.1"
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    # groff's default device has no Chinese glyphs; man uses -Tutf8 in a terminal.
    run groff -man -ww -z -K utf8 -Tutf8 "$TOP/man/zh_TW/waterfit.1"
    [ "$status" -eq 0 ]
    [ -z "$output" ]
}

@test "every option of the English OPTIONS is in the Traditional Chinese OPTIONS" {
    has_utf8_locale
    man_section OPTIONS | grep -oE -- '(^|[^-[:alnum:]])--?[[:alnum:]][-[:alnum:]]*' |
        sed 's/^[^-]*//' | sort -u >options.txt
    grep -qx -- --decimal-comma options.txt
    [ "$(wc -l <options.txt)" -ge 30 ]
    zh_man_section OPTIONS >zh-options-section.txt
    missing=
    while read -r option; do
        grep -qE -- "(^|[^-[:alnum:]])$option([^-[:alnum:]]|$)" zh-options-section.txt ||
            missing="$missing $option"
    done <options.txt
    [ -z "$missing" ] || { echo "missing from the zh_TW OPTIONS:$missing"; false; }
}

@test "make install installs the Traditional Chinese page and uninstall removes it" {
    # -o keeps make from rebuilding the binary and catalog under test.
    built="-o waterfit -o build/locale/zh_TW/LC_MESSAGES/waterfit.mo"
    page=root/usr/share/man/zh_TW/man1/waterfit.1
    run make -C "$TOP" -s $built DESTDIR="$BATS_TEST_TMPDIR/root" PREFIX=/usr install
    [ "$status" -eq 0 ]
    cmp "$TOP/man/zh_TW/waterfit.1" "$page"
    [ "$(stat -c %a "$page")" = 644 ]
    run make -C "$TOP" -s $built DESTDIR="$BATS_TEST_TMPDIR/root" PREFIX=/usr uninstall
    [ "$status" -eq 0 ]
    [ ! -e "$page" ]
    [ ! -e root/usr/share/man/man1/waterfit.1 ]
}

@test "both READMEs have the same sections and link to each other" {
    english=$(grep -c '^## ' "$TOP/README.md")
    chinese=$(grep -c '^## ' "$TOP/README.zh-TW.md")
    [ "$english" -ge 8 ]
    [ "$english" -eq "$chinese" ]
    head -n 5 "$TOP/README.md" | grep -q '(README.zh-TW.md)'
    head -n 5 "$TOP/README.zh-TW.md" | grep -q '(README.md)'
}

#!/usr/bin/env bats
# The build: missing libraries are named with their Debian package, and
# install/uninstall honour PREFIX and DESTDIR.

load helpers

@test "missing libcsv headers name the Debian package" {
    run make -s -f "$TOP/Makefile" -C "$BATS_TEST_TMPDIR" CC='cc -nostdinc' build/dependencies.ok
    [ "$status" -ne 0 ]
    [[ "$output" == *"waterfit needs libcsv: apt-get install libcsv-dev"* ]]
}

@test "missing cJSON headers name the Debian package" {
    run make -s -f "$TOP/Makefile" -C "$BATS_TEST_TMPDIR" CJSON_CFLAGS=-I/nonexistent \
        build/dependencies.ok
    [ "$status" -ne 0 ]
    [[ "$output" == *"waterfit needs cJSON: apt-get install libcjson-dev"* ]]
}

@test "install and uninstall honour PREFIX and DESTDIR" {
    # A copy of the sources, so that building with other flags leaves the
    # binary under test alone.
    copy=$BATS_TEST_TMPDIR/copy
    mkdir "$copy"
    cp -r "$TOP/Makefile" "$TOP/src" "$TOP/man" "$TOP/po" "$TOP/completions" "$copy"
    root=$BATS_TEST_TMPDIR/root
    make -s -C "$copy" PREFIX=/opt/wf >/dev/null
    make -s -C "$copy" install DESTDIR="$root" PREFIX=/opt/wf >/dev/null
    [ -x "$root/opt/wf/bin/waterfit" ]
    [ -f "$root/opt/wf/share/man/man1/waterfit.1" ]
    [ -f "$root/opt/wf/share/locale/zh_TW/LC_MESSAGES/waterfit.mo" ]
    [ -f "$root/opt/wf/share/bash-completion/completions/waterfit" ]
    run "$root/opt/wf/bin/waterfit" --version
    [ "$output" = "waterfit 0.1.0" ]

    make -s -C "$copy" uninstall DESTDIR="$root" PREFIX=/opt/wf >/dev/null
    [ ! -e "$root/opt/wf/bin/waterfit" ]
    [ ! -e "$root/opt/wf/share/man/man1/waterfit.1" ]
    [ ! -e "$root/opt/wf/share/locale/zh_TW/LC_MESSAGES/waterfit.mo" ]
    [ ! -e "$root/opt/wf/share/bash-completion/completions/waterfit" ]
}

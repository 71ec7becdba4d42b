# Bash completion for waterfit: subcommands, options (read from each
# subcommand's --help, so the list cannot fall behind the program), file
# names, and for -x/-y the column names in the header of the CSV file
# already on the command line.

# Prints the header fields of CSV file $1, one per line: the first line
# without a byte-order mark or CR, split on the delimiter waterfit would
# detect (the most frequent of , ; and tab), surrounding quotes removed.
_waterfit_header_names() {
    local line delimiter=,
    IFS= read -r line <"$1" 2>/dev/null || [[ -n $line ]] || return
    line=${line#$'\xef\xbb\xbf'}
    line=${line%$'\r'}

    local commas=${line//[^,]/} semicolons=${line//[^;]/} tabs=${line//[^$'\t']/}
    if ((${#semicolons} > ${#commas} && ${#semicolons} >= ${#tabs})); then
        delimiter=';'
    elif ((${#tabs} > ${#commas} && ${#tabs} > ${#semicolons})); then
        delimiter=$'\t'
    fi

    local name
    local -a names
    IFS=$delimiter read -r -a names <<<"$line"
    for name in "${names[@]}"; do
        name=${name#\"}
        printf '%s\n' "${name%\"}"
    done
}

# Prints the first existing regular file among the operands after the
# subcommand (words 2 .. COMP_CWORD-1 that are not options or their values).
_waterfit_input_file() {
    local i word previous
    for ((i = 2; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        previous=${COMP_WORDS[i - 1]}
        case $previous in
            -[xyodrem] | --x | --y | --output | --delimiter | --learning-rate | --epochs | \
                --tolerance | --optimizer | --beta1 | --beta2 | --eps | --init-weight | \
                --init-bias | --log | --model | --precision | --input)
                [[ $previous == --input ]] && [[ -f $word ]] && { printf '%s\n' "$word"; return; }
                continue ;;
        esac
        [[ $word != -* && -f $word ]] && { printf '%s\n' "$word"; return; }
    done
}

_waterfit() {
    local current=${COMP_WORDS[COMP_CWORD]}
    local previous=${COMP_WORDS[COMP_CWORD - 1]}
    local program=${COMP_WORDS[0]}
    COMPREPLY=()

    if ((COMP_CWORD == 1)); then
        local commands
        commands=$("$program" --help 2>/dev/null | awk '/^  [a-z]+ / && $1 != "waterfit" { print $1 }')
        mapfile -t COMPREPLY < <(compgen -W "$commands --help --version" -- "$current")
        return
    fi

    local command=${COMP_WORDS[1]}
    case $previous in
        -x | --x | -y | --y)
            local file names
            file=$(_waterfit_input_file)
            [[ -n $file ]] || return
            names=$(_waterfit_header_names "$file")
            local IFS=$'\n'
            mapfile -t COMPREPLY < <(compgen -W "$names" -- "$current")
            local i
            for i in "${!COMPREPLY[@]}"; do
                COMPREPLY[i]=$(printf '%q' "${COMPREPLY[i]}")
            done
            return ;;
        --optimizer)
            mapfile -t COMPREPLY < <(compgen -W "adam sgd" -- "$current")
            return ;;
        -d | --delimiter)
            mapfile -t COMPREPLY < <(compgen -W ", ';' tab" -- "$current")
            return ;;
        -r | --learning-rate | -e | --epochs | --tolerance | --beta1 | --beta2 | --eps | \
            --init-weight | --init-bias | -p | --precision)
            return ;;
    esac

    if [[ $command == help ]]; then
        local commands
        commands=$("$program" --help 2>/dev/null | awk '/^  [a-z]+ / && $1 != "waterfit" { print $1 }')
        mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$current")
        return
    fi

    if [[ $current == -* ]]; then
        local options
        options=$("$program" "$command" --help 2>/dev/null |
            grep -oE -- '(^|[ ,])--?[a-zA-Z0-9][a-zA-Z0-9-]*' | tr -d ' ,' | sort -u)
        mapfile -t COMPREPLY < <(compgen -W "$options" -- "$current")
        return
    fi

    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$current")
}

# ./waterfit too, for a build that is not installed.
complete -F _waterfit waterfit ./waterfit

# sums.awk: the least-squares line from one pass of plain sums, the way a
# shell user would do it with awk. Prints "weight bias" with 17 digits.
# Usage: mawk -F, -f sums.awk FILE.csv (a header line, then x,y rows).
NR > 1 {
    n++
    sx += $1
    sy += $2
    sxx += $1 * $1
    sxy += $1 * $2
}
END {
    weight = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    printf "%.17g %.17g\n", weight, (sy - weight * sx) / n
}

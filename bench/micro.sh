#!/usr/bin/env bash
# Builds the JMH micro benchmarks (module jpuffs-bench) and runs them with the GC profiler, then
# prints one line per benchmark: time per operation and bytes allocated per operation
# (gc.alloc.rate.norm, the deterministic figure on a shared machine).
#
#   bench/micro.sh                 quick settings: 1 fork, 3 x 1 s warmup, 5 x 1 s measurement
#   bench/micro.sh Dispatch        only benchmarks matching a regex
#   JMH_ARGS="-f 3 -wi 5 -i 10" bench/micro.sh   other JMH settings
#
# The raw CSV goes to bench/results/micro/<UTC time>.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=$(bin/find-jdk)
export JAVA_HOME
filter=${1:-.}
mvn -B -ntp -q -pl jpuffs-bench -am package -DskipTests >&2
mkdir -p bench/results/micro
csv=bench/results/micro/$(date -u +%Y%m%dT%H%M%SZ).csv
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "jpuffs-bench/target/lib/*" org.openjdk.jmh.Main \
    ${JMH_ARGS:--f 1 -wi 3 -w 1s -i 5 -r 1s} -prof gc -rf csv -rff "$csv" "$filter" >&2
echo
echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo '+dirty'), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), $(nproc) cores"
awk -F, '
    function unq(s) { gsub(/"/, "", s); return s }
    NR == 1 { next }
    {
        name = unq($1); score = unq($5); err = unq($6); unit = unq($7)
        if (name ~ /:gc\.alloc\.rate\.norm$/) {
            sub(/:gc\.alloc\.rate\.norm$/, "", name); alloc[name] = score
        } else if (name !~ /:/) {
            order[++n] = name; time[name] = score; error[name] = err; units[name] = unit
        }
    }
    END {
        printf "| %-45s | %12s | %10s | %10s |\n", "benchmark", "time", "+/-", "B/op"
        printf "|%s|%s|%s|%s|\n", "-----------------------------------------------", "-------------:", "-----------:", "-----------:"
        for (i = 1; i <= n; i++) {
            b = order[i]; short = b; sub(/^org\.jpuffs\.bench\./, "", short)
            printf "| %-45s | %9.1f %s | %10.1f | %10.1f |\n", short, time[b], units[b], error[b], alloc[b]
        }
    }' "$csv"
echo "(raw: $csv)"

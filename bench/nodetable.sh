#!/usr/bin/env bash
# Runs the node table benchmark (org.jpuffs.kernel.bench.NodeTableBenchmark) on JDK 25.
# Usage: bench/nodetable.sh [seconds per run] [live nodes]
set -euo pipefail
cd "$(dirname "$0")/.."

find_jdk() {
    local candidate
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
        if [[ -n "$candidate" && -x "$candidate/bin/java" ]] &&
            "$candidate/bin/java" -version 2>&1 | grep -q 'version "25'; then
            echo "$candidate"
            return
        fi
    done
    echo "no JDK 25 found: install one (e.g. apt-get install temurin-25-jdk) or set JAVA_HOME" >&2
    exit 1
}
JAVA_HOME="$(find_jdk)"
export JAVA_HOME

mvn -B -ntp -q -pl jpuffs-core test-compile
mvn -B -ntp -q -pl jpuffs-core dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
    -Dmdep.includeScope=test >/dev/null
classpath="jpuffs-core/target/classes:jpuffs-core/target/test-classes:$(cat jpuffs-core/target/bench.classpath)"

exec "$JAVA_HOME/bin/java" -Xms3g -Xmx3g -XX:+UseParallelGC \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$classpath" org.jpuffs.kernel.bench.NodeTableBenchmark "$@"

#!/usr/bin/env bash
# Differential soak by hand: memfs served by `bin/jpuffs mount --background` against a private tmpfs,
# the testkit's DifferentialRun (seeded random ops; results, errnos and final trees compared; what
# is normalised is printed at the end). Root only (tmpfs mount, chown, trusted.* xattrs).
#
#   bench/memfs-soak.sh [SEED] [OPS] [CHUNK]     defaults: a random seed, 1,000,000 ops, 100,000 a chunk
#
# Each chunk is a fresh tree under both mounts with seeds SEED, SEED+1, ...; stops at the first
# failing chunk and keeps its trees for inspection until the mounts go (exit non-zero).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
SEED=${1:-$RANDOM$RANDOM}
OPS=${2:-1000000}
CHUNK=${3:-100000}
export JPUFFS_NO_STAGE=${JPUFFS_NO_STAGE:-1}   # do not restage /usr/local/lib/jpuffs from this checkout
JAVA_HOME=$("$REPO/bin/find-jdk")

(cd "$REPO" && JAVA_HOME=$JAVA_HOME mvn -B -ntp -q -DskipTests package -pl jpuffs-testkit -am) >&2
CP="$REPO/jpuffs-testkit/target/classes:$REPO/jpuffs-core/target/classes"

WORK=$(mktemp -d /tmp/memfs-soak.XXXXXX)
chmod 0755 "$WORK"
mkdir "$WORK/memfs" "$WORK/tmpfs"
cleanup() {
  "$REPO/bin/jpuffs" umount "$WORK/memfs" >/dev/null 2>&1 || umount -l "$WORK/memfs" 2>/dev/null || true
  umount "$WORK/tmpfs" 2>/dev/null || umount -l "$WORK/tmpfs" 2>/dev/null || true
  rmdir "$WORK/memfs" "$WORK/tmpfs" "$WORK" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
"$REPO/bin/jpuffs" mount --background -o size=4g,mode=0755 memfs "$WORK/memfs"
mount -t tmpfs -o size=4g,mode=0755 memfs-soak-ref "$WORK/tmpfs"
grep -E " $WORK/(memfs|tmpfs) " /proc/self/mounts >&2
echo "seed $SEED, $OPS ops in chunks of $CHUNK" >&2
start=$(date +%s)
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" org.jpuffs.testkit.differential.DifferentialRun \
  "$WORK/memfs" "$WORK/tmpfs" "$SEED" "$OPS" "$CHUNK"
echo "passed: $OPS ops from seed $SEED in $(( $(date +%s) - start )) s" >&2

#!/usr/bin/env bash
# First measurement of the FUSE stack (issue 3): a sequential write and read of one large file and
# a burst of creates, through jpuffs serving a simple in-memory test server (BenchServe, a
# MemoryTree from jpuffs-fuse's tests) and on tmpfs, in the same run. Targets are interleaved in
# each round, each mounted fresh; memory is touched and freed right before every timed phase
# (memwarm, as bench/run does). Prints a Markdown table of medians and jpuffs/tmpfs ratios and
# saves it under bench/results/.
#
#   bench/fuse-first.sh                 3 rounds, 1 GiB file, 10,000 creates
#   ROUNDS=5 SIZE_MIB=256 CREATES=2000 bench/fuse-first.sh
#
# Needs root (mount), gcc, and the jpuffs-fuse test classes (built here with mvn unless
# SKIP_BUILD=1). JPUFFS_OPTS adds mount options for the jpuffs target (e.g. writeback_cache).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BUILD=${JPUFFS_FIRST_BUILD:-/var/tmp/jpuffs-fuse-first}
ROUNDS=${ROUNDS:-3}
SIZE_MIB=${SIZE_MIB:-1024}
CREATES=${CREATES:-10000}
WARM_MIB=${WARM_MIB:-2048}
JPUFFS_OPTS=${JPUFFS_OPTS:-}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"

[ "$(id -u)" = 0 ] || { echo "fuse-first: needs root (it mounts tmpfs and FUSE)" >&2; exit 1; }
mkdir -p "$BUILD"
for p in memwarm metaops; do
  [ "$BUILD/$p" -nt "$HERE/$p.c" ] || gcc -O2 -Wall -o "$BUILD/$p" "$HERE/$p.c"
done
if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$REPO" && mvn -B -ntp -q -pl jpuffs-fuse -am test-compile -DskipTests)
fi
m2=${MAVEN_REPO:-$HOME/.m2/repository}
CP="$REPO/jpuffs-fuse/target/test-classes:$REPO/jpuffs-fuse/target/classes:$REPO/jpuffs-core/target/classes"
CP="$CP:$REPO/jpuffs-core/target/test-classes"
for jar in org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar org/slf4j/slf4j-simple/2.0.17/slf4j-simple-2.0.17.jar; do
  CP="$CP:$m2/$jar"
done

WORK=$(mktemp -d /tmp/fuse-first.XXXXXX)
MNT="$WORK/mnt"
mkdir -p "$MNT"
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    exec 7>&- 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if grep -q " $MNT " /proc/self/mounts; then umount -l "$MNT" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

now() { date +%s.%N; }
warm() { "$BUILD/memwarm" "$WARM_MIB"; }

mount_target() {
  case "$1" in
    tmpfs) mount -t tmpfs -o size=$((SIZE_MIB * 2 + 512))m fuse-first "$MNT" ;;
    jpuffs)
      mkfifo "$WORK/in"
      "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx$((SIZE_MIB * 3 + 1024))m \
        -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
        -Dorg.slf4j.simpleLogger.log.org.jpuffs.fuse.dispatch.FuseDispatcher=info \
        -cp "$CP" org.jpuffs.fuse.BenchServe "$MNT" "$JPUFFS_OPTS" <"$WORK/in" >"$WORK/server.out" 2>"$WORK/server.err" &
      SERVER_PID=$!
      exec 7>"$WORK/in"
      rm -f "$WORK/in"
      for _ in $(seq 1 200); do
        grep -q MOUNTED "$WORK/server.out" 2>/dev/null && break
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.err" >&2; exit 1; }
        sleep 0.05
      done
      grep -q MOUNTED "$WORK/server.out" || { echo "jpuffs did not mount" >&2; cat "$WORK/server.err" >&2; exit 1; }
      grep -m1 'agreed' "$WORK/server.err" >"$WORK/agreed" || true
      ;;
  esac
}

unmount_target() {
  case "$1" in
    tmpfs) umount "$MNT" ;;
    jpuffs)
      echo close >&7
      exec 7>&-
      wait "$SERVER_PID"
      SERVER_PID=
      ;;
  esac
}

# one round of one target: prints "write_s read_s create_s"
run_target() {
  local t=$1 t0 t1 w r c
  mount_target "$t"
  warm
  t0=$(now)
  dd if=/dev/zero of="$MNT/big" bs=1M count="$SIZE_MIB" status=none
  t1=$(now)
  w=$(echo "$t1 - $t0" | bc -l)
  warm
  t0=$(now)
  dd if="$MNT/big" of=/dev/null bs=1M status=none
  t1=$(now)
  r=$(echo "$t1 - $t0" | bc -l)
  rm -f "$MNT/big"
  mkdir "$MNT/meta"
  warm
  c=$("$BUILD/metaops" "$MNT/meta" "$CREATES" | awk '$1 == "create" { print $3 }')
  rmdir "$MNT/meta"
  unmount_target "$t"
  echo "$w $r $c"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A RES
for round in $(seq 1 "$ROUNDS"); do
  for t in tmpfs jpuffs; do
    out=$(run_target "$t")
    RES[$t]+="$out"$'\n'
    echo "round $round $t: write ${out%% *} s, read $(echo "$out" | awk '{print $2}') s, creates $(echo "$out" | awk '{print $3}') s" >&2
  done
done

col() { printf '%s' "${RES[$1]}" | awk -v c="$2" 'NF { print $c }' | median; }
STAMP=$(date -u +%Y-%m-%dT%H%MZ)
OUT="$HERE/results/fuse-first-$STAMP.md"
mkdir -p "$HERE/results"
{
  echo "# FUSE first measurement ($STAMP, kernel $(uname -r), $(nproc) cores)"
  echo
  echo "\`bench/fuse-first.sh\`: ROUNDS=$ROUNDS SIZE_MIB=$SIZE_MIB CREATES=$CREATES JPUFFS_OPTS='$JPUFFS_OPTS';"
  echo "medians of $ROUNDS interleaved rounds; jpuffs serves BenchServe (MemoryTree, 1 s TTLs, opens without keep_cache)."
  echo
  echo "| phase | tmpfs | jpuffs | jpuffs / tmpfs (throughput) |"
  echo "|---|---|---|---|"
  for phase in "write:1" "read:2" "create:3"; do
    name=${phase%%:*}
    c=${phase##*:}
    ts=$(col tmpfs "$c")
    js=$(col jpuffs "$c")
    if [ "$name" = create ]; then
      echo "| $CREATES creates | $(echo "$CREATES / $ts" | bc) ops/s | $(echo "$CREATES / $js" | bc) ops/s | $(echo "scale=3; $ts / $js" | bc) |"
    else
      echo "| $SIZE_MIB MiB sequential $name | $(echo "$SIZE_MIB / $ts" | bc) MiB/s | $(echo "$SIZE_MIB / $js" | bc) MiB/s | $(echo "scale=3; $ts / $js" | bc) |"
    fi
  done
  echo
  echo "INIT: $(sed 's/.*FuseDispatcher - //' "$WORK/agreed" 2>/dev/null)"
} | tee "$OUT"

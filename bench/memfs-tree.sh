#!/usr/bin/env bash
# Tar extraction of many small files and `ls -lR` of the result, memfs (bin/jpuffs mount) against
# tmpfs in the same run, alternating, ROUNDS rounds each (default 3), medians printed with the
# ratio memfs/tmpfs. The tree is /usr/include (about 9,000 entries), tarred once onto a tmpfs.
# Root only. The memfs mount runs with the command's defaults plus MEMFS_OPTS (e.g. "-o no_posix_acl").
#
#   bench/memfs-tree.sh [ROUNDS]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
ROUNDS=${1:-3}
export JPUFFS_NO_STAGE=${JPUFFS_NO_STAGE:-1}
WORK=$(mktemp -d /tmp/memfs-tree.XXXXXX)
mkdir "$WORK/data" "$WORK/mnt"
cleanup() {
  for m in "$WORK/mnt" "$WORK/data"; do
    if awk -v d="$m" '$2 == d { f = 1 } END { exit !f }' /proc/self/mounts; then
      "$REPO/bin/jpuffs" umount "$m" >/dev/null 2>&1 || umount "$m" 2>/dev/null || umount -l "$m"
    fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
mount -t tmpfs -o mode=0755 memfs-tree-data "$WORK/data"
tar -cf "$WORK/data/tree.tar" -C /usr include
entries=$(tar -tf "$WORK/data/tree.tar" | wc -l)
secs() { local t0=$EPOCHREALTIME; "$@" >/dev/null; awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }'; }

declare -A TAR LS
for r in $(seq "$ROUNDS"); do
  for t in tmpfs memfs; do
    if [ $t = tmpfs ]; then
      mount -t tmpfs -o mode=0755 memfs-tree-tmpfs "$WORK/mnt"
    else
      # shellcheck disable=SC2086
      "$REPO/bin/jpuffs" mount --background ${MEMFS_OPTS:-} memfs "$WORK/mnt" >/dev/null
    fi
    TAR[$t]+="$(secs tar -xf "$WORK/data/tree.tar" -C "$WORK/mnt") "
    LS[$t]+="$(secs ls -lR "$WORK/mnt") "
    if [ $t = tmpfs ]; then umount "$WORK/mnt"; else "$REPO/bin/jpuffs" umount "$WORK/mnt" >/dev/null; fi
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
for w in tar ls; do
  if [ $w = tar ]; then tm=$(median <<<"${TAR[tmpfs]}"); mm=$(median <<<"${TAR[memfs]}"); name="tar -xf ($entries entries)"
  else tm=$(median <<<"${LS[tmpfs]}"); mm=$(median <<<"${LS[memfs]}"); name="ls -lR ($entries entries)"; fi
  awk -v n="$name" -v t="$tm" -v m="$mm" -v e="$entries" 'BEGIN {
    printf "%-28s tmpfs %.3f s (%.0f entries/s)  memfs %.3f s (%.0f entries/s)  memfs/tmpfs throughput %.2f\n", n, t, e / t, m, e / m, t / m }'
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

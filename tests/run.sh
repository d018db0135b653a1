#!/usr/bin/env bash
# The whole test suite: unit and integration tests (cargo test), which build fixture sites and the
# shipped knowledge base with the real binary and check the HTML with a parser.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked --all-targets

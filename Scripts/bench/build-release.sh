#!/usr/bin/env bash
# Builds the release binary the benchmarks measure: `swift build -c release --static-swift-stdlib --product strata`,
# one self-contained file (it needs only libc, libm, libstdc++, libgcc_s and zlib from the system) that also
# starts ~10 ms faster than one loading the Swift runtime from shared libraries.
set -euo pipefail
ROOT=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
cd "$ROOT"
exec swift build -c release --static-swift-stdlib --product strata "$@"

#!/usr/bin/env bash
# Builds the release binary the benchmarks measure: `swift build -c release --static-swift-stdlib --product strata`,
# one self-contained file that also starts ~10 ms faster than one loading the Swift runtime from shared libraries.
# Linking Foundation's networking statically (the HTTP export sink uses URLSession) needs libcurl's development
# files, which a fresh Debian machine lacks: installed here with apt when missing and we are root.
set -euo pipefail
ROOT=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
if ! ls /usr/lib/*/libcurl.so /usr/lib/libcurl.so >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing libcurl4-openssl-dev (static linking of FoundationNetworking)" >&2
    { apt-get install -y -qq libcurl4-openssl-dev || { apt-get update -qq && apt-get install -y -qq libcurl4-openssl-dev; }; } >/dev/null
  else
    echo "warning: libcurl's development files are missing (apt-get install libcurl4-openssl-dev); the static link may fail" >&2
  fi
fi
cd "$ROOT"
exec swift build -c release --static-swift-stdlib --product strata "$@"

#!/usr/bin/env bash
# Set up geokg on a fresh machine (Python 3.11, pip, Debian's apt): a virtual environment in
# .venv with geokg installed editable. `--test` adds the test tools, the Oxigraph server and
# headless Chromium (Debian packages) for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ "$with_tests" = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
  if [ -f .ci/apt-packages.txt ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    missing=$(for p in $(grep -v '^#' .ci/apt-packages.txt); do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
    if [ -n "$missing" ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    fi
  fi
else
  .venv/bin/python -m pip install -q -e .
fi
echo "geokg is installed in .venv ($(.venv/bin/geokg --version))"

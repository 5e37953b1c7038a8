#!/usr/bin/env bash
# Set up geokg on a fresh machine (Python 3.11, pip, Debian's apt): a virtual environment in
# .venv holding exactly requirements.lock (every distribution pinned, hashes checked), then
# geokg itself, editable and without touching the pins. `--test` also installs the Debian
# packages the tests need (.ci/apt-packages.txt: headless Chromium, Virtuoso).
#
# The lock holds the test tools too (pytest, hypothesis, the Oxigraph server, selenium), so
# both README commands give the same environment. To upgrade: bash scripts/upgrade.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# The installer: uv, pinned with hashes in requirements-installer.lock, kept beside the
# environment (not in it). It installs the 86 locked distributions in seconds where pip takes
# a minute, and checks their hashes just the same.
if [ ! -x .venv/installer/bin/uv ] || ! .venv/installer/bin/uv --version | grep -qF "$(sed -n 's/^uv==\([^ ]*\).*/\1/p' requirements-installer.lock)"; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes --no-deps --upgrade \
    --target .venv/installer -r requirements-installer.lock 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
fi
uv=(env UV_NO_PROGRESS=1 UV_LINK_MODE=copy .venv/installer/bin/uv pip install --quiet --python .venv/bin/python)
# --require-hashes: every line of the lock must carry hashes and every download must match
# one; a dependency missing from the lock is an error, not a silent fresh download.
"${uv[@]}" --require-hashes -r requirements.lock
# geokg itself: no dependencies (they are all in the lock), built with the locked setuptools.
"${uv[@]}" --no-deps --no-build-isolation -e .
.venv/bin/python scripts/check_lock.py requirements.lock
if [ "$with_tests" = 1 ]; then
  if [ -f .ci/apt-packages.txt ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    missing=$(for p in $(grep -v '^#' .ci/apt-packages.txt); do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
    if [ -n "$missing" ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    fi
  fi
fi
echo "geokg is installed in .venv ($(.venv/bin/geokg --version))"

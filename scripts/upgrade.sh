#!/usr/bin/env bash
# Upgrade geokg's dependencies in one reviewed commit:
#   1. re-resolve every dependency (direct and transitive) within pyproject.toml's ranges and
#      write requirements.lock with hashes (uv, from PyPI, into a throw-away tool environment);
#   2. reinstall .venv exactly from the new lock (scripts/setup.sh --test);
#   3. regenerate every file made from library data (scripts/regenerate.py);
#   4. run the tests; then review `git diff` (the lock and the generated files) and commit.
#
# Usage: bash scripts/upgrade.sh                 upgrade everything the ranges allow
#        bash scripts/upgrade.sh --package NAME  upgrade one package only (repeatable)
#        bash scripts/upgrade.sh --relock        re-resolve without upgrading (after editing
#                                                pyproject.toml's dependencies)
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
mode=(--upgrade)
if [ "${1:-}" = "--relock" ]; then
  mode=(); shift
elif [ "${1:-}" = "--package" ]; then
  mode=()
  while [ "${1:-}" = "--package" ]; do mode+=(--upgrade-package "$2"); shift 2; done
fi
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools"
"$tools/bin/python" -m pip install -q "uv==$UV_VERSION"
# Resolved for the platform CI and the README target: CPython 3.11 on x86-64 Linux. Hashes
# cover every published file of each pinned version.
"$tools/bin/uv" pip compile pyproject.toml --extra test --generate-hashes "${mode[@]}" \
  --python-version 3.11 --python-platform x86_64-manylinux_2_28 \
  --custom-compile-command "bash scripts/upgrade.sh" --quiet -o requirements.lock
bash scripts/setup.sh --test
.venv/bin/python scripts/regenerate.py
.venv/bin/python -m pytest -q -x
git status --short

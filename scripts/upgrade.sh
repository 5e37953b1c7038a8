#!/usr/bin/env bash
# Upgrade geokg's dependencies in one reviewed commit:
#   1. re-resolve every dependency (direct and transitive) within pyproject.toml's ranges and
#      write requirements.lock with hashes, and requirements-installer.lock (uv itself), with the
#      locked uv in a throw-away tool environment;
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
"$tools/bin/python" -m pip install -q --require-hashes -r requirements-installer.lock \
  2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
# Resolved for the platform CI and the README target: CPython 3.11 on x86-64 Linux. Hashes
# cover every published file of each pinned version.
compile=("$tools/bin/uv" pip compile --generate-hashes --python-version 3.11
         --python-platform x86_64-manylinux_2_28 --custom-compile-command "bash scripts/upgrade.sh" --quiet)
"${compile[@]}" pyproject.toml --extra test "${mode[@]}" -o requirements.lock
# the installer itself (uv, which setup.sh uses to install the lock), upgraded with the rest
[ "${mode[*]}" = "--upgrade" ] && echo uv > "$tools/installer.in" || sed -n 's/^\(uv==[^ ]*\).*/\1/p' requirements-installer.lock > "$tools/installer.in"
"${compile[@]}" --no-annotate "$tools/installer.in" -o requirements-installer.lock
bash scripts/setup.sh --test
.venv/bin/python scripts/regenerate.py
.venv/bin/python -m pytest -q -x
git status --short

#!/usr/bin/env bash
# CI step for the second SPARQL engine: install Virtuoso open source (Debian package
# virtuoso-opensource, the engine behind DBpedia), then run the tests marked `virtuoso`.
#
# Installing starts nothing (the package ships no running service in a container); the tests
# start their own server on 127.0.0.1 with a temporary database (tests/servers.py) and stop it
# by its process id. Measured: `apt-get install` about 9 s, `apt-get update` under 1 s,
# the Virtuoso tests about 15 s (server start included).
#
# Usage: .ci/virtuoso.sh            install if needed, then run the Virtuoso tests
#        .ci/virtuoso.sh --install  install only
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v virtuoso-t >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "virtuoso-t not found; install the Debian package virtuoso-opensource (as root)" >&2
    exit 1
  fi
  start=$(date +%s)
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null
  echo "virtuoso-opensource installed in $(( $(date +%s) - start )) s"
fi
[ "${1:-}" = "--install" ] && exit 0
exec .venv/bin/python -m pytest -m virtuoso tests/test_remote_virtuoso.py

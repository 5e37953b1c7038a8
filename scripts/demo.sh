#!/usr/bin/env bash
# The main job: build the graph on the embedded store and show results.
# Store: $GEOKG_STORE, else ~/.local/share/geokg/store. Pictures land in output/.
set -euo pipefail
cd "$(dirname "$0")/.."
geokg=.venv/bin/geokg
has() { $geokg "$1" --help >/dev/null 2>&1; }
step() { printf '\n$ geokg %s\n' "$*"; $geokg "$@"; }

step build
step stats
step query --format csv 'SELECT ?s WHERE { ?s gkg:buysArmsFrom ?o . ?o rdfs:label "North Korea"@en }'
step query --name recognitions
step show pyongyang
if has path; then
  step path Russia "Donetsk People's Republic" --evidence
  step path Japan "North Korea" --all --max-hops 3
fi
if has blocs; then step blocs; fi
if has draw; then
  step draw --focus "North Korea" --depth 1 -o output/nk.png
  step draw --path Japan "Donetsk People's Republic" -o output/path.svg
  step draw --html -o output/graph.html
fi
if has timeline; then step timeline -o output/timeline.png; fi

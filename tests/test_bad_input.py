"""The bad-input table: every command refuses bad input with one line, no traceback, no change.

Each case: the arguments (``{tmp}`` is a folder of prepared bad files), the exit code, and a
regular expression the one-line message must match. After each, the store is unchanged.
"""

from __future__ import annotations

import re

import pytest

from graph.store import open_store
from graph.store.canonical import dump_lines, same_content

CASES = [
    # (id, args, exit code, message pattern)
    ("load-missing-file", ["load", "{tmp}/nope.ttl"], 1, r"error: .*nope\.ttl: no such file"),
    ("load-directory", ["load", "{tmp}/dir"], 2, r"error: .*is a directory"),
    ("load-binary", ["load", "{tmp}/binary.dat", "--format", "ttl"], 1, r"error: malformed Turtle in .*binary\.dat at line 1, column \d+: "),
    ("load-malformed-turtle", ["load", "{tmp}/bad.ttl"], 1, r"error: malformed Turtle in .*bad\.ttl at line 3, column \d+: "),
    ("load-malformed-ntriples", ["load", "{tmp}/bad.nt"], 1, r"error: malformed N-Triples in .*bad\.nt at line 2, column \d+: "),
    ("load-malformed-rdfxml", ["load", "{tmp}/bad.rdf"], 1, r"error: malformed RDF/XML in .*bad\.rdf"),
    ("load-unknown-format", ["load", "{tmp}/data.yaml"], 1, r"error: .*data\.yaml: cannot tell the RDF format from the extension \.yaml; pass --format"),
    ("load-unknown-format-option", ["load", "{tmp}/bad.ttl", "--format", "yaml"], 1, r"error: unknown format 'yaml'; use one of "),
    ("load-bad-graph-name", ["load", "{tmp}/good.ttl", "--graph", "a b}"], 1, r"error: invalid graph name 'a b\}'"),
    ("drop-unknown-graph", ["drop", "nosuch"], 1, r"error: no graph named 'nosuch'; `geokg graphs` lists them"),
    ("query-malformed", ["query", "SELECT ?s WHERE { ?s ?p }"], 1, r"error: invalid SPARQL at line 1, column \d+: "),
    ("query-no-operation", ["query", "hello"], 1, r"error: invalid SPARQL: no SELECT, ASK, CONSTRUCT, DESCRIBE or update operation found"),
    ("query-update-refused", ["query", "DELETE WHERE { ?s ?p ?o }"], 1, r"error: this is a SPARQL UPDATE; geokg query is read-only unless --update is given"),
    ("query-service-refused", ["query", "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], 1, r"error: SERVICE makes the store fetch from the network; refused without --allow-network"),
    ("query-load-refused", ["query", "--update", "LOAD <http://127.0.0.1:9/x.ttl>"], 1, r"error: LOAD makes the store fetch from the network"),
    ("query-missing-file", ["query", "-f", "{tmp}/nope.rq"], 1, r"error: .*nope\.rq: no such file"),
    ("query-empty", ["query", "   "], 1, r"error: empty query"),
    ("query-unknown-named", ["query", "--name", "nosuch"], 1, r"error: unknown named query 'nosuch'"),
    ("query-bad-bind", ["query", "SELECT * { ?s ?p ?o }", "--bind", "novalue"], 2, r"error: --bind 'novalue': use VAR=VALUE"),
    ("show-unknown-actor", ["show", "Nort Korea"], 1, r"error: unknown actor 'Nort Korea'; did you mean 'North Korea'"),
    ("show-empty-name", ["show", " "], 1, r"error: empty actor name"),
    ("validate-unknown-graph", ["validate", "--graph", "nosuch"], 1, r"error: no graph named 'nosuch'"),
    ("path-unknown-actor", ["path", "Atlantis", "Russia"], 1, r"error: unknown actor 'Atlantis'"),
    ("path-same-actor", ["path", "Russia", "Moscou"], 1, r"error: .*two different actors"),
    ("path-max-hops-range", ["path", "Russia", "China", "--max-hops", "0"], 2, r"error: Invalid value for '--max-hops'"),
    ("path-unknown-relation", ["path", "Russia", "China", "--relation", "befriends"], 1, r"error: unknown relation 'befriends'"),
    ("path-bad-date", ["path", "Russia", "China", "--as-of", "yesterday"], 1, r"error: invalid date 'yesterday'"),
    ("neighbors-unknown-actor", ["neighbors", "Atlantis"], 1, r"error: unknown actor 'Atlantis'"),
    ("rank-unknown-measure", ["rank", "--by", "fame"], 2, r"error: Invalid value for '--by'"),
    ("blocs-unknown-relation", ["blocs", "--relation", "befriends"], 1, r"error: unknown relation 'befriends'"),
    ("draw-unknown-actor", ["draw", "--focus", "Atlantis", "-o", "{tmp}/x.png"], 1, r"error: unknown actor 'Atlantis'"),
    ("draw-unknown-extension", ["draw", "-o", "{tmp}/x.xyz"], 1, r"error: .*x\.xyz: unknown extension '\.xyz'"),
    ("draw-unwritable-output", ["draw", "-o", "/proc/geokg/x.png"], 1, r"error: /proc/geokg/x\.png: "),
    ("timeline-unknown-actor", ["timeline", "Atlantis"], 1, r"error: unknown actor 'Atlantis'"),
    ("extract-missing-file", ["extract", "{tmp}/nope.txt"], 1, r"error: .*nope\.txt: no such file"),
    ("extract-binary", ["extract", "{tmp}/binary.dat"], 1, r"error: .*binary\.dat: binary file"),
    ("extract-wrong-encoding", ["extract", "{tmp}/latin1.txt"], 1, r"error: .*latin1\.txt: not UTF-8 text"),
    ("review-bad-id", ["review", "accept", "nosuchid"], 1, r"error: invalid statement id 'nosuchid'"),
    ("eval-missing-file", ["eval", "{tmp}/nope.jsonl", "{tmp}/nope2.jsonl"], 1, r"error: .*nope\.jsonl: no such file"),
    ("import-gdelt-missing", ["import", "gdelt", "{tmp}/nope.csv"], 1, r"error: .*nope\.csv: no such file"),
    ("import-gdelt-bad-row", ["import", "gdelt", "{tmp}/gdelt-bad.csv"], 1, r"error: .*gdelt-bad\.csv, line 1: "),
    ("import-sipri-wrong-file", ["import", "sipri", "{tmp}/wrong.csv"], 1, r"error: .*wrong\.csv, line 1: no column"),
    ("import-atop-wrong-file", ["import", "atop", "{tmp}/wrong.csv"], 1, r"error: .*wrong\.csv, line 1: no column 'atopid'"),
    ("import-csv-no-mapping", ["import", "csv", "{tmp}/wrong.csv"], 2, r"error: give --subject and --object columns"),
    ("export-unknown-format", ["export", "--format", "yaml"], 2, r"error: Invalid value for '--format'"),
    ("export-unwritable-output", ["export", "--format", "ttl", "-o", "/proc/geokg/out.ttl"], 1, r"error: /proc/geokg/out\.ttl: "),
    ("unknown-command", ["frobnicate"], 2, r"error: No such command 'frobnicate'"),
]


@pytest.fixture
def bad_files(tmp_path):
    (tmp_path / "dir").mkdir()
    (tmp_path / "binary.dat").write_bytes(b"\x00\x01\x02\xff binary")
    (tmp_path / "latin1.txt").write_bytes("La Russie a envahi l'Ukraine, déclare-t-on à Paris.".encode("latin-1"))
    (tmp_path / "good.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    (tmp_path / "bad.ttl").write_text("@prefix a: <urn:a#> .\na:x a:y a:z .\na:x a:y [ ;\n")
    (tmp_path / "bad.nt").write_text('<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> "unterminated .\n')
    (tmp_path / "bad.rdf").write_text('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description')
    (tmp_path / "data.yaml").write_text("a: b\n")
    (tmp_path / "gdelt-bad.csv").write_text("1\t2\t3\n")
    (tmp_path / "wrong.csv").write_text("a,b\n1,2\n")
    return tmp_path


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input(built_cli, built_location, bad_files, case):
    _, args, code, pattern = case
    with open_store(built_location) as s:
        before = dump_lines(s)
    out = built_cli(*[a.replace("{tmp}", str(bad_files)) for a in args])
    assert out.exit_code == code, (out.output, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert re.match(pattern, lines[0]), lines[0]
    assert "Traceback" not in out.output
    with open_store(built_location) as s:
        assert same_content(dump_lines(s), before)


def test_table_has_at_least_thirty_cases():
    assert len(CASES) >= 30


def test_store_in_use_and_store_path_is_a_file(built_folder, tmp_path):
    """Two embedded-only cases: another process holds the store; the store path is a file."""
    import os
    import subprocess
    import sys

    with open_store(built_folder):
        out = subprocess.run([sys.executable, "-m", "graph.cli", "--store", built_folder, "show", "Russia"],
                             capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr.strip() == (f"error: store {built_folder} is in use by process {os.getpid()}; "
                                  "retry later or pass --wait SECONDS")
    f = tmp_path / "file"
    f.write_text("x")
    out = subprocess.run([sys.executable, "-m", "graph.cli", "--store", str(f), "graphs"], capture_output=True, text=True)
    assert out.returncode == 1 and out.stderr.strip() == f"error: store path {f} is a file, not a directory"

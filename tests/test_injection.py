"""Hostile names never change the meaning of a query: every command that takes a name.

Each name is bound as a value (or refused), so the command fails cleanly with one line and the
store is unchanged; none of them can reach data by injection.
"""

from __future__ import annotations

import pytest

from graph.store import open_store
from graph.store.canonical import dump_lines, same_content

HOSTILE = [
    'Russia" } ; DROP ALL ; #',
    "x' } UNION { ?s ?p ?o } #",
    "a}b{c",
    "back\\slash\\",
    "new\nline",
    "<https://w3id.org/geokg/actor/RUS>",
    "# comment",
    "Россия ☭ 北朝鲜 \u202e",
]

COMMANDS = [
    lambda n: ["show", n],
    lambda n: ["path", n, "Russia"],
    lambda n: ["neighbors", n],
    lambda n: ["draw", "--focus", n, "-o", "{tmp}/x.png"],
    lambda n: ["timeline", n, "-o", "{tmp}/t.png"],
    lambda n: ["drop", n],
    lambda n: ["validate", "--graph", n],
    lambda n: ["load", "{tmp}/ok.ttl", "--graph", n],
    lambda n: ["export", "--format", "csv", "--graph", n, "-o", "{tmp}/x.csv"],
    lambda n: ["review", "accept", n],
    lambda n: ["query", "SELECT ?a WHERE { ?a rdfs:label ?name }", "--bind", f"name={n}"],
]


@pytest.mark.parametrize("make", COMMANDS, ids=[c("NAME")[0] + ("-" + c("NAME")[1] if c("NAME")[1].startswith("--") else "")
                                               for c in COMMANDS])
def test_hostile_names(built_cli, built_location, tmp_path, make):
    (tmp_path / "ok.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    with open_store(built_location) as s:
        before = dump_lines(s)
    for name in HOSTILE:
        args = [a.replace("{tmp}", str(tmp_path)) for a in make(name)]
        out = built_cli(*args)
        assert "Traceback" not in out.output + out.stderr, (args, out.stderr)
        if out.exit_code != 0:
            assert out.exit_code in (1, 2), (args, out.exit_code)
            assert len(out.stderr.strip().splitlines()) == 1, (args, out.stderr)
            assert out.stderr.startswith("error: "), (args, out.stderr)
        elif args[0] == "query":
            assert "(0 rows)" in out.output, (name, out.output)  # a literal that names nothing
        with open_store(built_location) as s:
            assert same_content(dump_lines(s), before), (args, "store changed")

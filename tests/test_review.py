"""The review queue: extract --commit, review list/accept/reject, decisions kept on re-extraction."""

from __future__ import annotations

import json

import pytest

TEXT = ("Le Japon n'a pas reconnu Donetsk.\n\n"
        "Des responsables canadiens ont déclaré que l'Iran avait vendu des drones à la Russie.\n\n"
        "La Turquie occupe Chypre.\n")


@pytest.fixture
def committed(built_cli, tmp_path):
    f = tmp_path / "My Article.txt"
    f.write_text(TEXT, encoding="utf-8")
    res = built_cli("extract", f, "--commit")
    assert res.exit_code == 0, res.output
    assert "3 new, 0 already reviewed or proposed, 3 in extract/my-article" in res.stderr
    return f


def queue(cli, status="all"):
    res = cli("review", "--status", status, "--format", "jsonl")
    assert res.exit_code == 0, res.output
    return {(r["subject"], r["relation"], r["object"]): r for r in map(json.loads, res.output.splitlines())}


def ask(cli, query):
    res = cli("query", query)
    assert res.exit_code == 0, res.output
    return res.output.strip()


def test_commit_then_review_lists_with_evidence(built_cli, committed):
    res = built_cli("review")
    assert res.exit_code == 0
    assert "[proposed, " in res.output and "Iran supplies arms to Russia  (according to Canadian officials)" in res.output
    assert '"La Turquie occupe Chypre."  (extract/my-article, ' in res.output
    # statements read as sentences: relation labels, negation as "does not"
    assert "]  Japan does not recognize Donetsk People's Republic\n" in res.output
    assert "]  Turkey occupies Cyprus\n" in res.output
    assert ask(built_cli, "ASK { actor:TUR gkg:occupies actor:CYP }") == "false"


def test_accept_asserts_reject_keeps_out_and_reextract_keeps_decisions(built_cli, committed):
    q = queue(built_cli)
    occ, arms = q[("Turkey", "occupies", "Cyprus")], q[("Iran", "suppliesArmsTo", "Russia")]
    assert built_cli("review", "accept", occ["id"]).output == "accepted 1 statement\n"
    assert built_cli("review", "reject", arms["id"]).output == "rejected 1 statement\n"
    assert ask(built_cli, "ASK { actor:TUR gkg:occupies actor:CYP }") == "true"
    assert ask(built_cli, "ASK { actor:IRN gkg:suppliesArmsTo actor:RUS }") == "false"
    again = built_cli("extract", committed, "--commit")
    assert "0 new, 3 already reviewed or proposed, 3 in extract/my-article" in again.stderr
    q2 = queue(built_cli)
    assert len(q2) == 3
    assert q2[("Turkey", "occupies", "Cyprus")]["status"] == "accepted"
    assert q2[("Iran", "suppliesArmsTo", "Russia")]["status"] == "rejected"
    n = ask(built_cli, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { actor:TUR gkg:occupies actor:CYP } }")
    assert n.splitlines()[2].strip() == "1"
    assert "no proposed statements" not in built_cli("review").output  # the Japan one is still proposed


def test_negated_statement_accepted_asserts_nothing(built_cli, committed):
    neg = queue(built_cli)[("Japan", "recognizes", "Donetsk People's Republic")]
    assert neg["negated"] is True
    built_cli("review", "accept", neg["id"])
    assert ask(built_cli, "ASK { actor:JPN gkg:recognizes ?o }") == "false"


def test_accept_min_confidence(built_cli, committed):
    q = queue(built_cli)
    expected = sum(1 for r in q.values() if r["confidence"] >= 0.8)
    res = built_cli("review", "accept", "--min-confidence", "0.8")
    assert res.output == f"accepted {expected} statement{'s' if expected != 1 else ''}\n"
    assert sum(r["status"] == "accepted" for r in queue(built_cli).values()) == expected


def test_bad_ids_leave_the_store_unchanged(built_cli, committed):
    before = queue(built_cli)
    good = next(iter(before.values()))["id"]
    res = built_cli("review", "accept", good, "0123456789abcdef")
    assert (res.exit_code, res.stderr) == (1, "error: no extracted statement with id 0123456789abcdef\n")
    res = built_cli("review", "reject", "nope")
    assert res.exit_code == 1
    assert res.stderr == "error: invalid statement id 'nope': ids are 16 hexadecimal digits (see `geokg review`)\n"
    assert built_cli("review", "accept").exit_code == 2
    assert built_cli("review", "accept", good, "--min-confidence", "0.5").exit_code == 2
    assert queue(built_cli) == before


def test_review_of_an_empty_queue(built_cli):
    res = built_cli("review")
    assert (res.exit_code, res.output) == (0, "no proposed statements to review\n")

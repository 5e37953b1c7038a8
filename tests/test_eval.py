"""geokg eval: the matching rule of ../shared/eval/score.py, listing misses and wrong ones."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import shared_path

from graph.evaluate import score

GOLD = [
    {"doc": "d", "subject": "Russia", "relation": "buysArmsFrom", "object": "North Korea", "negated": False, "required": True},
    {"doc": "d", "subject": "Kim Jong Un", "relation": "communicatesWith", "object": "Vladimir Putin", "required": True},
    {"doc": "d", "subject": "China", "relation": "recognizes", "object": "Donetsk People's Republic", "negated": True, "required": True},
    {"doc": "d", "subject": "Russia", "relation": "occupies", "object": "Ukraine", "required": False},
]


def test_inverse_symmetric_negation_aliases():
    pred = [
        {"doc": "d", "subject": "Corée du Nord", "relation": "suppliesArmsTo", "object": "la Russie"},
        {"doc": "d", "subject": "Vladimir Putin", "relation": "communicatesWith", "object": "Kim Jong Un"},
        {"doc": "d", "subject": "China", "relation": "recognizes", "object": "DPR", "negated": False},
        {"doc": "d", "subject": "Russia", "relation": "occupies", "object": "Ukraine"},
    ]
    s = score(GOLD, pred, {"North Korea": ["Corée du Nord"], "Russia": ["Russie"], "Donetsk People's Republic": ["DPR"]})
    d = s.docs[0]
    assert (d.predicted, d.correct, d.required, d.found) == (4, 3, 3, 2)
    assert d.wrong == [("china", "recognizes", "donetsk people s republic", False)]
    assert d.missed == [("china", "recognizes", "donetsk people s republic", True)]
    assert (round(s.precision, 3), round(s.recall, 3)) == (0.75, 0.667)


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_cli_eval_lists_wrong_and_missed(cli, tmp_path):
    gold = _write(tmp_path / "gold.jsonl", GOLD)
    pred = _write(tmp_path / "pred.jsonl", [{"doc": "d", "subject": "Russia", "relation": "invades", "object": "Japan"}])
    res = cli("eval", gold, pred)
    assert res.exit_code == 0
    assert res.output.splitlines()[0] == "d: predicted 1 correct 0 required 3 found 0"
    assert "  wrong   ('russia', 'invades', 'japan', False)" in res.output
    assert "  missed  ('russia', 'buysArmsFrom', 'north korea', False)" in res.output
    assert res.output.splitlines()[-1] == "precision 0.000 recall 0.000 f1 0.000"
    data = json.loads(cli("eval", gold, pred, "--format", "json").output)
    assert data["recall"] == 0.0 and data["docs"][0]["found"] == 0


def test_cli_eval_bad_input(cli, tmp_path):
    gold = _write(tmp_path / "gold.jsonl", GOLD)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"subject": "a", "relation": "supports", "object": "b"}\n{oops\n', encoding="utf-8")
    res = cli("eval", gold, bad)
    assert res.exit_code == 1
    assert res.stderr == f"error: {bad}: line 2, column 2: not JSON (Expecting property name enclosed in double quotes)\n"
    res = cli("eval", gold, _write(tmp_path / "p.jsonl", [{"subject": "a", "object": "b"}]))
    assert res.stderr == f"error: {tmp_path / 'p.jsonl'}: line 1: prediction record lacks relation\n"
    assert cli("eval", gold).exit_code == 2
    assert cli("eval", gold, gold, "--extract", gold).exit_code == 2


def test_same_figures_as_the_shared_scorer(built_cli, tmp_path):
    gold = shared_path("corpus", "000_85c7f74f522fdcf4.gold.jsonl")
    aliases = shared_path("corpus", "aliases.json")
    scorer = shared_path("eval", "score.py")
    text = shared_path("corpus", "000_85c7f74f522fdcf4.txt")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(built_cli("extract", text).output, encoding="utf-8")
    theirs = subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--aliases", str(aliases)],
                            capture_output=True, text=True, check=True).stdout
    ours = built_cli("eval", gold, pred, "--aliases", aliases).output
    assert theirs.splitlines()[-1] == ours.splitlines()[-1]
    assert built_cli("eval", gold, "--extract", text, "--aliases", aliases).output.splitlines()[-1] == ours.splitlines()[-1]

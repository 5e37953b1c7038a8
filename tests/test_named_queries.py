"""Named queries (ontology/queries/) agree with plain queries over the curated store."""

from __future__ import annotations

import json

PLAIN_ATTRIBUTED = """
SELECT ?statement ?text ?actor ?label WHERE {
  ?statement gkg:status ?status .
  FILTER (?status != "rejected")
  { ?statement gkg:attribution ?text }
  UNION
  { ?statement gkg:attributedTo ?actor OPTIONAL { ?actor rdfs:label ?label FILTER (LANG(?label) = "en") } }
}
"""


def _rows(cli, *args):
    r = cli("query", "--format", "json", *args)
    assert r.exit_code == 0, r.output
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(r.output)["results"]["bindings"]]


def _expected(cli):
    """statement -> (speaker, {speaker actors}) from a plain query: the attribution text, else the
    English label of the attributed actor."""
    texts, actors = {}, {}
    for row in _rows(cli, PLAIN_ATTRIBUTED):
        st = row["statement"]
        if "text" in row:
            texts[st] = row["text"]
        if "actor" in row:
            actors.setdefault(st, {})[row["actor"]] = row.get("label")
    out = {}
    for st in set(texts) | set(actors):
        who = actors.get(st, {})
        out[st] = (texts.get(st) or next(iter(who.values())), set(who))
    return out


def test_claims_by_attribution_lists_every_attributed_statement(built_cli):
    expected = _expected(built_cli)
    speakers = {speaker for speaker, _ in expected.values()}
    assert len(expected) >= 9 and {"US officials", "Western analysts and diplomats", "Yun Sun"} <= speakers
    rows = _rows(built_cli, "--name", "claims-by-attribution")
    got: dict[str, tuple[set, set]] = {}
    for row in rows:
        speaker, actor = got.setdefault(row["statement"], (set(), set()))
        speaker.add(row["speaker"])
        if "speakerActor" in row:
            actor.add(row["speakerActor"])
    # every attributed statement, each with one speaker and its speaker actors (if known)
    assert got == {st: ({speaker}, actors) for st, (speaker, actors) in expected.items()}
    assert len(rows) == sum(max(1, len(a)) for _, a in expected.values())  # one row per speaker actor


def test_claims_by_attribution_for_one_speaker(built_cli):
    expected = _expected(built_cli)
    mine = {st for st, (_, actors) in expected.items() if "https://w3id.org/geokg/actor/yun-sun" in actors}
    assert mine
    rows = _rows(built_cli, "--name", "claims-by-attribution", "--bind", "speakerActor=actor:yun-sun")
    assert {r["statement"] for r in rows} == mine and len(rows) == len(mine)
    assert {r["speaker"] for r in rows} == {"Yun Sun"}

"""geokg extract, English: demonyms of every state, and the general rules of graph.extract.en
(passive, negation, attribution, coordination, nominalisations, unasserted clauses).

The sentences are written for these tests (none is taken from an evaluation set)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from conftest import shared_path

from graph.extract.pipeline import Extractor

ROOT = Path(__file__).resolve().parent.parent
SKOS_HIDDEN = "http://www.w3.org/2004/02/skos/core#hiddenLabel"
ACTOR = "https://w3id.org/geokg/actor/"


@pytest.fixture(scope="module")
def store_path(_built_template):
    return str(_built_template)


@pytest.fixture(scope="module")
def index(store_path):
    from graph.actors import ActorIndex
    from graph.store import open_store

    with open_store(store_path) as s:
        return ActorIndex.from_store(s)


@pytest.fixture(scope="module")
def en(index):
    return Extractor(index, "en")


@pytest.fixture(scope="module")
def gen_reference():
    spec = importlib.util.spec_from_file_location("gen_reference", ROOT / "scripts" / "gen_reference.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def triples(result) -> set[tuple[str, str, str, bool]]:
    return {(r["subject"], r["relation"], r["object"], r["negated"]) for r in result.records()}


def got(en, text: str) -> set[tuple[str, str, str, bool]]:
    return triples(en.extract_text(text, language="en"))


# --- demonyms ------------------------------------------------------------------------------------
def test_demonym_forms_expand(gen_reference):
    assert gen_reference.english_demonyms("Croatian(s), Croat(s)") == ["Croatian", "Croatians", "Croat", "Croats"]
    assert gen_reference.english_demonyms("Swiss") == ["Swiss"]
    assert gen_reference.french_demonyms("israélien") == ["israélien", "israélienne", "israéliens", "israéliennes"]
    assert gen_reference.french_demonyms("grec/grecque") == ["grec", "grecque", "grecs", "grecques"]
    assert gen_reference.french_demonyms("belge") == ["belge", "belges"]
    assert gen_reference.french_demonyms("français") == ["français", "française", "françaises"]


def test_every_state_has_an_english_adjective(store_path, index, gen_reference):
    """Each state with an ISO code has an English hidden label (a demonym) or is one whose label
    serves as its adjective ('Vatican officials') or whose demonym is shared: gen_reference.NO_DEMONYM_EN."""
    from graph.store import open_store

    with open_store(store_path) as s:
        rows = s.select("SELECT ?a ?h WHERE { ?a skos:hiddenLabel ?h FILTER(LANG(?h) = 'en') }")
        with_en = {r["a"].value for r in rows}
    states = {a.iri: a for a in index.actors.values() if a.kind == "State" and a.codes.get("iso3")}
    assert len(states) >= 195
    missing = sorted(a.codes["iso3"] for iri, a in states.items()
                     if iri not in with_en and a.codes["iso3"] not in gen_reference.NO_DEMONYM_EN)
    assert missing == []
    iso3 = {a.codes["iso3"] for a in states.values()}
    assert set(gen_reference.DEMONYMS_EN) | gen_reference.NO_DEMONYM_EN == iso3


def test_shared_demonyms_are_decided(index):
    def who(name):
        return [a.label for a in index.candidates(name)]

    assert who("Guinean")[0] == "Guinea"
    assert who("Equatorial Guinean")[0] == "Equatorial Guinea"
    assert who("Congolese")[0] == "DR Congo"
    assert who("Dominican") == []
    assert who("Korean") == []
    assert who("South Sudanese")[0] == "South Sudan" and who("Sudanese")[0] == "Sudan"
    assert who("israéliennes")[0] == "Israel" and who("Zimbabwean")[0] == "Zimbabwe"


def test_countries_ttl_is_generated_from_the_table(gen_reference):
    """ontology/reference/countries.ttl is what scripts/gen_reference.py writes (rerun it)."""
    sipri = shared_path("data", "sipri", "sipri-exports-processed.csv")
    text, stats = gen_reference.build(sipri, None)
    committed = (ROOT / "ontology" / "reference" / "countries.ttl").read_text(encoding="utf-8")
    # the data, not the banner naming the library versions that made it (checked below)
    assert without_comments(text) == without_comments(committed)
    assert stats["demonyms"] > 600


def without_comments(turtle: str) -> list[str]:
    return [line for line in turtle.splitlines() if not line.startswith("#")]


def test_countries_ttl_names_the_locked_library_versions():
    """The banner of countries.ttl names the pycountry and babel of requirements.lock: the file
    was regenerated with the lock (scripts/upgrade.sh does both in one commit)."""
    import re

    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = dict(re.findall(r"^(pycountry|babel)==(\S+)", lock, re.M))
    banner = (ROOT / "ontology" / "reference" / "countries.ttl").read_text(encoding="utf-8").splitlines()[2]
    assert banner == f"# pycountry {pins['pycountry']} / babel {pins['babel']}"


def test_demonym_mentions(en):
    assert ("Zimbabwe", "criticizes", "Botswana", False) in got(en, "Zimbabwean officials criticised Botswana.")
    assert ("Philippines", "negotiatesWith", "Vietnam", False) in got(en, "Filipino diplomats held talks with Vietnam.")
    assert ("Romania", "condemns", "Hungary", False) in got(en, "Romania strongly condemned the Hungarian decision.")
    assert ("Israel", "invades", "Palestine", False) in got(en, "Israeli troops attacked Palestinian positions.")


def test_demonyms_that_do_not_name_the_state(en):
    # a people, a stance: not the state
    assert got(en, "Ethnic Turks in Bulgaria protested against Sweden's decision.") == set()
    assert not any(t[0] == "Syria" for t in got(en, "An anti-Syria journalist was attacked in Lebanon."))
    # seizing a ship is not occupying the state whose flag it flies
    assert got(en, "Somali pirates seized a Greek tanker.") == set()
    assert ("Vietnam", "occupies", "Cambodia", False) in got(en, "Vietnamese forces seized a village in Cambodia.")


# --- passive --------------------------------------------------------------------------------------
def test_passive(en):
    assert got(en, "Kuwait was attacked by Iraq.") == {("Iraq", "invades", "Kuwait", False)}
    assert ("United States", "sanctions", "Cuba", False) in got(en, "Cuba has been sanctioned by the United States.")
    assert got(en, "The Syrian army, backed by Russia, attacked the rebels.") == {
        ("Russia", "supports", "Syria", False)}
    assert ("European Union", "sanctions", "Iran", False) in got(
        en, "Sanctions were imposed on Iran by the European Union.")


# --- negation -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Brazil did not recognise Kosovo.", ("Brazil", "recognizes", "Kosovo")),
    ("Spain has not recognized Kosovo.", ("Spain", "recognizes", "Kosovo")),
    ("Egypt refused to recognise Israel.", ("Egypt", "recognizes", "Israel")),
    ("India has yet to condemn Russia.", ("India", "condemns", "Russia")),
    ("Brazil abstained rather than condemn Russia.", ("Brazil", "condemns", "Russia")),
    ("Morocco severed ties with Iran.", ("Morocco", "cooperatesWith", "Iran")),
    ("The United States lifted sanctions on Sudan.", ("United States", "sanctions", "Sudan")),
    ("The Kremlin denied that Russian troops were fighting in Ukraine.", ("Russia", "invades", "Ukraine")),
])
def test_negation(en, text, expected):
    assert got(en, text) == {(*expected, True)}


def test_neither_nor(en):
    assert got(en, "Norway supports neither Russia nor Ukraine.") == {
        ("Norway", "supports", "Russia", True), ("Norway", "supports", "Ukraine", True)}
    assert got(en, "Neither France nor Germany recognized Kosovo at first.") == {
        ("France", "recognizes", "Kosovo", True), ("Germany", "recognizes", "Kosovo", True)}


# --- attribution ----------------------------------------------------------------------------------
def test_attribution(en):
    rec = en.extract_text("Ukrainian officials said Belarus had sent tanks to Russia.", language="en").records()
    assert [(r["subject"], r["relation"], r["object"], r["attributed_to"]) for r in rec] == [
        ("Belarus", "suppliesArmsTo", "Russia", "Ukrainian officials")]
    rec = en.extract_text("According to Seoul, North Korea sold missiles to Iran.", language="en").records()
    assert [(r["subject"], r["object"], r["attributed_to"]) for r in rec] == [("North Korea", "Iran", "South Korea")]
    rec = en.extract_text("The Chinese ambassador to France said Beijing supports Russia.", language="en").records()
    assert [(r["subject"], r["object"], r["attributed_to"]) for r in rec] == [("China", "Russia", "Chinese ambassador")]
    rec = en.extract_text("Israel attacked Syria, Syrian state media reported.", language="en").records()
    assert rec[0]["attributed_to"] == "Syrian media"


# --- coordination ---------------------------------------------------------------------------------
def test_coordination(en):
    assert got(en, "Ghana, Togo and Benin signed a security pact.") == {
        ("Ghana", "cooperatesWith", "Togo", False), ("Ghana", "cooperatesWith", "Benin", False),
        ("Togo", "cooperatesWith", "Benin", False)}
    assert got(en, "Peru and Chile held talks in Lima.") == {("Peru", "negotiatesWith", "Chile", False)}
    assert got(en, "Norway and Sweden conducted joint naval exercises.") == {
        ("Norway", "conductsExercisesWith", "Sweden", False)}
    assert got(en, "Germany, France and Italy pledged more aid to Ukraine.") == {
        (c, "supports", "Ukraine", False) for c in ("Germany", "France", "Italy")}
    assert got(en, "The talks between Serbia and Kosovo collapsed.") == {("Serbia", "negotiatesWith", "Kosovo", False)}


def test_coordination_stops_at_a_new_clause(en):
    assert got(en, "Russia attacked Ukraine and Poland condemned the attack.") == {
        ("Russia", "invades", "Ukraine", False)}
    assert got(en, "After Iraq invaded Kuwait, the United States attacked Iraq.") == {
        ("Iraq", "invades", "Kuwait", False), ("United States", "invades", "Iraq", False)}
    assert got(en, "While China criticized Japan, South Korea praised Japan.") == {
        ("China", "criticizes", "Japan", False), ("South Korea", "endorses", "Japan", False)}
    assert ("Israel", "threatens", "Iran", False) in got(
        en, "Israel accused Iran of arming militias and threatened to strike Iran.")


def test_inserted_clause_is_skipped(en):
    assert got(en, "Turkey, which hosts many refugees, criticized the European Union.") == {
        ("Turkey", "criticizes", "European Union", False)}


# --- nominalisations ------------------------------------------------------------------------------
def test_nominalisations(en):
    assert got(en, "Canada's sanctions on Iran remain in force.") == {("Canada", "sanctions", "Iran", False)}
    assert got(en, "Belgium pledged support to Ukraine.") == {("Belgium", "supports", "Ukraine", False)}
    assert got(en, "Chile lodged a protest with Argentina.") == {("Chile", "criticizes", "Argentina", False)}
    assert got(en, "Jordan restored diplomatic relations with Qatar.") == {("Jordan", "cooperatesWith", "Qatar", False)}
    assert ("Japan", "negotiatesWith", "South Korea", False) in got(
        en, "Japan's foreign minister arrived in Seoul for talks with his South Korean counterpart.")
    assert got(en, "Relations between Greece and Turkey remain tense.") == set()


def test_verbs(en):
    assert got(en, "Finland will give Tanzania a loan.") == {("Finland", "supports", "Tanzania", False)}
    assert got(en, "Lebanon complained over Israeli air raids.") == {("Lebanon", "criticizes", "Israel", False)}
    assert got(en, "Iran threatened retaliation against Israel.") == {("Iran", "threatens", "Israel", False)}
    assert got(en, "Qatar mediated between Sudan and Chad.") == {
        ("Qatar", "communicatesWith", "Sudan", False), ("Qatar", "communicatesWith", "Chad", False)}
    assert got(en, "Israeli aircraft struck targets in Syria.") == {("Israel", "invades", "Syria", False)}
    # meeting a person, not welcoming a thing
    assert got(en, "Egypt hosted Israel's prime minister.") == {("Egypt", "communicatesWith", "Israel", False)}
    assert got(en, "Ukraine welcomed Poland's support.") == set()


# --- what is not asserted -------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Turkey wants to buy fighter jets from the United States.",
    "The United Nations urged Japan to sanction Russia.",
    "Germany voiced support for Ukraine's bid to join the European Union.",
    "If Turkey attacks Syria, the United States will sanction Turkey.",
    "Egypt's president said Israel must halt attacks on Gaza and Lebanon.",
])
def test_unasserted_clauses_give_no_relation_of_their_own(en, text):
    found = got(en, text)
    assert not any(r in ("buysArmsFrom", "sanctions", "memberOf", "invades") for _, r, _, _ in found), found


def test_threatened_action_is_not_done(en):
    assert got(en, "Iran threatened to sever ties with Bahrain.") == {("Iran", "threatens", "Bahrain", False)}
    assert got(en, "Russia began its long-planned invasion of Ukraine.") == {("Russia", "invades", "Ukraine", False)}


def test_reduced_relative_is_not_the_subjects_act(en):
    assert got(en, "Russia vetoed a draft resolution condemning Syria.") == set()
    assert ("European Union", "criticizes", "China", False) in got(
        en, "Hungary blocked a European Union statement criticising China.")

"""The alias resolver: any label or alias, any language, case and accents ignored; never a crash."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.actors import ActorIndex, fold, loose
from graph.errors import ActorNotFound, InputError


@pytest.fixture(scope="module")
def index(_built_template):
    from graph.store import open_store
    import shutil
    import tempfile

    path = tempfile.mkdtemp() + "/s"
    shutil.copytree(_built_template, path)
    with open_store(path) as s:
        return ActorIndex.from_store(s)


@pytest.mark.parametrize("name,label", [
    ("Moscou", "Russia"), ("moscow", "Russia"), ("Kremlin", "Russia"), ("russe", "Russia"),
    ("Pékin", "China"), ("PEKIN", "China"), ("Washington", "United States"), ("États-Unis", "United States"),
    ("Corée du Sud", "South Korea"), ("Séoul", "South Korea"), ("Louhansk", "Luhansk People's Republic"),
    ("Lougansk", "Luhansk People's Republic"), ("République populaire de Donetsk", "Donetsk People's Republic"),
    ("Vladimir Poutine", "Vladimir Putin"), ("Kim Jong-un", "Kim Jong Un"), ("kim jong un", "Kim Jong Un"),
    ("ONU", "United Nations"), ("l'Occident", "The West"), ("RUSI", "Royal United Services Institute"),
    ("PRK", "North Korea"), ("KP", "North Korea"),
])
def test_aliases_resolve(index, name, label):
    assert index.resolve(name).label == label


def test_unknown_name_gets_suggestions(index):
    with pytest.raises(ActorNotFound) as e:
        index.resolve("Nort Korea")
    assert e.value.suggestions[0] == "North Korea"
    assert str(e.value).startswith("unknown actor 'Nort Korea'; did you mean 'North Korea'")


def test_empty_name_is_an_input_error(index):
    with pytest.raises(InputError):
        index.resolve("   ")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_arbitrary_unicode_never_crashes_the_resolver(index, text):
    assert isinstance(fold(text), str) and isinstance(loose(text), str)
    try:
        actor = index.resolve(text)
    except (ActorNotFound, InputError):
        return
    assert actor.iri in index.actors

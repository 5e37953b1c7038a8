"""Arbitrary Unicode never crashes the importers: rows are imported or named as bad rows."""

from __future__ import annotations

import csv
import shutil
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import GeokgError
from graph.importers.common import ActorCodes
from graph.importers.csvmap import ActorResolver, mapping_from, read_csv
from graph.importers.gdelt import read_gdelt
from graph.store import open_store

cell = st.text(alphabet=st.characters(blacklist_characters="\t\r\n\x00", blacklist_categories=("Cs",)), max_size=12)


@pytest.fixture(scope="module")
def store(_built_template):
    path = tempfile.mkdtemp() + "/s"
    shutil.copytree(_built_template, path)
    s = open_store(path)
    yield s
    s.close()


SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@SETTINGS
@given(rows=st.lists(st.lists(cell, min_size=1, max_size=62), min_size=1, max_size=4), skip=st.booleans())
def test_gdelt_rows_never_crash(store, tmp_path_factory, rows, skip):
    f = tmp_path_factory.mktemp("gdelt") / "events.csv"
    f.write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    try:
        statements, _, report = read_gdelt(f, ActorCodes(store), "https://w3id.org/geokg/graph/t", skip_bad=skip)
    except GeokgError as e:
        assert "line" in str(e) or "no " in str(e)
        return
    assert report.rows == sum(1 for r in rows if "\t".join(r).strip()
                              and not (r[0].strip().upper() == "GLOBALEVENTID" and r is rows[0]))
    assert len(report.skipped) <= report.rows


@SETTINGS
@given(rows=st.lists(st.tuples(cell, cell, cell), min_size=1, max_size=5), skip=st.booleans())
def test_csv_rows_never_crash(store, tmp_path_factory, rows, skip):
    f = tmp_path_factory.mktemp("csv") / "rows.csv"
    with open(f, "w", encoding="utf-8", newline="") as out:
        w = csv.writer(out)
        w.writerow(["a", "b", "rel"])
        w.writerows(rows)
    mapping = mapping_from(subject="a", object="b", relation_column="rel")
    try:
        statements, report = read_csv(f, mapping, ActorResolver(ActorCodes(store)), "https://w3id.org/geokg/graph/t",
                                      skip_bad=skip)
    except GeokgError as e:
        assert "line" in str(e) or "no " in str(e), str(e)
        return
    assert len(statements) + len(report.skipped) <= len(rows)

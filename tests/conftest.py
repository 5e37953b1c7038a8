"""Shared fixtures: a real store in a temporary folder, the CLI driven through CliRunner.

- ``store_location``: an empty store location for the backend under test (a folder for the
  embedded Oxigraph store; the remote backend plugs in here too).
- ``built_location``: a store that already holds ``geokg build`` (copied from one build per session).
- ``cli``: ``cli("show", "North Korea")`` runs the command against ``store_location`` or, for
  ``built_cli``, against ``built_location``; returns click's Result.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A file of ../shared, or skip the test when ../shared is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is not present beside the project")
    return p


@pytest.fixture(scope="session")
def _built_template(tmp_path_factory) -> Path:
    from graph.build import build
    from graph.store import open_store

    path = tmp_path_factory.mktemp("template") / "store"
    with open_store(str(path)) as s:
        build(s)
    return path


@pytest.fixture(params=["embedded"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def store_location(backend, tmp_path) -> str:
    return str(tmp_path / "store")


@pytest.fixture
def built_location(backend, _built_template, tmp_path) -> str:
    dest = tmp_path / "built"
    shutil.copytree(_built_template, dest)
    return str(dest)


def _runner(location: str):
    from graph.cli import cli as app

    def run(*args, input=None, catch=True):
        runner = CliRunner()
        return runner.invoke(app, ["--store", location, *map(str, args)], input=input,
                             catch_exceptions=catch)

    return run


@pytest.fixture
def cli(store_location):
    return _runner(store_location)


@pytest.fixture
def built_cli(built_location):
    return _runner(built_location)


@pytest.fixture
def open_built(built_location):
    """Open the built store in-process (closed at teardown)."""
    from graph.store import open_store

    stores = []

    def opener():
        s = open_store(built_location)
        stores.append(s)
        return s

    yield opener
    for s in stores:
        s.close()


@pytest.fixture
def built_folder(_built_template, tmp_path) -> str:
    """A built embedded store folder, whatever the backend under test (for engine-level tests)."""
    dest = tmp_path / "built-folder"
    shutil.copytree(_built_template, dest)
    return str(dest)

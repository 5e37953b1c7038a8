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


def nquads_of(folder: Path) -> bytes:
    """An embedded store as N-Quads, to load into a server (made once per folder and process)."""
    if folder not in _NQUADS:
        import io

        import pyoxigraph as ox

        from graph.store import open_store

        buf = io.BytesIO()
        with open_store(str(folder)) as s:
            s.dump(buf, ox.RdfFormat.N_QUADS)
        _NQUADS[folder] = buf.getvalue()
    return _NQUADS[folder]


_NQUADS: dict[Path, bytes] = {}


def copy_of_template(backend: str, template: Path, tmp_path: Path, request, role: str) -> str:
    """A store holding what ``template`` (an embedded store folder) holds, for ``backend``: a copy
    of the folder, or the session's server for ``role`` reloaded with its N-Quads."""
    if backend == "embedded":
        dest = tmp_path / role
        shutil.copytree(template, dest)
        return str(dest)
    server = request.getfixturevalue("oxigraph_servers")(role)
    server.load_nquads(nquads_of(template))
    return server.url


@pytest.fixture(scope="session")
def oxigraph_servers(tmp_path_factory):
    """``get(role)``: a real Oxigraph server on loopback, one per role, started on first use
    and stopped by its process id when the session ends."""
    from servers import OxigraphServer, oxigraph_binary

    running: dict[str, OxigraphServer] = {}

    def get(role: str = "main") -> OxigraphServer:
        if oxigraph_binary() is None:
            pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
        if role not in running:
            running[role] = OxigraphServer(tmp_path_factory.mktemp(f"oxigraph-{role}")).start()
        return running[role]

    yield get
    for server in running.values():
        server.stop()


@pytest.fixture(params=["embedded", "oxigraph-server"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def store_location(backend, tmp_path, request) -> str:
    if backend == "embedded":
        return str(tmp_path / "store")
    server = request.getfixturevalue("oxigraph_servers")("empty")
    server.clear()
    return server.url


@pytest.fixture
def built_location(backend, _built_template, tmp_path, request) -> str:
    return copy_of_template(backend, _built_template, tmp_path, request, "built")


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


# Tests that take tens of seconds each (subprocesses killed mid-write, servers stopped mid-load).
# They run first, so that with `-n 2` no worker is left finishing one of them while the other
# has nothing to do.
LONG_FIRST = ("test_crash.py::", "test_server_stopped_in_the_middle_of_a_load")


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: not any(mark in item.nodeid for mark in LONG_FIRST))

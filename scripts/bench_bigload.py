"""Load a large N-Triples file (default ~1 GB) with `geokg load` and report time and peak memory.

Usage: python scripts/bench_bigload.py [--gigabytes 1.0] [--keep DIR]

Memory must stay bounded whatever the size: the file is streamed twice (a parse check that
writes nothing, then Oxigraph's bulk loader), never held whole in memory.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_file(path: Path, gigabytes: float) -> int:
    target = int(gigabytes * 1e9)
    n = 0
    with open(path, "w") as f:
        written = 0
        while written < target:
            line = (f'<https://example.org/actor/{n % 50021}> <https://example.org/p{n % 23}> '
                    f'"statement number {n} with some text to make lines longer"@en .\n')
            f.write(line)
            written += len(line)
            n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gigabytes", type=float, default=1.0)
    ap.add_argument("--keep", help="folder to keep the file and store in")
    a = ap.parse_args()
    work = Path(a.keep or tempfile.mkdtemp(prefix="geokg-bigload-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / "big.nt"
    t0 = time.monotonic()
    n = write_file(data, a.gigabytes)
    print(f"generated {data.stat().st_size / 1e9:.2f} GB, {n:,} triples in {time.monotonic() - t0:.1f} s")
    store = work / "store"
    geokg = [sys.executable, "-m", "graph.cli", "--store", str(store), "load", str(data)]
    t0 = time.monotonic()
    subprocess.run(geokg, check=True)
    elapsed = time.monotonic() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"geokg load: {elapsed:.1f} s, {n / elapsed:,.0f} triples/s, peak memory {peak_kb / 1024:.0f} MB "
          f"({peak_kb * 1024 / data.stat().st_size:.2f} x file size)")
    if not a.keep:
        import shutil

        shutil.rmtree(work)


if __name__ == "__main__":
    main()

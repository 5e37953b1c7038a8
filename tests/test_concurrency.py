"""Two processes on one embedded store: the second is told who holds it, or waits."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

from graph.store import open_store
from graph.store.canonical import dump_lines, same_content

GEOKG = [sys.executable, "-m", "graph.cli"]


def test_second_process_is_told_the_store_is_in_use(built_folder):
    with open_store(built_folder) as holder:
        before = dump_lines(holder)
        out = subprocess.run([*GEOKG, "--store", built_folder, "build"], capture_output=True, text=True)
        assert out.returncode == 1
        assert out.stderr == (f"error: store {built_folder} is in use by process {os.getpid()}; "
                              "retry later or pass --wait SECONDS\n")
        assert "Traceback" not in out.stderr
        assert same_content(dump_lines(holder), before)


def test_wait_gets_the_store_once_released(built_folder):
    holder = open_store(built_folder)
    timer = threading.Timer(1.0, holder.close)
    timer.start()
    t0 = time.monotonic()
    out = subprocess.run([*GEOKG, "--store", built_folder, "--wait", "20", "graphs"], capture_output=True, text=True)
    timer.join()
    assert out.returncode == 0, out.stderr
    assert "curated" in out.stdout
    assert time.monotonic() - t0 >= 1.0


def test_wait_gives_up_after_its_time(built_folder):
    with open_store(built_folder):
        out = subprocess.run([*GEOKG, "--store", built_folder, "--wait", "0.5", "graphs"],
                             capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr.strip().endswith("(waited 0.5 s)")


def test_lock_is_released_when_a_holder_is_killed(built_folder):
    code = ("import time, sys; from graph.store import open_store; s = open_store(sys.argv[1]); "
            "print('ready', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, built_folder], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    busy = subprocess.run([*GEOKG, "--store", built_folder, "graphs"], capture_output=True, text=True)
    assert busy.returncode == 1 and f"in use by process {proc.pid}" in busy.stderr
    proc.kill()
    proc.wait()
    ok = subprocess.run([*GEOKG, "--store", built_folder, "graphs"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr

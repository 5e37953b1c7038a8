"""Real SPARQL servers on loopback for the tests: Oxigraph (PyPI package ``oxigraph``) and,
when installed, Virtuoso open source (Debian package virtuoso-opensource; see .ci/virtuoso.sh).

Each server runs on a free port of 127.0.0.1 with its data in a temporary folder, is waited
for until it answers, and is stopped by its process id. Nothing here talks to any other address.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` command of the virtual environment running the tests (else $PATH)."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


class Server:
    """A server process; ``url`` is what ``--store`` takes."""

    name = "server"

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    # subclasses: command(), url (what --store takes), query_url (the SPARQL query endpoint)
    def command(self) -> list[str]:
        raise NotImplementedError

    @property
    def ready_url(self) -> str:
        return self.query_url + "?query=ASK%7B%7D"

    def start(self, timeout: float = 60.0) -> "Server":
        log = open(self.folder / f"{self.name}.log", "ab")
        self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, cwd=self.folder)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}: {self.log_tail()}")
            try:
                r = requests.get(self.ready_url, timeout=2, headers={"Accept": "application/sparql-results+json"})
                if r.status_code == 200 and '"boolean"' in r.text:  # the SPARQL endpoint, not a welcome page
                    self.after_start()
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {timeout:g} s: {self.log_tail()}")

    def after_start(self) -> None:
        pass

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> None:
        """Stop the server by its process id (SIGKILL for a crash)."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    def log_tail(self, n: int = 2000) -> str:
        try:
            return (self.folder / f"{self.name}.log").read_text(errors="replace")[-n:]
        except OSError:
            return ""


class OxigraphServer(Server):
    name = "oxigraph"

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    def command(self) -> list[str]:
        return [oxigraph_binary(), "serve", "--location", str(self.folder / "data"),
                "--bind", f"{HOST}:{self.port}"]

    def clear(self) -> None:
        self._loaded = None
        requests.post(self.url + "/update", data="DROP ALL",
                      headers={"Content-Type": "application/sparql-update"}, timeout=60).raise_for_status()

    _loaded: tuple[bytes, bytes] | None = None  # (what the last load_nquads sent, the dump it left)

    def dump(self) -> bytes:
        """The whole dataset as sorted N-Quads lines (blank nodes as the server labels them)."""
        r = requests.get(self.url + "/store", headers={"Accept": "application/n-quads"}, timeout=60)
        r.raise_for_status()
        return b"\n".join(sorted(line for line in r.content.split(b"\n") if line.strip()))

    def load_nquads(self, data: bytes) -> None:
        """Replace the whole dataset with N-Quads (Graph Store Protocol, one request).

        Skipped when the server still holds exactly what the previous call left: a test that
        only reads needs no reload, and every reload leaves deletion markers that slow the
        server down over a long session."""
        if self._loaded is not None and self._loaded[0] == data and self.dump() == self._loaded[1]:
            return
        self.clear()
        if data:
            requests.post(self.url + "/store", data=data, headers={"Content-Type": "application/n-quads"},
                          timeout=60).raise_for_status()
        self._loaded = (data, self.dump())


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {host}:{sql_port}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
CheckpointAuditTrail = 0
AllowOSCalls = 0
DirsAllowed = ., {db}
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = {vsp}
MaxClientConnections = 10
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
TempASPXDir = 0
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
HTTPThreadSize = 280000
HttpPrintWarningsInOutput = 0
Charset = UTF-8
EnabledGzipContent = 0

[AutoRepair]
BadParentLinks = 0

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0

[URIQA]
DynamicLocal = 0
DefaultHost = {host}:{http_port}

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 120
DefaultQuery = select distinct ?Concept where {{[] a ?Concept}} LIMIT 100
DeferInferenceRulesInit = 0
"""

# what the anonymous SPARQL user needs to write over /sparql and /sparql-graph-crud
VIRTUOSO_GRANTS = [
    'GRANT SPARQL_UPDATE TO "SPARQL";',
    "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);",
]


class VirtuosoServer(Server):
    name = "virtuoso"

    def __init__(self, folder: Path):
        super().__init__(folder)
        self.sql_port = free_port()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/sparql"

    @property
    def query_url(self) -> str:
        return self.url

    def command(self) -> list[str]:
        db = self.folder / "db"
        db.mkdir(exist_ok=True)
        vsp = Path("/var/lib/virtuoso-opensource-7/vsp")
        ini = self.folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(db=db, vsp=vsp if vsp.exists() else self.folder, host=HOST,
                                           sql_port=self.sql_port, http_port=self.port))
        return [virtuoso_binary(), "+foreground", "+configfile", str(ini)]

    def isql(self, *statements: str) -> str:
        isql = shutil.which("isql-vt") or shutil.which("isql")
        out = subprocess.run([isql, f"{HOST}:{self.sql_port}", "dba", "dba", "VERBOSE=OFF",
                              "BANNER=OFF", "PROMPT=OFF", "ERRORS=STDOUT", "exec=" + " ".join(statements)],
                             capture_output=True, text=True, timeout=60)
        if out.returncode != 0 or "*** Error" in out.stdout:
            raise RuntimeError(f"isql failed: {out.stdout} {out.stderr}")
        return out.stdout

    def after_start(self) -> None:
        self.isql(*VIRTUOSO_GRANTS)

    def clear(self) -> None:
        """Drop every graph geokg may have written (Virtuoso's own graphs stay)."""
        from graph.store.remote import RemoteStore

        with RemoteStore(self.url, engine="virtuoso") as s:
            for g in s.graphs(include_internal=True):
                s.update(f"DROP SILENT GRAPH <{g}>")

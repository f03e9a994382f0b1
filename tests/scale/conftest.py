"""A private Virtuoso Open Source server on 127.0.0.1 for the remote tests.

Started once per session from Debian's ``virtuoso-opensource`` package (``virtuoso-t``,
``isql-vt``) with its own database directory and ports bound to loopback; the tests
that need it are skipped, with the reason, where the binaries are absent.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

INI = """\
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{isql}
DisableUnixSocket    = 1
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = ., {d}
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000

[HTTPServer]
ServerPort           = 127.0.0.1:{http}
ServerRoot           = {d}
MaxClientConnections = 4
ServerThreads        = 4

[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryExecutionTime      = 60
DefaultGraph               =
"""

PASSWORD = "pg-test-secret"


@dataclass
class Virtuoso:
    url: str  # the SPARQL query endpoint
    user: str
    password: str
    directory: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _isql(port: int, password: str, sql: str) -> str:
    r = subprocess.run(
        ["isql-vt", f"127.0.0.1:{port}", "dba", password, f"exec={sql}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    out = r.stdout + r.stderr
    if r.returncode or "*** Error" in out:  # isql-vt exits 0 on SQL errors
        raise RuntimeError(out)
    return out


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    if not (shutil.which("virtuoso-t") and shutil.which("isql-vt")):
        pytest.skip(
            "Virtuoso Open Source is not installed (virtuoso-t/isql-vt missing): "
            "apt-get install -y virtuoso-opensource"
        )
    d = tmp_path_factory.mktemp("virtuoso")
    http, isql = _free_port(), _free_port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, http=http, isql=isql), "utf-8")
    proc = subprocess.Popen(
        ["virtuoso-t", "+configfile", str(d / "virtuoso.ini"), "+foreground"],
        cwd=d,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{http}/sparql"
    started = time.monotonic()
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if proc.poll() is not None or time.monotonic() - started > 60:
                log = (d / "virtuoso.log").read_text("utf-8", "replace")[-2000:]
                pytest.fail(f"Virtuoso did not start:\n{log}")
            time.sleep(0.2)
        _isql(isql, "dba", f"USER_SET_PASSWORD('dba', '{PASSWORD}')")
        yield Virtuoso(url, "dba", PASSWORD, d)
    finally:
        if proc.poll() is None:
            try:
                _isql(isql, PASSWORD, "shutdown")
                proc.wait(timeout=30)
            except (RuntimeError, subprocess.TimeoutExpired, OSError):
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()

"""The store's guarantees on both databases: SQLite (always) and PostgreSQL (when a server can run).

PostgreSQL is started as a throw-away cluster (initdb + pg_ctl, loopback only) when its binaries and
the psycopg driver are installed; otherwise those cases are skipped, so CI never needs a server.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from service_bridge.catalog import load_catalog
from service_bridge.database import DatabaseError, open_database
from service_bridge.store import CenterStore, StoreError

REPO = Path(__file__).resolve().parents[3]


def _pg_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(candidates[-1]) if candidates else None


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    pytest.importorskip("psycopg")
    initdb, pg_ctl = _pg_binary("initdb"), _pg_binary("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL server binaries not installed")
    run_as: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="center-pg-"))  # not under pytest's root-only tmp tree
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres user
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser")
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
        folder.chmod(0o700)
    data = folder / "data"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    subprocess.run(
        [*run_as, initdb, "-D", str(data), "-U", "postgres", "-A", "trust"], check=True, capture_output=True
    )
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=on"
    subprocess.run(
        [*run_as, pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO / "config" / "catalog")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path, catalog) -> Iterator[CenterStore]:
    if request.param == "sqlite":
        url = str(tmp_path / "center.sqlite3")
    else:
        url = request.getfixturevalue("postgres_url")
    database = open_database(url, pool_size=8)
    store = CenterStore(database)
    with database.transaction(write=True) as cur:  # a fresh queue for each test on the shared server
        cur.execute("DELETE FROM tickets")
        cur.execute("DELETE FROM ticket_sequences")
    store.sync_catalog(catalog)
    yield store
    database.close()


def test_concurrent_issue_no_duplicates_none_lost(store):
    barrier = threading.Barrier(50)

    def issue(i):
        barrier.wait(timeout=10)
        return store.issue_ticket(f"key-{i % 40}", counter_id="counter_7")

    with ThreadPoolExecutor(max_workers=50) as pool:
        tickets = list(pool.map(issue, range(50)))
    numbers_by_key: dict[str, set[str]] = {}
    for ticket in tickets:
        numbers_by_key.setdefault(ticket["request_key"], set()).add(ticket["ticket_number"])
    assert all(len(n) == 1 for n in numbers_by_key.values())
    assert sorted(n.pop() for n in numbers_by_key.values()) == [f"7-{i:04d}" for i in range(1, 41)]
    assert sum(1 for t in tickets if not t["duplicate"]) == 40
    assert store.queue_status("counter_7")[0]["waiting"] == 40


def test_call_next_and_catalog_round_trip(store, catalog):
    for key in ("a", "b"):
        store.issue_ticket(key, procedure_id="dang_ky_khai_sinh")
    assert store.call_next("counter_1")["now_serving"] == "1-0001"
    assert store.call_next("counter_1")["finished"] == ["1-0001"]
    assert store.procedure("dang_ky_khai_sinh") == catalog.procedure("dang_ky_khai_sinh")
    assert store.search("lam giay khai sinh", 1)[0][0].id == "dang_ky_khai_sinh"
    with pytest.raises(StoreError) as raised:
        store.issue_ticket("c", counter_id="counter_0")
    assert raised.value.kind == "not_found"


def test_unsupported_url_is_a_clear_error():
    with pytest.raises(DatabaseError, match="unsupported database URL"):
        open_database("mysql://localhost/db")

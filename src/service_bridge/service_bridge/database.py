"""Database connections for the center service: SQLite embedded by default, PostgreSQL by URL.

Both speak the same portable SQL (written with `?` placeholders, upserts with ON CONFLICT and
RETURNING); this module hides the few differences: how to connect, the placeholder style, how a
write transaction starts, the auto-increment key and the integrity-error class.
"""

from __future__ import annotations

import queue
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any


class DatabaseError(RuntimeError):
    """The database cannot be opened or used (bad URL, missing driver, unreachable server)."""


class Database:
    """A small connection pool with explicit transactions, for SQLite or PostgreSQL."""

    dialect = "abstract"
    serial_primary_key = ""
    integrity_errors: tuple[type[BaseException], ...] = ()

    def __init__(self, pool_size: int = 8) -> None:
        self._pool: queue.Queue[Any] = queue.Queue()
        self._created = 0
        self._pool_size = pool_size
        self._lock = threading.Lock()
        self._all: list[Any] = []

    # -- to implement per dialect ------------------------------------------------------------------
    def _connect(self) -> Any:
        raise NotImplementedError

    def _sql(self, statement: str) -> str:
        return statement

    def _begin_write(self, cursor: Any) -> None:
        cursor.execute("BEGIN")

    # -- pool -----------------------------------------------------------------------------------------
    def _acquire(self) -> Any:
        try:
            return self._pool.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            create = self._created < self._pool_size
            if create:
                self._created += 1
        if not create:
            return self._pool.get(timeout=30)
        try:
            connection = self._connect()
        except Exception:
            with self._lock:
                self._created -= 1
            raise
        with self._lock:
            self._all.append(connection)
        return connection

    def _discard(self, connection: Any) -> None:
        """Drop a connection that failed mid-transaction; the next request opens a fresh one."""
        with self._lock:
            self._created -= 1
            if connection in self._all:
                self._all.remove(connection)
        with suppress(Exception):
            connection.close()

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[Cursor]:
        """A transaction; commits on success, rolls back on any exception (which propagates).

        Write transactions take the write lock up front (SQLite BEGIN IMMEDIATE), so concurrent ticket
        requests are serialized instead of failing on a lock upgrade.
        """
        connection = self._acquire()
        healthy = True
        cursor = connection.cursor()
        try:
            if write:
                self._begin_write(cursor)
            else:
                cursor.execute("BEGIN")
            yield Cursor(self, cursor)
            cursor.execute("COMMIT")
        except BaseException:
            try:
                cursor.execute("ROLLBACK")
            except Exception:
                healthy = False  # the connection itself is broken
            raise
        finally:
            with suppress(Exception):
                cursor.close()
            if healthy:
                self._pool.put(connection)
            else:
                self._discard(connection)

    def close(self) -> None:
        with self._lock:
            connections, self._all = self._all, []
            self._created = 0
        while not self._pool.empty():
            self._pool.get_nowait()
        for connection in connections:
            with suppress(Exception):
                connection.close()


class Cursor:
    """Cursor wrapper translating the portable `?` placeholders to the dialect's style."""

    def __init__(self, database: Database, cursor: Any) -> None:
        self._database = database
        self._cursor = cursor

    def execute(self, statement: str, parameters: Sequence[Any] = ()) -> Cursor:
        self._cursor.execute(self._database._sql(statement), tuple(parameters))
        return self

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._cursor.fetchone()

    def fetchall(self) -> list[tuple[Any, ...]]:
        return list(self._cursor.fetchall())


class SqliteDatabase(Database):
    dialect = "sqlite"
    serial_primary_key = "INTEGER PRIMARY KEY AUTOINCREMENT"
    integrity_errors = (sqlite3.IntegrityError,)

    def __init__(self, path: str | Path, pool_size: int = 8) -> None:
        super().__init__(pool_size)
        self.path = Path(path).expanduser()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseError(f"cannot create the folder of the database {self.path}: {error}") from error

    def _connect(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(
                str(self.path), timeout=30.0, isolation_level=None, check_same_thread=False
            )
            # WAL lets readers run during a write; FULL sync makes every issued ticket survive a crash.
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute("PRAGMA busy_timeout=30000")
            return connection
        except sqlite3.Error as error:
            raise DatabaseError(f"cannot open SQLite database {self.path}: {error}") from error

    def _begin_write(self, cursor: Any) -> None:
        cursor.execute("BEGIN IMMEDIATE")

    def __repr__(self) -> str:
        return f"sqlite:///{self.path}"


class PostgresDatabase(Database):
    dialect = "postgresql"
    serial_primary_key = "BIGSERIAL PRIMARY KEY"

    def __init__(self, url: str, pool_size: int = 8) -> None:
        super().__init__(pool_size)
        try:
            import psycopg
        except ImportError as error:
            raise DatabaseError(
                "a PostgreSQL URL was given but the 'psycopg' package is not installed "
                "(pip install 'psycopg[binary]'), or use a SQLite path"
            ) from error
        self._psycopg = psycopg
        self.integrity_errors = (psycopg.IntegrityError,)
        self.url = url

    def _connect(self) -> Any:
        try:
            return self._psycopg.connect(self.url, autocommit=True)
        except self._psycopg.Error as error:
            raise DatabaseError(f"cannot connect to PostgreSQL: {error}") from error

    def _sql(self, statement: str) -> str:
        return statement.replace("%", "%%").replace("?", "%s")

    def __repr__(self) -> str:
        return re.sub(r"//[^@/]*@", "//***@", self.url)


def open_database(url_or_path: str | Path, pool_size: int = 8) -> Database:
    """`postgresql://user:pw@host/db` -> PostgreSQL; `sqlite:///path`, or a plain path -> SQLite."""
    text = str(url_or_path)
    if text.startswith(("postgresql://", "postgres://")):
        return PostgresDatabase(text, pool_size)
    if text.startswith("sqlite:///"):
        # sqlite:///relative.db or sqlite:////absolute/path.db, as SQLAlchemy spells them
        return SqliteDatabase(text[len("sqlite:///") :], pool_size)
    if "://" in text:
        raise DatabaseError(
            f"unsupported database URL '{text}': use a file path, sqlite:///path or postgresql://..."
        )
    return SqliteDatabase(text, pool_size)

"""Opening a ledger and talking to it: one thin handle over the DB-API driver.

Why a DB-API handle and not an SQLAlchemy engine at run time: a report must start and finish
within 1.5x of a bare ``sqlite3`` query (issue 3), and importing SQLAlchemy alone costs ~0.4 s
here. The SQLModel models stay the single definition of the tables (DDL and the column lists
of every INSERT come from them, see ``reliefctl.db.schema`` and ``reliefctl.ledger.posting``);
this module only executes SQL, which is written in the portable subset SQLite and PostgreSQL
share, with ``?`` placeholders that are translated for psycopg.

Every driver error is translated here into a ``reliefctl.ledger.errors`` class, so nothing
above this module ever sees ``sqlite3.OperationalError`` or a psycopg exception.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from reliefctl.db.url import LedgerLocation
from reliefctl.ledger.errors import (
    LedgerBusy,
    LedgerMissing,
    NotALedger,
    ReliefError,
    SchemaTooNew,
    StorageError,
)

#: ``PRAGMA application_id`` of a reliefctl SQLite ledger ("RELF"), so ``file(1)`` and we can
#: tell our file from any other SQLite database.
APPLICATION_ID = 0x52454C46
#: Bumped whenever the schema changes; ``reliefctl.db.schema.MIGRATIONS`` moves older ledgers up.
SCHEMA_VERSION = 1
#: Key of the PostgreSQL advisory lock that serialises writers (like SQLite's BEGIN IMMEDIATE).
PG_WRITE_LOCK_KEY = 0x52454C46
ENV_BUSY_TIMEOUT = "RELIEFCTL_BUSY_TIMEOUT"
DEFAULT_BUSY_TIMEOUT_S = 30.0

Row = tuple[Any, ...]


def busy_timeout_seconds() -> float:
    """How long a writer waits for another (``RELIEFCTL_BUSY_TIMEOUT``, in seconds)."""
    raw = os.environ.get(ENV_BUSY_TIMEOUT)
    try:
        timeout_seconds = float(raw) if raw else DEFAULT_BUSY_TIMEOUT_S
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT_S
    if not 0.0 <= timeout_seconds <= 3600.0:  # also refuses NaN; inf would overflow SQLite
        return DEFAULT_BUSY_TIMEOUT_S
    return timeout_seconds


def init_hint(location: LedgerLocation) -> str:
    return f"reliefctl --db {location.display} init" if location.display else "reliefctl init"


def _no_space_left(location: LedgerLocation) -> bool:
    """Whether the ledger's folder has (almost) no space left for an unprivileged writer."""
    try:
        return shutil.disk_usage(location.path.parent).free < 64 * 1024
    except OSError:
        return False


def translate_sqlite_error(exc: sqlite3.Error, location: LedgerLocation) -> ReliefError:
    """Map a sqlite3 exception to the error a user should see."""
    text = str(exc)
    lowered = text.lower()
    where = location.display
    if "locked" in lowered or "busy" in lowered:
        return LedgerBusy(
            f"the ledger {where} is busy (another reliefctl or program is writing); "
            "try again in a moment"
        )
    if "readonly" in lowered or "read-only" in lowered:
        return StorageError(f"the ledger {where} is read-only here: {text}")
    # With no room left, SQLite cannot even create the WAL index beside the ledger and reports
    # only an I/O error: say what the user can act on.
    full = "disk i/o error" in lowered and _no_space_left(location)
    if full or "disk is full" in lowered or "disk full" in lowered:
        return StorageError(f"cannot write the ledger {where}: the disk is full; nothing was saved")
    if "unable to open" in lowered:
        return StorageError(
            f"cannot open the ledger {where}: the file or its folder is not accessible "
            "(check permissions)"
        )
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return NotALedger(
            f"{where} is damaged or not a reliefctl ledger ({text}); it was left as it is"
        )
    if "append-only" in lowered:
        return StorageError(f"refused by the ledger: {text}")
    if isinstance(exc, sqlite3.IntegrityError):
        return StorageError(f"the ledger refused a write that breaks its constraints: {text}")
    return StorageError(f"storage error on {where}: {text}")


class Ledger:
    """An open ledger: query, stream, and run write or snapshot transactions."""

    def __init__(self, raw: Any, location: LedgerLocation) -> None:
        self.raw = raw
        self.location = location
        self.dialect = location.dialect
        self._in_transaction = False
        self._streams = 0

    # --- SQL ---------------------------------------------------------------------------------

    def _sql(self, sql: str, has_params: bool) -> str:
        if self.dialect == "postgresql" and has_params:
            return sql.replace("%", "%%").replace("?", "%s")
        return sql

    def _translate(self, exc: Exception) -> ReliefError:
        if isinstance(exc, sqlite3.Error):
            return translate_sqlite_error(exc, self.location)
        from reliefctl.db import postgres

        return postgres.translate_error(exc, self.location)

    def _driver_errors(self) -> tuple[type[Exception], ...]:
        if self.dialect == "sqlite":
            return (sqlite3.Error,)
        import psycopg

        return (psycopg.Error,)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            cursor = self.raw.cursor()
            if params:
                cursor.execute(self._sql(sql, True), tuple(params))
            else:
                cursor.execute(sql)
            return cursor
        except self._driver_errors() as exc:
            raise self._translate(exc) from exc

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        try:
            cursor = self.raw.cursor()
            cursor.executemany(self._sql(sql, True), rows)
        except self._driver_errors() as exc:
            raise self._translate(exc) from exc

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self.execute(sql, params)
        try:
            return [tuple(row) for row in cursor.fetchall()]
        except self._driver_errors() as exc:
            raise self._translate(exc) from exc

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def stream(self, sql: str, params: Sequence[Any] = (), size: int = 5000) -> Iterator[Row]:
        """Yield rows without holding the whole result in memory (a server-side cursor on PG).

        On PostgreSQL a named cursor lives only inside a transaction: outside ``snapshot()`` or
        ``write()`` the stream opens its own read-only one and ends it when exhausted or closed.
        """
        own_transaction = False
        cursor: Any = None
        try:
            if self.dialect == "postgresql":
                if not self._in_transaction:
                    self.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    own_transaction = self._in_transaction = True
                self._streams += 1
                cursor = self.raw.cursor(name=f"reliefctl_stream_{self._streams}")
                cursor.itersize = size
                if params:
                    cursor.execute(self._sql(sql, True), tuple(params))
                else:
                    cursor.execute(sql)
            else:
                cursor = self.raw.cursor()
                cursor.execute(sql, tuple(params))
            while True:
                batch = cursor.fetchmany(size)
                if not batch:
                    break
                for row in batch:
                    yield tuple(row)
        except self._driver_errors() as exc:
            raise self._translate(exc) from exc
        finally:
            if cursor is not None:
                with suppress(Exception):
                    cursor.close()
            if own_transaction:
                self._rollback()

    def insert(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        """Insert rows (dicts keyed by column) with the table's SQLAlchemy Core INSERT."""
        if not rows:
            return
        from reliefctl.db.writer import insert_sql

        try:
            self.raw.cursor().executemany(insert_sql(table, self.dialect), rows)
        except self._driver_errors() as exc:
            raise self._translate(exc) from exc

    # --- transactions --------------------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        """True inside ``write()`` or ``snapshot()`` (or a stream's own read transaction)."""
        return self._in_transaction

    @contextmanager
    def write(self) -> Iterator[Ledger]:
        """One write transaction; writers queue for each other (never "database is locked").

        SQLite: ``BEGIN IMMEDIATE`` takes the write lock up front, waiting up to the busy timeout,
        so the stock and fund checks and the hash chain read a state no one else can change
        before COMMIT. PostgreSQL: a transaction-scoped advisory lock does the same job.
        """
        if self._in_transaction:
            raise RuntimeError("nested ledger transaction")
        if self.dialect == "sqlite":
            self.execute("BEGIN IMMEDIATE")
        else:
            # The lock is the transaction's first statement, before any read; READ COMMITTED
            # gives every later statement a fresh snapshot, so the checks and the chain head
            # see everything committed by the writer that held the lock before us.
            self.execute("BEGIN")
            timeout_ms = max(1, round(busy_timeout_seconds() * 1000))
            self.execute(f"SET LOCAL lock_timeout = {timeout_ms}")
            self.execute("SELECT pg_advisory_xact_lock(?)", (PG_WRITE_LOCK_KEY,))
        self._in_transaction = True
        try:
            yield self
        except BaseException:
            self._rollback()
            raise
        else:
            self._in_transaction = False
            self.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[Ledger]:
        """A read-only transaction: every query inside sees one consistent state of the ledger.

        In WAL mode a reader never blocks a writer, so a clerk's ``ship`` proceeds while a long
        export reads its snapshot.
        """
        if self._in_transaction:
            raise RuntimeError("nested ledger transaction")
        if self.dialect == "sqlite":
            self.execute("BEGIN")
        else:
            self.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        self._in_transaction = True
        try:
            yield self
        finally:
            self._rollback()

    def _rollback(self) -> None:
        self._in_transaction = False
        with suppress(Exception):
            self.raw.rollback() if self.dialect == "postgresql" else self.raw.execute("ROLLBACK")

    def close(self) -> None:
        with suppress(Exception):
            self.raw.close()


def connect_sqlite_file(path: Path, location: LedgerLocation) -> sqlite3.Connection:
    """Open an existing SQLite file without ever creating it, with the ledger's pragmas."""
    uri = "file:" + str(path.resolve()).replace("?", "%3f").replace("#", "%23") + "?mode=rw"
    try:
        raw = sqlite3.connect(
            uri,
            uri=True,
            isolation_level=None,  # we issue BEGIN/COMMIT ourselves
            timeout=busy_timeout_seconds(),
            check_same_thread=False,
        )
        raw.execute("PRAGMA foreign_keys = ON")
        raw.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, location) from exc
    return raw


def open_ledger(location: LedgerLocation) -> Ledger:
    """Open an existing ledger, refusing anything that is not one (never creating one)."""
    if location.dialect == "postgresql":
        from reliefctl.db import postgres

        return postgres.open_ledger(location)
    path = location.path
    if not path.exists():
        raise LedgerMissing(
            f"no ledger at {location.display}; create it with: {init_hint(location)}"
        )
    if path.is_dir():
        raise NotALedger(f"{location.display} is a directory, not a reliefctl ledger file")
    raw = connect_sqlite_file(path, location)
    ledger = Ledger(raw, location)
    try:
        check_sqlite_identity(ledger)
    except BaseException:
        ledger.close()
        raise
    return ledger


def check_sqlite_identity(ledger: Ledger) -> None:
    """Refuse a file that is not a reliefctl ledger, or one from a newer reliefctl."""
    where = ledger.location.display
    app_id = ledger.scalar("PRAGMA application_id")
    if app_id != APPLICATION_ID:
        empty = ledger.scalar("SELECT COUNT(*) FROM sqlite_master") == 0
        if empty and ledger.location.path.stat().st_size == 0:
            raise LedgerMissing(
                f"{where} is an empty file, not a ledger; create one with: "
                f"{init_hint(ledger.location)}"
            )
        raise NotALedger(
            f"{where} is not a reliefctl ledger (it is some other SQLite database); "
            "it was left as it is — pass the right file with --db"
        )
    version = int(ledger.scalar("PRAGMA user_version") or 0)
    check_version(version, where)
    if version < SCHEMA_VERSION:
        from reliefctl.db.migrations import migrate

        migrate(ledger, SCHEMA_VERSION)


def check_version(version: int, where: str) -> None:
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"{where} was written by a newer reliefctl (schema {version}, this one knows up to "
            f"{SCHEMA_VERSION}); upgrade reliefctl — the ledger was not touched"
        )
    if version < 1:
        raise NotALedger(f"{where} has no reliefctl schema version; it was left as it is")

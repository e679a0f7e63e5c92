"""The open ledger: one thin handle over a DB-API connection, its queries and transactions.

Why a DB-API handle and not an SQLAlchemy engine: a clerk's ``ship`` and a leader's ``report``
must not pay for importing SQLAlchemy (more than the work itself). The SQLModel models stay
the one definition of the tables; the DDL and INSERT text generated from them
(``reliefctl.db.tables``) is what runs here. SQL is written in the portable subset SQLite and
PostgreSQL share, with ``?`` placeholders translated for psycopg.

The handle knows nothing of either backend: a :class:`Backend` (``reliefctl.db.sqlite``,
``reliefctl.db.postgres``) says how to begin a write and how to translate the driver's errors
into ``reliefctl.errors``, so nothing above this module ever sees ``sqlite3.OperationalError``
or a psycopg exception.
"""

from __future__ import annotations

import math
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any, Protocol

from reliefctl.db.tables import INSERT, SCHEMA_VERSION
from reliefctl.db.url import LedgerLocation
from reliefctl.errors import (
    BadBusyTimeout,
    NoSchemaVersion,
    ReliefError,
    SchemaTooNew,
    SchemaTooOld,
)

#: Key of the PostgreSQL advisory lock that serialises writers (like SQLite's BEGIN IMMEDIATE).
PG_WRITE_LOCK_KEY = 0x52454C46
ENV_BUSY_TIMEOUT = "RELIEFCTL_BUSY_TIMEOUT"
DEFAULT_BUSY_TIMEOUT_S = 30.0
MAX_BUSY_TIMEOUT_S = 3600.0
#: Signals held back while COMMIT runs, so an interruption never leaves its outcome unknown.
COMMIT_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

Row = tuple[Any, ...]


def busy_timeout_seconds() -> float:
    """How long a writer waits for another (``RELIEFCTL_BUSY_TIMEOUT``, in seconds).

    Unset or empty: the default. Anything else must be a number of seconds from 0 to 3600;
    text, a negative number, NaN or infinity is refused, naming the variable.
    """
    raw = os.environ.get(ENV_BUSY_TIMEOUT, "")
    if not raw.strip():
        return DEFAULT_BUSY_TIMEOUT_S
    try:
        seconds = float(raw.strip())
    except ValueError:
        raise BadBusyTimeout(field=f"env:{ENV_BUSY_TIMEOUT}", value=raw) from None
    if not math.isfinite(seconds) or not 0.0 <= seconds <= MAX_BUSY_TIMEOUT_S:
        raise BadBusyTimeout(field=f"env:{ENV_BUSY_TIMEOUT}", value=raw)
    return seconds


def init_hint(location: LedgerLocation) -> str:
    """The command that creates the ledger at ``location``, for messages."""
    return f"reliefctl --db {location.display} init" if location.display else "reliefctl init"


class Backend(Protocol):
    """What the handle needs to know of a driver."""

    dialect: str
    errors: tuple[type[Exception], ...]

    def translate(self, exc: Exception, location: LedgerLocation) -> ReliefError: ...

    def begin_write(self, ledger: Ledger) -> None: ...

    def begin_snapshot(self, ledger: Ledger) -> None: ...

    def commit_error(self, exc: Exception, location: LedgerLocation) -> ReliefError: ...


class Ledger:
    """An open ledger: query, stream, and run write or snapshot transactions."""

    def __init__(self, raw: Any, location: LedgerLocation, backend: Backend) -> None:
        self.raw = raw
        self.location = location
        self.backend = backend
        self.dialect = backend.dialect
        self._in_transaction = False
        self._streams = 0
        #: Called with no argument right after the next COMMIT succeeds (then forgotten).
        self.after_commit: list[Callable[[], None]] = []

    # --- SQL ---------------------------------------------------------------------------------

    def _sql(self, sql: str, has_params: bool) -> str:
        if self.dialect == "postgresql" and has_params:
            return sql.replace("%", "%%").replace("?", "%s")
        return sql

    def _translate(self, exc: Exception) -> ReliefError:
        return self.backend.translate(exc, self.location)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            cursor = self.raw.cursor()
            if params:
                cursor.execute(self._sql(sql, True), tuple(params))
            else:
                cursor.execute(sql)
            return cursor
        except self.backend.errors as exc:
            raise self._translate(exc) from exc

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        try:
            cursor = self.raw.cursor()
            cursor.executemany(self._sql(sql, True), rows)
        except self.backend.errors as exc:
            raise self._translate(exc) from exc

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self.execute(sql, params)
        try:
            return [tuple(row) for row in cursor.fetchall()]
        except self.backend.errors as exc:
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
                    self.backend.begin_snapshot(self)
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
        except self.backend.errors as exc:
            raise self._translate(exc) from exc
        finally:
            if cursor is not None:
                with suppress(Exception):
                    cursor.close()
            if own_transaction:
                self._rollback()

    def insert(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        """Insert rows (dicts keyed by column) with the table's generated INSERT."""
        if not rows:
            return
        try:
            self.raw.cursor().executemany(INSERT[self.dialect][table], rows)
        except self.backend.errors as exc:
            raise self._translate(exc) from exc

    # --- transactions --------------------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        """True inside ``write()`` or ``snapshot()`` (or a stream's own read transaction)."""
        return self._in_transaction

    @contextmanager
    def write(self) -> Iterator[Ledger]:
        """One write transaction; writers queue for each other (never "database is locked").

        The backend takes the write lock up front (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: a
        transaction-scoped advisory lock as the first statement), waiting up to the busy
        timeout, so the stock and fund checks and the hash chain read a state no one else can
        change before COMMIT. Any error before COMMIT rolls everything back. COMMIT itself runs
        with SIGINT, SIGTERM and SIGHUP held back: an interruption is handled after it, when
        its outcome is known. If COMMIT fails so that its outcome cannot be known, the error
        is ``CommitUncertain``.
        """
        if self._in_transaction:
            raise RuntimeError("nested ledger transaction")
        self.backend.begin_write(self)
        self._in_transaction = True
        try:
            yield self
        except BaseException:
            self.after_commit.clear()
            self._rollback()
            raise
        self._in_transaction = False
        self._commit()

    def _commit(self) -> None:
        hooks, self.after_commit = self.after_commit, []
        with _signals_held():
            try:
                self.raw.execute("COMMIT")
            except self.backend.errors as exc:
                error = self.backend.commit_error(exc, self.location)
                with suppress(Exception):
                    self._rollback()
                raise error from exc
            # Still with the signals held: whoever asked learns of the commit before an
            # interruption can be handled.
            for hook in hooks:
                hook()

    @contextmanager
    def snapshot(self) -> Iterator[Ledger]:
        """A read-only transaction: every query inside sees one consistent state of the ledger.

        In WAL mode a reader never blocks a writer, so a clerk's ``ship`` proceeds while a long
        export reads its snapshot.
        """
        if self._in_transaction:
            raise RuntimeError("nested ledger transaction")
        self.backend.begin_snapshot(self)
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


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back the interrupting signals for the block (main thread only; a no-op elsewhere)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, COMMIT_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def check_version(version: int, where: str, *, allow_older: bool = False) -> None:
    """Refuse a ledger of a newer schema, and (unless ``allow_older``) one of an older schema.

    Only ``reliefctl upgrade`` opens an older ledger; every other command refuses it, so a
    cron report, an auditor's read-only copy or a clerk's least-privilege role never writes
    the schema.
    """
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(where=where, version=version, known=SCHEMA_VERSION)
    if version < 1:
        raise NoSchemaVersion(where=where)
    if version < SCHEMA_VERSION and not allow_older:
        raise SchemaTooOld(where=where, version=version, known=SCHEMA_VERSION)


__all__ = [
    "DEFAULT_BUSY_TIMEOUT_S",
    "ENV_BUSY_TIMEOUT",
    "PG_WRITE_LOCK_KEY",
    "Backend",
    "Ledger",
    "Row",
    "busy_timeout_seconds",
    "check_version",
    "init_hint",
]

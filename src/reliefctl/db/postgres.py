"""PostgreSQL backend: connecting, error translation and ``init``.

Imported only when the ledger location is a ``postgresql://`` URL, so SQLite users never pay
for psycopg. The password in the URL never appears in a message: every error text is built
from the masked location, and the driver's own message is scrubbed of the password too.

Connections run in autocommit mode; ``Ledger.write()`` and ``Ledger.snapshot()`` issue BEGIN
and COMMIT themselves, exactly as on SQLite. ``numeric`` results without a fractional part
(PostgreSQL's ``SUM`` of a BIGINT column) are loaded as ``int``, so every layer above sees the
same Python types on both backends: integers as ``int``, text as ``str``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from reliefctl import errors
from reliefctl.db.connect import (
    PG_WRITE_LOCK_KEY,
    Ledger,
    busy_timeout_seconds,
    check_version,
    init_hint,
)
from reliefctl.db.tables import DDL, TABLES
from reliefctl.db.url import LedgerLocation, mask_password
from reliefctl.errors import ReliefError, StorageError

#: ``meta.application`` of a reliefctl ledger.
_APPLICATION = "reliefctl"


def conninfo_parts(location: LedgerLocation) -> dict[str, str]:
    """The URL's parts as libpq sees them (user, password, host, port, dbname, options)."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        return {key: str(value) for key, value in conninfo_to_dict(location.target).items()}
    except Exception:
        return {}


def _scrub(text: str, location: LedgerLocation) -> str:
    """The driver's message on one line, without the password (even if it was echoed)."""
    password = conninfo_parts(location).get("password")
    text = text.split("\nLINE ", 1)[0]  # the server's echo of the statement adds nothing here
    text = mask_password(text)
    if password:
        text = text.replace(password, "***")
    text = re.sub(r"^connection failed:\s*", "", " ".join(text.split()))
    return re.sub(
        r'connection to server at "[^"]*"(?:\s*\([^)]*\))?, port \d+ failed:\s*', "", text
    )


def _server(location: LedgerLocation) -> str:
    """``host:port`` (or the socket folder) of the URL, for messages; never the password."""
    parts = conninfo_parts(location)
    host = parts.get("host") or parts.get("hostaddr") or "localhost"
    return f"{host}:{parts.get('port') or '5432'}"


def translate_connect_error(exc: Exception, location: LedgerLocation) -> ReliefError:
    """A failure to log in: server down, wrong password, unknown database or role."""
    parts = conninfo_parts(location)
    message = _scrub(str(exc), location)
    lowered = message.lower()
    server = _server(location)
    user = parts.get("user") or "(your login name)"
    database = parts.get("dbname") or user
    if "password authentication failed" in lowered or "authentication failed" in lowered:
        return errors.PgWrongPassword(server=server, user=user)
    if "no password supplied" in lowered:
        return errors.PgNoPassword(server=server, user=user)
    if re.search(r'role "[^"]*" does not exist', lowered):
        return errors.PgNoRole(server=server, user=user)
    if re.search(r'database "[^"]*" does not exist', lowered):
        return errors.PgNoDatabase(
            server=server, user=user, database=database, init=init_hint(location)
        )
    if (
        "connection refused" in lowered
        or "could not connect" in lowered
        or "no such file or directory" in lowered
    ):
        return errors.PgUnreachable(server=server)
    if "failed to resolve host" in lowered or "could not translate host name" in lowered:
        return errors.PgUnknownHost(server=server)
    if "timeout expired" in lowered or "timed out" in lowered:
        return errors.PgTimeout(server=server)
    return errors.PgConnectFailed(where=location.display, detail=message)


def translate_error(exc: Exception, location: LedgerLocation) -> ReliefError:
    """Map a psycopg exception raised by a query to the error a user should see."""
    import psycopg
    from psycopg import errors as pg_errors

    where = location.display
    message = _scrub(str(exc), location)
    if isinstance(
        exc,
        pg_errors.LockNotAvailable
        | pg_errors.QueryCanceled
        | pg_errors.SerializationFailure
        | pg_errors.DeadlockDetected,
    ):
        return errors.PgBusy(where=where)
    if isinstance(exc, pg_errors.UndefinedTable):
        return errors.PgNoLedger(where=where, init=init_hint(location))
    if isinstance(exc, pg_errors.RestrictViolation):
        return errors.AppendOnlyRefused(detail=message)
    if isinstance(exc, pg_errors.InsufficientPrivilege):
        user = conninfo_parts(location).get("user") or "(your login name)"
        return errors.PgNoPrivilege(user=user, where=where, detail=message)
    if isinstance(exc, pg_errors.ReadOnlySqlTransaction):
        return errors.PgReadOnly(where=where, detail=message)
    if isinstance(exc, pg_errors.DiskFull):
        return errors.PgDiskFull(where=where)
    if isinstance(exc, pg_errors.InvalidSchemaName):
        return errors.PgNoSchema(where=where, detail=message)
    if isinstance(exc, psycopg.IntegrityError):
        return errors.ConstraintBroken(detail=message)
    if isinstance(exc, psycopg.OperationalError):
        return errors.PgConnectionLost(where=where, detail=message)
    return errors.StorageFailure(where=where, detail=message)


class PostgresBackend:
    dialect = "postgresql"

    def __init__(self) -> None:
        import psycopg

        self.errors: tuple[type[Exception], ...] = (psycopg.Error,)

    def translate(self, exc: Exception, location: LedgerLocation) -> ReliefError:
        return translate_error(exc, location)

    def begin_write(self, ledger: Ledger) -> None:
        # The lock is the transaction's first statement, before any read; READ COMMITTED
        # gives every later statement a fresh snapshot, so the checks and the chain head see
        # everything committed by the writer that held the lock before us.
        ledger.execute("BEGIN")
        timeout_ms = max(1, round(busy_timeout_seconds() * 1000))
        ledger.execute(f"SET LOCAL lock_timeout = {timeout_ms}")
        ledger.execute("SELECT pg_advisory_xact_lock(?)", (PG_WRITE_LOCK_KEY,))

    def begin_snapshot(self, ledger: Ledger) -> None:
        ledger.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def commit_error(self, exc: Exception, location: LedgerLocation) -> ReliefError:
        import psycopg

        if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
            # The server may have committed before the connection went: nobody can tell.
            return errors.CommitOutcomeUnknown(
                where=location.display, detail=_scrub(str(exc), location), ref_hint=""
            )
        return translate_error(exc, location)


def _numeric_loader() -> type[Any]:
    from psycopg.adapt import Loader

    class IntegralNumericLoader(Loader):
        """``numeric`` as ``int`` when it has no fractional part (SUM of BIGINT), else Decimal."""

        def load(self, data: Any) -> int | Decimal:
            text = bytes(data).decode("ascii")
            if "." in text or not text.lstrip("-").isdigit():
                return Decimal(text)
            return int(text)

    return IntegralNumericLoader


def connect(location: LedgerLocation) -> Any:
    """An autocommit psycopg connection, or one clear error line (never the password)."""
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise errors.PgNoDriver() from exc
    given = conninfo_parts(location)
    extra: dict[str, Any] = {"client_encoding": "UTF8"}
    if "connect_timeout" not in given:
        extra["connect_timeout"] = 10
    if "application_name" not in given:
        extra["application_name"] = "reliefctl"
    try:
        raw = psycopg.connect(location.target, autocommit=True, **extra)
    except psycopg.Error as exc:
        raise translate_connect_error(exc, location) from exc
    raw.adapters.register_loader("numeric", _numeric_loader())
    return raw


def _meta(ledger: Ledger) -> dict[str, str] | None:
    """The ledger's ``meta`` rows, None when there is no ``meta`` table on the search_path."""
    if not ledger.scalar("SELECT to_regclass('meta') IS NOT NULL"):
        return None
    try:
        rows = ledger.query(
            "SELECT key, value FROM meta WHERE key IN ('application', 'schema_version')"
        )
    except StorageError as exc:
        raise errors.PgForeignMeta(where=ledger.location.display) from exc
    return {str(key): str(value) for key, value in rows}


def _check_identity(ledger: Ledger, meta: dict[str, str], *, allow_older: bool = False) -> int:
    where = ledger.location.display
    if meta.get("application") != _APPLICATION:
        raise errors.PgMetaNotOurs(where=where)
    version = int(meta.get("schema_version") or 0)
    check_version(version, where, allow_older=allow_older)
    return version


def open_postgres(location: LedgerLocation, *, allow_older: bool = False) -> Ledger:
    """Open an existing PostgreSQL ledger (on the URL's search_path); never create one."""
    ledger = Ledger(connect(location), location, PostgresBackend())
    try:
        meta = _meta(ledger)
        if meta is None:
            raise errors.PgNoLedger(where=location.display, init=init_hint(location))
        _check_identity(ledger, meta, allow_older=allow_older)
    except BaseException:
        ledger.close()
        raise
    return ledger


def init_postgres(location: LedgerLocation, seed: Callable[[Ledger], None] | None = None) -> bool:
    """Create the ledger in the first schema of the search_path; False if it already exists.

    Runs under the writers' advisory lock, so two ``init`` at once create it once. A schema
    that already holds tables of ours without being a reliefctl ledger is refused, never mixed.
    """
    tables = list(TABLES)
    ledger = Ledger(connect(location), location, PostgresBackend())
    where = location.display
    try:
        encoding = str(ledger.scalar("SHOW server_encoding"))
        if encoding.upper() not in ("UTF8", "UTF-8"):
            raise errors.PgNotUtf8(where=where, encoding=encoding)
        if ledger.scalar("SELECT current_schema()") is None:
            raise errors.PgNoSchemaForInit(where=where)
        with ledger.write():
            meta = _meta(ledger)
            if meta is not None:
                _check_identity(ledger, meta)
                return False
            marks = ", ".join("?" for _ in tables)
            clashes = ledger.query(
                "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
                f"AND relname IN ({marks}) ORDER BY relname",
                tables,
            )
            if clashes:
                names = ", ".join(str(name) for (name,) in clashes)
                raise errors.PgTablesClash(where=where, names=names)
            for statement in DDL["postgresql"]:
                ledger.execute(statement)
            if seed is not None:
                seed(ledger)
        return True
    finally:
        ledger.close()


__all__ = [
    "PostgresBackend",
    "connect",
    "conninfo_parts",
    "init_postgres",
    "open_postgres",
    "translate_connect_error",
    "translate_error",
]

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
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from reliefctl.db.connect import SCHEMA_VERSION, Ledger, check_version, init_hint
from reliefctl.db.url import LedgerLocation, mask_password
from reliefctl.ledger.errors import (
    LedgerBusy,
    LedgerMissing,
    NotALedger,
    ReliefError,
    StorageError,
)

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
        return StorageError(
            f"PostgreSQL at {server} refused the login of user {user!r}: wrong password "
            "(check the password in --db / RELIEFCTL_DB, PGPASSWORD or ~/.pgpass)"
        )
    if "no password supplied" in lowered:
        return StorageError(
            f"PostgreSQL at {server} wants a password for user {user!r} and none was given "
            "(put it in ~/.pgpass or PGPASSWORD, or in the URL)"
        )
    if re.search(r'role "[^"]*" does not exist', lowered):
        return StorageError(f"PostgreSQL at {server} has no user {user!r}; ask its administrator")
    if re.search(r'database "[^"]*" does not exist', lowered):
        return StorageError(
            f"the PostgreSQL database {database!r} does not exist on {server}; create it "
            f"(createdb -O {user} {database}), then: {init_hint(location)}"
        )
    if (
        "connection refused" in lowered
        or "could not connect" in lowered
        or "no such file or directory" in lowered
    ):
        return StorageError(
            f"cannot reach the PostgreSQL server at {server}: connection refused "
            "(is it running and accepting TCP connections from here?)"
        )
    if "failed to resolve host" in lowered or "could not translate host name" in lowered:
        return StorageError(f"cannot reach the PostgreSQL server at {server}: unknown host name")
    if "timeout expired" in lowered or "timed out" in lowered:
        return StorageError(
            f"cannot reach the PostgreSQL server at {server}: no answer within the timeout"
        )
    return StorageError(f"cannot connect to the PostgreSQL ledger {location.display}: {message}")


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
        return LedgerBusy(
            f"the ledger {where} is busy (another reliefctl is writing); try again in a moment"
        )
    if isinstance(exc, pg_errors.UndefinedTable):
        return LedgerMissing(
            f"no reliefctl ledger in {where}; create it with: {init_hint(location)}"
        )
    if isinstance(exc, pg_errors.RestrictViolation):
        return StorageError(f"refused by the ledger: {message}")
    if isinstance(exc, pg_errors.InsufficientPrivilege):
        user = conninfo_parts(location).get("user") or "(your login name)"
        return StorageError(f"the PostgreSQL user {user!r} lacks a privilege on {where}: {message}")
    if isinstance(exc, pg_errors.ReadOnlySqlTransaction):
        return StorageError(f"the PostgreSQL server of {where} is read-only here: {message}")
    if isinstance(exc, pg_errors.DiskFull):
        return StorageError(f"cannot write the ledger {where}: the server's disk is full")
    if isinstance(exc, pg_errors.InvalidSchemaName):
        return StorageError(
            f"{where}: the search_path names no existing schema to hold the ledger ({message})"
        )
    if isinstance(exc, psycopg.IntegrityError):
        return StorageError(f"the ledger refused a write that breaks its constraints: {message}")
    if isinstance(exc, psycopg.OperationalError):
        return StorageError(
            f"lost the connection to the PostgreSQL ledger {where} ({message}); an unfinished "
            "write was not confirmed — check with: reliefctl log"
        )
    return StorageError(f"storage error on {where}: {message}")


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
        raise StorageError(
            "PostgreSQL needs the psycopg driver: pip install 'reliefctl[postgres]'"
        ) from exc
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
        raise NotALedger(
            f"{ledger.location.display} holds a table 'meta' that is not a reliefctl ledger's; "
            "it was left as it is — use another database or schema"
        ) from exc
    return {str(key): str(value) for key, value in rows}


def _check_identity(ledger: Ledger, meta: dict[str, str]) -> None:
    where = ledger.location.display
    if meta.get("application") != _APPLICATION:
        raise NotALedger(
            f"{where} is not a reliefctl ledger (its 'meta' table belongs to something else); "
            "it was left as it is — use another database or schema"
        )
    check_version(int(meta.get("schema_version") or 0), where)


def open_ledger(location: LedgerLocation) -> Ledger:
    """Open an existing PostgreSQL ledger (on the URL's search_path); never create one."""
    ledger = Ledger(connect(location), location)
    try:
        meta = _meta(ledger)
        if meta is None:
            raise LedgerMissing(
                f"no reliefctl ledger in {location.display}; create it with: {init_hint(location)}"
            )
        _check_identity(ledger, meta)
        if int(meta.get("schema_version") or 0) < SCHEMA_VERSION:
            from reliefctl.db.migrations import migrate

            migrate(ledger, SCHEMA_VERSION)
    except BaseException:
        ledger.close()
        raise
    return ledger


def init_ledger(
    location: LedgerLocation, statements: Sequence[str], tables: Sequence[str] | None = None
) -> bool:
    """Create the ledger in the first schema of the search_path; False if it already exists.

    Runs under the writers' advisory lock, so two ``init`` at once create it once. A schema
    that already holds tables of ours without being a reliefctl ledger is refused, never mixed.
    """
    if tables is None:
        from reliefctl.ledger.models import LEDGER_TABLES

        tables = ["meta", *LEDGER_TABLES]
    ledger = Ledger(connect(location), location)
    where = location.display
    try:
        encoding = str(ledger.scalar("SHOW server_encoding"))
        if encoding.upper() not in ("UTF8", "UTF-8"):
            raise StorageError(
                f"the PostgreSQL database of {where} uses encoding {encoding}; a ledger needs "
                "UTF8 (createdb -E UTF8 -T template0 ...)"
            )
        if ledger.scalar("SELECT current_schema()") is None:
            raise StorageError(
                f"{where}: the search_path names no existing schema to create the ledger in "
                "(create the schema first, or fix options=-csearch_path=...)"
            )
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
                raise NotALedger(
                    f"{where} already holds tables named like a ledger's ({names}) but is not a "
                    "reliefctl ledger; it was left as it is — use an empty database or schema"
                )
            for statement in statements:
                ledger.execute(statement)
        return True
    finally:
        ledger.close()


__all__ = [
    "SCHEMA_VERSION",
    "connect",
    "conninfo_parts",
    "init_ledger",
    "open_ledger",
    "translate_connect_error",
    "translate_error",
]

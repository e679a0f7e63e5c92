"""PostgreSQL backend: connecting, error translation and ``init``.

Imported only when the ledger location is a ``postgresql://`` URL, so SQLite users never pay
for psycopg. The password in the URL never appears in a message: every error text is built
from the masked location, and the driver's own message is scrubbed of the password too.
"""

from __future__ import annotations

from typing import Any

from reliefctl.db.connect import SCHEMA_VERSION, Ledger, check_version, init_hint
from reliefctl.db.url import LedgerLocation, mask_password
from reliefctl.ledger.errors import (
    LedgerBusy,
    LedgerMissing,
    ReliefError,
    StorageError,
)


def _password(location: LedgerLocation) -> str | None:
    try:
        from psycopg.conninfo import conninfo_to_dict

        value = conninfo_to_dict(location.target).get("password")
    except Exception:
        return None
    return str(value) if value else None


def _scrub(text: str, location: LedgerLocation) -> str:
    password = _password(location)
    text = mask_password(text)
    if password:
        text = text.replace(password, "***")
    return " ".join(text.split())


def translate_error(exc: Exception, location: LedgerLocation) -> ReliefError:
    import psycopg
    from psycopg import errors as pg_errors

    where = location.display
    message = _scrub(str(exc), location)
    if isinstance(exc, pg_errors.LockNotAvailable | pg_errors.QueryCanceled):
        return LedgerBusy(f"the ledger {where} is busy; try again in a moment ({message})")
    if isinstance(exc, pg_errors.UndefinedTable):
        return LedgerMissing(
            f"no reliefctl ledger in {where}; create it with: {init_hint(location)}"
        )
    if isinstance(exc, pg_errors.RestrictViolation):
        return StorageError(f"refused by the ledger: {message}")
    if isinstance(exc, psycopg.OperationalError):
        return StorageError(f"cannot reach the PostgreSQL ledger {where}: {message}")
    return StorageError(f"storage error on {where}: {message}")


def connect(location: LedgerLocation) -> Any:
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise StorageError(
            "PostgreSQL needs the psycopg driver: pip install 'reliefctl[postgres]'"
        ) from exc
    try:
        return psycopg.connect(location.target, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise translate_error(exc, location) from exc


def open_ledger(location: LedgerLocation) -> Ledger:
    ledger = Ledger(connect(location), location)
    try:
        exists = ledger.scalar("SELECT to_regclass('meta') IS NOT NULL")
        if not exists:
            raise LedgerMissing(
                f"no reliefctl ledger in {location.display}; create it with: {init_hint(location)}"
            )
        version = ledger.scalar("SELECT value FROM meta WHERE key = 'schema_version'")
        check_version(int(version or 0), location.display)
    except BaseException:
        ledger.close()
        raise
    return ledger


def init_ledger(location: LedgerLocation, statements: list[str]) -> bool:
    ledger = Ledger(connect(location), location)
    try:
        with ledger.write():
            if ledger.scalar("SELECT to_regclass('meta') IS NOT NULL"):
                version = ledger.scalar("SELECT value FROM meta WHERE key = 'schema_version'")
                check_version(int(version or 0), location.display)
                return False
            for statement in statements:
                ledger.execute(statement)
        return True
    finally:
        ledger.close()


__all__ = ["SCHEMA_VERSION", "init_ledger", "open_ledger", "translate_error"]

"""Opening and creating ledgers: the storage layer's front door.

``open_ledger`` opens an existing ledger of this reliefctl's schema on either backend and
refuses everything else (nothing there, not a ledger, an older or newer schema) without
touching it; ``init_ledger`` creates one from the generated DDL (``reliefctl.db.tables``).
Bringing an older ledger up to date is an operation of the domain (``reliefctl.ledger.upgrade``,
run by ``reliefctl upgrade``), which opens it with ``allow_older``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from reliefctl.db.connect import Ledger
from reliefctl.db.sqlite import BACKEND, connect_file, open_sqlite, translate
from reliefctl.db.tables import DDL
from reliefctl.db.url import LedgerLocation
from reliefctl.errors import (
    CannotCreateFolder,
    CannotCreateLedger,
    DanglingLink,
    EmptyFileNotLedger,
    NotALedger,
)


def open_ledger(location: LedgerLocation, *, allow_older: bool = False) -> Ledger:
    """Open an existing ledger, refusing anything that is not one (never creating one)."""
    if location.dialect == "postgresql":
        from reliefctl.db.postgres import open_postgres

        return open_postgres(location, allow_older=allow_older)
    return open_sqlite(location, allow_older=allow_older)


#: What ``init`` records in a new ledger, inside the transaction that creates it (its first
#: settings, ``reliefctl.ledger.configure``): the storage layer runs it, and knows nothing of it.
Seed = Callable[[Ledger], None]


def init_ledger(location: LedgerLocation, seed: Seed | None = None) -> bool:
    """Create the ledger; return False (and change nothing) if it already exists.

    ``seed`` runs in the transaction that creates the tables, so a new ledger has its first
    entries or does not exist (``copy`` creates its target without, to fill it verbatim).
    A SQLite ledger is built in a temporary file beside the target and renamed into place, so
    an interrupted ``init`` never leaves a half-made ledger where the tool would find it. An
    existing file that is not a ledger is refused, never overwritten.
    """
    if location.dialect == "postgresql":
        from reliefctl.db.postgres import init_postgres

        return init_postgres(location, seed)
    path = location.path
    if path.is_symlink() and not path.exists():
        raise DanglingLink(where=location.display)
    if path.exists():
        try:
            open_ledger(location).close()
        except EmptyFileNotLedger as exc:  # an empty file: ours to fill only if really empty
            if path.stat().st_size != 0:
                raise NotALedger(where=location.display) from exc
        else:
            return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CannotCreateFolder(where=location.display, detail=exc.strerror or str(exc)) from exc
    tmp = path.with_name(f".{path.name}.init-{os.getpid()}")
    try:
        _build_sqlite(tmp, location, seed)
        os.replace(tmp, path)
    except OSError as exc:
        raise CannotCreateLedger(where=location.display, detail=exc.strerror or str(exc)) from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
            leftover.unlink(missing_ok=True)
    ledger = open_ledger(location)
    try:
        # WAL is a property of the file; set it once the file has its final name.
        ledger.execute("PRAGMA journal_mode = WAL")
    finally:
        ledger.close()
    return True


def _build_sqlite(tmp: Path, location: LedgerLocation, seed: Seed | None) -> None:
    try:
        tmp.touch(exist_ok=False)
    except OSError as exc:
        raise CannotCreateLedger(where=location.display, detail=exc.strerror or str(exc)) from exc
    raw = connect_file(tmp, location)
    ledger = Ledger(raw, location, BACKEND)
    try:
        ledger.execute("PRAGMA journal_mode = DELETE")
        with ledger.write():
            for statement in DDL["sqlite"]:
                ledger.execute(statement)
            if seed is not None:
                seed(ledger)
        raw.execute("PRAGMA wal_checkpoint")
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except sqlite3.Error as exc:
        raise translate(exc, location) from exc
    finally:
        ledger.close()


__all__ = ["Seed", "init_ledger", "open_ledger"]

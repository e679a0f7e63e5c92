"""The embedded SQLite backend: opening a ledger file, its pragmas, and its errors.

A file is opened through a ``file:`` URI built from the path with every special character
percent-encoded (``%``, ``?``, ``#``, spaces, Chinese), so a path is always that path and
never read as URI syntax (a ``%20`` in a folder name is three characters, not a space), and
``mode=rw`` so opening never creates a file. Every connection runs with foreign keys on and
``synchronous=FULL`` (a confirmed entry survives a power cut); the ledger file is in WAL mode,
so readers never block the writer.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

from reliefctl.db.connect import Ledger, busy_timeout_seconds, check_version, init_hint
from reliefctl.db.tables import APPLICATION_ID
from reliefctl.db.url import LedgerLocation
from reliefctl.errors import (
    AppendOnlyRefused,
    CannotOpen,
    CommitOutcomeUnknown,
    ConstraintBroken,
    DiskFull,
    EmptyFileNotLedger,
    LedgerDamaged,
    LedgerIsFolder,
    LedgerMissing,
    LedgerNotAFile,
    LedgerReadOnly,
    NotALedger,
    ReliefError,
    SqliteBusy,
    StorageFailure,
    Term,
)


def _no_space_left(location: LedgerLocation) -> bool:
    """Whether the ledger's folder has (almost) no space left for an unprivileged writer."""
    try:
        return shutil.disk_usage(location.path.parent).free < 64 * 1024
    except OSError:
        return False


def translate(exc: Exception, location: LedgerLocation) -> ReliefError:
    """Map a sqlite3 exception to the error a user should see."""
    text = str(exc)
    lowered = text.lower()
    where = location.display
    if "locked" in lowered or "busy" in lowered:
        return SqliteBusy(where=where)
    if "readonly" in lowered or "read-only" in lowered:
        return LedgerReadOnly(where=where, detail=text)
    # With no room left, SQLite cannot even create the WAL index beside the ledger and reports
    # only an I/O error: say what the user can act on.
    full = "disk i/o error" in lowered and _no_space_left(location)
    if full or "disk is full" in lowered or "disk full" in lowered:
        return DiskFull(where=where)
    if "unable to open" in lowered:
        return CannotOpen(where=where)
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return LedgerDamaged(where=where, detail=text)
    if "append-only" in lowered:
        return AppendOnlyRefused(detail=text)
    if isinstance(exc, sqlite3.IntegrityError):
        return ConstraintBroken(detail=text)
    return StorageFailure(where=where, detail=text)


class SqliteBackend:
    dialect = "sqlite"
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def translate(self, exc: Exception, location: LedgerLocation) -> ReliefError:
        return translate(exc, location)

    def begin_write(self, ledger: Ledger) -> None:
        # IMMEDIATE takes the write lock now, waiting up to the busy timeout, before any read.
        ledger.execute("BEGIN IMMEDIATE")

    def begin_snapshot(self, ledger: Ledger) -> None:
        ledger.execute("BEGIN")

    def commit_error(self, exc: Exception, location: LedgerLocation) -> ReliefError:
        error = translate(exc, location)
        if isinstance(error, SqliteBusy | DiskFull):
            # COMMIT waited past the timeout, or could not write its frames: the commit point
            # (the WAL's commit frame) was never written, so nothing was, and the rollback
            # that follows is exact.
            return error
        # Any other I/O error may strike after the commit frame is written (while syncing
        # it): the entry may or may not survive.
        return CommitOutcomeUnknown(where=location.display, detail=str(exc), ref_hint="")


BACKEND = SqliteBackend()


def file_uri(path: Path, mode: str = "rw") -> str:
    """A ``file:`` URI naming exactly ``path``, whatever characters it holds."""
    if mode == "immutable":
        return path.resolve().as_uri() + "?mode=ro&immutable=1"
    return path.resolve().as_uri() + f"?mode={mode}"


def connect_file(path: Path, location: LedgerLocation, mode: str = "rw") -> sqlite3.Connection:
    """Open an existing SQLite file without ever creating it, with the ledger's pragmas."""
    try:
        raw = sqlite3.connect(
            file_uri(path, mode),
            uri=True,
            isolation_level=None,  # we issue BEGIN/COMMIT ourselves
            timeout=busy_timeout_seconds(),
            check_same_thread=False,
        )
        raw.execute("PRAGMA foreign_keys = ON")
        raw.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as exc:
        raise translate(exc, location) from exc
    return raw


def open_sqlite(location: LedgerLocation, *, allow_older: bool = False) -> Ledger:
    """Open an existing ledger file, refusing anything that is not one (never creating one)."""
    path = location.path
    if not path.exists():
        raise LedgerMissing(where=location.display, init=init_hint(location))
    if path.is_dir():
        raise LedgerIsFolder(where=location.display)
    kind = _not_regular(path)
    if kind is not None:
        raise LedgerNotAFile(where=location.display, what=Term(kind))
    for mode in _modes(path):
        ledger: Ledger | None = None
        try:
            ledger = Ledger(connect_file(path, location, mode), location, BACKEND)
            check_identity(ledger, allow_older=allow_older)
        except (CannotOpen, LedgerReadOnly):
            if ledger is not None:
                ledger.close()
            if mode == "immutable" or not os.access(path, os.R_OK):
                raise
            continue
        except BaseException:
            if ledger is not None:
                ledger.close()
            raise
        return ledger
    raise CannotOpen(where=location.display)


def _not_regular(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file (a device, a pipe, a socket)."""
    mode = path.stat().st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISCHR(mode):
        return "file_kind.char_device"
    if stat.S_ISBLK(mode):
        return "file_kind.block_device"
    if stat.S_ISFIFO(mode):
        return "file_kind.fifo"
    if stat.S_ISSOCK(mode):
        return "file_kind.socket"
    return "file_kind.other"


def _modes(path: Path) -> list[str]:
    """How to try opening a ledger file: read-write, then (an auditor's copy on read-only
    media or in a read-only folder, where SQLite cannot create the WAL index) read-only, then
    as an immutable file: only when no write-ahead log holds data the main file lacks."""
    modes = ["rw", "ro"]
    wal = Path(f"{path}-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        modes.append("immutable")
    return modes


def check_identity(ledger: Ledger, *, allow_older: bool = False) -> int:
    """Refuse a file that is not a reliefctl ledger, or one of another schema; its version."""
    where = ledger.location.display
    app_id = ledger.scalar("PRAGMA application_id")
    if app_id != APPLICATION_ID:
        empty = ledger.scalar("SELECT COUNT(*) FROM sqlite_master") == 0
        if empty and ledger.location.path.stat().st_size == 0:
            raise EmptyFileNotLedger(where=where, init=init_hint(ledger.location))
        raise NotALedger(where=where)
    version = int(ledger.scalar("PRAGMA user_version") or 0)
    check_version(version, where, allow_older=allow_older)
    return version


__all__ = ["BACKEND", "check_identity", "connect_file", "file_uri", "open_sqlite", "translate"]

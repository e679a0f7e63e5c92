"""The nightly export's folder: file names by local date, one writer at a time, keep the newest N.

* ``DIR/reliefctl-YYYY-MM-DD.xlsx`` by the local date the export runs; a second run on the same
  day replaces that day's file (atomically, see ``reliefctl.io.files``).
* ``export_lock`` takes an exclusive ``flock`` on ``DIR/.reliefctl-export.lock`` without
  waiting; a second export into the same folder while one runs stops at once with
  ``reliefctl.errors.ExportBusy`` (exit 3). The lock file is never deleted: deleting a lock
  file lets two processes lock two different files. The kernel drops the lock when the
  process ends, however it ends, so a killed run never leaves the folder locked.
* ``prune`` keeps the newest N files by the date in their name. Only names this module makes
  (``reliefctl-`` + a real calendar date + ``.xlsx``, regular files) are ever considered;
  anything else in the folder is never touched, nor the file just written, nor a file dated
  after today (left alone, named in one warning line).
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Final

from reliefctl import errors

LOCK_NAME: Final = ".reliefctl-export.lock"
_OURS: Final = re.compile(r"reliefctl-(\d{4}-\d{2}-\d{2})\.xlsx")


def nightly_name(day: date) -> str:
    return f"reliefctl-{day.isoformat()}.xlsx"


def check_folder(folder: Path, field: str = "out_dir") -> Path:
    if not folder.exists():
        raise errors.FolderMissing(field=field, path=str(folder))
    if not folder.is_dir():
        raise errors.NotAFolder(field=field, path=str(folder))
    return folder


@contextmanager
def export_lock(folder: Path) -> Iterator[Path]:
    """Hold the folder's export lock for the block, or raise ExportBusy at once.

    The lock file is opened inside the folder (relative to the folder's own descriptor) and
    never through a symbolic link: a link planted there cannot make the export create or
    truncate a file elsewhere.
    """
    lock_path = folder / LOCK_NAME
    try:
        folder_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise errors.CannotCreateLock(path=str(lock_path), reason=exc.strerror or str(exc)) from exc
    try:
        try:
            fd = os.open(LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666, dir_fd=folder_fd)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise errors.LockIsLink(path=str(lock_path)) from exc
            raise errors.CannotCreateLock(
                path=str(lock_path), reason=exc.strerror or str(exc)
            ) from exc
    finally:
        os.close(folder_fd)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise errors.LockIsLink(path=str(lock_path))
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise errors.ExportBusy(folder=str(folder), lock=str(lock_path)) from None
        yield lock_path
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def our_files(folder: Path) -> list[tuple[date, Path]]:
    """The nightly files in ``folder``, newest first (by the date in the name)."""
    found: list[tuple[date, Path]] = []
    for entry in os.scandir(folder):
        match = _OURS.fullmatch(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        try:
            day = date.fromisoformat(match[1])
        except ValueError:
            continue
        found.append((day, Path(entry.path)))
    found.sort(reverse=True)
    return found


def prune(
    folder: Path, keep: int, *, today: date, written: Path | None = None
) -> tuple[list[Path], list[Path]]:
    """Delete all but the newest ``keep`` nightly files dated up to ``today``.

    Returns (deleted, left alone). The file just written is never deleted. A file whose name
    carries a date after ``today`` (a clock set back, a file copied in) is left alone and
    counts for nothing, so it can never push out real ones; the caller warns about it.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1")
    future = [path for day, path in our_files(folder) if day > today]
    dated = [(day, path) for day, path in our_files(folder) if day <= today]
    removed = []
    for _day, path in dated[keep:]:
        if written is not None and path.name == written.name:
            continue
        path.unlink()
        removed.append(path)
    return removed, sorted(future)


__all__ = ["LOCK_NAME", "check_folder", "export_lock", "nightly_name", "our_files", "prune"]

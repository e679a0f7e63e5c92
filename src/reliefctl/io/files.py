"""Writing output files so that a reader never sees half of one, and nothing not ours is lost.

``atomic_file`` stages everything in a private folder inside the target's own folder
(``.NAME.XXXX.tmp/``): the new file, and every scratch file a library writes on the way
(openpyxl's write-only sheets use ``tempfile``, pointed there for the block), so a full
``$TMPDIR`` cannot fail an export that has room where it writes, and nothing is left in
``$TMPDIR`` by an interruption. The file is fsynced, renamed over the target with
``os.replace`` (never across file systems), and the folder fsynced. On any failure or signal the
staging folder is removed and the previous file, if any, is exactly as it was; a replaced file
keeps its permissions.

``check_output_path`` refuses, before anything is written, every target that is not ours to
replace: an empty path, a folder, a name without the suffix, the open ledger itself (by
identity, however spelled), an existing file that is not a workbook (or, for the 公示 page,
not a page ``reliefctl publish`` wrote: ``is_published_page``), a file or folder that cannot be
written.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from reliefctl import errors

#: The parts every xlsx workbook has (what tells a workbook from any other zip file).
WORKBOOK_PARTS = frozenset({"[Content_Types].xml", "xl/workbook.xml"})
#: What ``reliefctl publish`` writes in the head of every page (``reliefctl.render.html``).
PAGE_MARK = b'<meta name="generator" content="reliefctl publish">'


def path_option(text: str | None, field: str) -> Path | None:
    """A path option's value as given; empty or blank is refused, never read as '.'."""
    if text is None:
        return None
    if not text.strip():
        raise errors.EmptyPath(field=field)
    return Path(text).expanduser()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def is_workbook(path: Path) -> bool:
    """Whether ``path`` is an xlsx workbook (a zip holding a workbook's parts)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return set(archive.namelist()) >= WORKBOOK_PARTS
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def is_published_page(path: Path) -> bool:
    """Whether ``path`` is a page ``reliefctl publish`` wrote (its mark in the first 4 KiB)."""
    try:
        with path.open("rb") as handle:
            return PAGE_MARK in handle.read(4096)
    except OSError:
        return False


def check_output_path(
    path: Path,
    field: str,
    suffix: str = ".xlsx",
    *,
    keep: Sequence[Path] = (),
    ours: Callable[[Path], bool] | None = None,
) -> Path:
    """Refuse, with a clear reason, a path that cannot be (or must not be replaced by) an output.

    ``keep`` are files never to replace, whatever their name (the open ledger and its WAL).
    """
    if path.is_dir():
        raise errors.OutputIsFolder(
            field=field, path=str(path), example=str(path / ("reliefctl" + suffix))
        )
    if path.name.lower() == suffix:
        raise errors.OutputNoName(field=field, path=str(path), suffix=suffix)
    if path.suffix.lower() != suffix:
        raise errors.OutputWrongSuffix(field=field, path=str(path), suffix=suffix)
    parent = path.parent
    if not parent.exists():
        missing = parent
        while not missing.parent.exists() and missing.parent != missing:
            missing = missing.parent
        if missing.parent.exists() and not missing.parent.is_dir():
            raise errors.ParentIsFile(field=field, path=str(missing.parent))
        raise errors.FolderMissing(field=field, path=str(parent))
    if not parent.is_dir():
        raise errors.NotAFolder(field=field, path=str(parent))
    check_replaceable(path, keep=keep, ours=ours)
    return path


def check_replaceable(
    path: Path, *, keep: Sequence[Path] = (), ours: Callable[[Path], bool] | None = None
) -> None:
    """Refuse to replace ``path`` unless it is absent or ours (a workbook; or what ``ours``
    accepts, e.g. ``is_published_page``) and this user may replace it."""
    for kept in keep:
        if _same_file(path, kept):
            raise errors.OutputIsLedger(path=str(path))
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise errors.CannotWriteFolder(path=str(path.parent), reason="permission denied")
    try:
        found = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(found.st_mode) or not stat.S_ISREG(found.st_mode):
        raise errors.OutputNotAFile(path=str(path))
    if ours is not None:
        if not ours(path):
            raise errors.OutputNotOurPage(path=str(path))
    elif not is_workbook(path):
        raise errors.OutputNotAWorkbook(path=str(path))
    if not os.access(path, os.W_OK):
        raise errors.OutputReadOnly(path=str(path))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    # Make the rename itself durable; some file systems refuse fsync on a directory.
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


@contextmanager
def _scratch_in(folder: Path) -> Iterator[None]:
    """Point ``tempfile`` (openpyxl's scratch files) at ``folder`` for the block."""
    before = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield
    finally:
        tempfile.tempdir = before


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file object whose content replaces ``path`` only if the block succeeds."""
    folder = path.parent
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder))
    except OSError as exc:
        raise errors.CannotWriteFolder(path=str(folder), reason=_reason(exc)) from exc
    try:
        temp = staging / path.name
        try:
            with _scratch_in(staging), temp.open("w+b") as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            try:
                mode = stat.S_IMODE(path.stat().st_mode)
            except FileNotFoundError:
                mode = 0o666 & ~_umask()
            os.chmod(temp, mode)
            os.replace(temp, path)
        except OSError as exc:
            raise errors.CannotWriteFile(path=str(path), reason=_reason(exc)) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _fsync_dir(folder)


__all__ = [
    "WORKBOOK_PARTS",
    "atomic_file",
    "check_output_path",
    "check_replaceable",
    "is_published_page",
    "is_workbook",
    "path_option",
]

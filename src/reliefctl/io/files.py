"""Writing output files so that a reader never sees half of one.

``atomic_file`` writes to a temporary file in the target's own folder (so the final rename
never crosses a file system), fsyncs it, renames it over the target with ``os.replace`` and
fsyncs the folder. If anything fails before the rename, the temporary file is removed and the
previous file, if any, is exactly as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from reliefctl import errors


def check_output_path(path: Path, field: str, suffix: str = ".xlsx") -> Path:
    """Refuse, with a clear reason, a path that cannot be an output file."""
    if path.is_dir():
        raise errors.OutputIsFolder(
            field=field, path=str(path), example=str(path / ("reliefctl" + suffix))
        )
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
    return path


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
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file object whose content replaces ``path`` only if the block succeeds."""
    folder = path.parent
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise errors.CannotWriteFolder(path=str(folder), reason=_reason(exc)) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "w+b") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a new file normally gets.
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except OSError as exc:
        with suppress(OSError):
            temp.unlink()
        raise errors.CannotWriteFile(path=str(path), reason=_reason(exc)) from exc
    except BaseException:
        with suppress(OSError):
            temp.unlink()
        raise
    _fsync_dir(folder)


__all__ = ["atomic_file", "check_output_path"]

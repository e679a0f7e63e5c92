"""Where the ledger lives: ``--db``, then ``RELIEFCTL_DB``, then the default file.

A location is either a file path (or ``sqlite:///path``), which selects the embedded SQLite
ledger (a path is always a path: ``%``, ``?``, ``#``, spaces and Chinese are characters of its
name, never URI syntax), or a ``postgresql://`` / ``postgresql+psycopg://`` URL, which selects
PostgreSQL. The default is ``$XDG_DATA_HOME/reliefctl/ledger.sqlite``
(``~/.local/share/reliefctl/ledger.sqlite`` when ``XDG_DATA_HOME`` is unset), so a cron job and a
clerk's shell find the same file whatever their working directory.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reliefctl.errors import EmptyLocation, SqliteUrlWithoutPath, UnsupportedUrl

ENV_DB = "RELIEFCTL_DB"

Dialect = Literal["sqlite", "postgresql"]


@dataclass(frozen=True)
class LedgerLocation:
    """A resolved ledger location: the backend and how to reach it."""

    dialect: Dialect
    #: For SQLite: the file path. For PostgreSQL: the libpq conninfo URL (password included).
    target: str

    @property
    def display(self) -> str:
        """The location as it may be shown or logged: never with a password."""
        if self.dialect == "sqlite":
            return self.target
        return mask_password(self.target)

    @property
    def path(self) -> Path:
        """The SQLite file (only meaningful for the SQLite dialect)."""
        return Path(self.target)


def default_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / "reliefctl" / "ledger.sqlite"


# The password runs to the LAST "@": one typed with an unescaped "@" is still masked whole.
_PASSWORD_IN_URL = re.compile(r"^(?P<head>[a-z0-9+]+://[^:/@]*:)(?P<pw>.*)(?P<tail>@[^@]*)$", re.I)


def mask_password(url: str) -> str:
    """``postgresql://u:secret@h/db`` -> ``postgresql://u:***@h/db``; other text unchanged.

    A ``password=`` parameter (``?password=...`` or a libpq ``key=value`` string) is masked too.
    """
    match = _PASSWORD_IN_URL.match(url)
    if match:
        url = f"{match['head']}***{match['tail']}"
    return re.sub(r"(password\s*=\s*)[^&\s]+", r"\1***", url, flags=re.I)


def resolve(option: str | None, field: str = "db") -> LedgerLocation:
    """Turn the ``--db`` value (or the environment, or the default) into a location.

    ``field`` names the option in messages (``copy --to`` resolves a location too).
    """
    if option is not None:
        if not option.strip():
            raise EmptyLocation(field=field)
        raw = option
    else:
        # Set to the empty string, the variable counts as unset (a crontab's `RELIEFCTL_DB=`);
        # set to blanks only, it is a mistake worth a line.
        configured = os.environ.get(ENV_DB, "")
        if configured and not configured.strip():
            raise EmptyLocation(field=f"env:{ENV_DB}")
        if not configured:
            return LedgerLocation("sqlite", str(default_path()))
        raw = configured
    lowered = raw.strip().lower()
    if lowered.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
        # psycopg takes a libpq URL; the SQLAlchemy driver suffix is ours to strip.
        conninfo = re.sub(
            r"^postgres(ql)?(\+psycopg)?://", "postgresql://", raw.strip(), flags=re.I
        )
        return LedgerLocation("postgresql", conninfo)
    if lowered.startswith("sqlite:///"):
        path = raw.strip()[len("sqlite:///") :]
        if not path:
            raise SqliteUrlWithoutPath(field=field)
        return LedgerLocation("sqlite", str(Path(path).expanduser()))
    if re.match(r"^[a-z][a-z0-9+.-]*://", lowered):
        raise UnsupportedUrl(field=field, url=mask_password(raw.strip()))
    return LedgerLocation("sqlite", str(Path(raw).expanduser()))

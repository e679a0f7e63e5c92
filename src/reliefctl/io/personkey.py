"""The person key: a secret file outside the ledger that recipients' identifiers are hashed with.

``reliefctl key init`` creates it: 32 random bytes written as 64 hex digits and a newline, mode
0600, in a folder created 0700. Its place is ``$RELIEFCTL_PERSON_KEY``, else
``$XDG_CONFIG_HOME/reliefctl/person.key`` (``~/.config/reliefctl/person.key`` when
``XDG_CONFIG_HOME`` is unset). It is never overwritten: creating it where a file exists is
refused, since a new key makes every person hashed with the old one unrecognisable.

Only the bytes are read here; what they hash, and the fingerprint the ledger records, are the
domain's (``reliefctl.ledger.persons``).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from reliefctl.errors import (
    PersonKeyExists,
    PersonKeyMalformed,
    PersonKeyMissing,
    PersonKeyUnwritable,
)

ENV: Final = "RELIEFCTL_PERSON_KEY"
KEY_BYTES: Final = 32


def key_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where the person key is (see the module docstring)."""
    env = os.environ if environ is None else environ
    given = env.get(ENV, "").strip()
    if given:
        return Path(given).expanduser()
    base = env.get("XDG_CONFIG_HOME") or os.path.join(Path.home(), ".config")
    return Path(base) / "reliefctl" / "person.key"


def create_key(path: Path) -> bytes:
    """Write a new key at ``path`` (mode 0600, never over an existing file); its bytes."""
    secret = secrets.token_bytes(KEY_BYTES)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise PersonKeyExists(path=str(path)) from None
    except OSError as exc:
        raise PersonKeyUnwritable(path=str(path), reason=exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secret.hex() + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.chmod(path, 0o600)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise PersonKeyUnwritable(path=str(path), reason=exc.strerror or str(exc)) from None
    return secret


def load_key(path: Path | None = None) -> bytes:
    """The key's bytes; ``PersonKeyMissing`` (with how to create it) or ``PersonKeyMalformed``."""
    where = key_path() if path is None else path
    try:
        text = where.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise PersonKeyMissing(path=str(where)) from None
    except (OSError, UnicodeDecodeError):
        raise PersonKeyMalformed(path=str(where)) from None
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        raise PersonKeyMalformed(path=str(where)) from None
    if len(secret) != KEY_BYTES:
        raise PersonKeyMalformed(path=str(where))
    return secret


__all__ = ["ENV", "create_key", "key_path", "load_key"]

"""Persons reached, never stored in the clear: keyed hashes and the key's fingerprint.

A recipient is stored as HMAC-SHA256, under the person key (a file outside the ledger, see
``reliefctl.io.personkey``), of the identifier's type and its normalised value: ``id:…`` (a
身份证号), ``staff:UNIT:…`` (a staff number with its employer: 1001 at two employers is two
people), ``phone:…``. Without the key, a ledger or an export cannot be searched by trying
identifiers. The ledger records the key's *fingerprint* (the ``person_key`` setting) the first
time a list is recorded, and refuses a list hashed with a different key.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING, Final

from reliefctl.errors import PersonKeyMismatch

if TYPE_CHECKING:
    from reliefctl.ledger.session import Session

#: What the fingerprint is a MAC of: a constant, so the fingerprint says which key, not the key.
_FINGERPRINT_INPUT: Final = b"reliefctl person key fingerprint v1"
FINGERPRINT_LEN: Final = 16


def fingerprint(secret: bytes) -> str:
    """16 hex digits naming the key (HMAC-SHA256 of a constant under it)."""
    return hmac.new(secret, _FINGERPRINT_INPUT, hashlib.sha256).hexdigest()[:FINGERPRINT_LEN]


def person_hash(secret: bytes, typed: str) -> str:
    """The stored form of a typed, normalised identifier (``id:110105…``): 64 hex digits."""
    return hmac.new(secret, typed.encode("utf-8"), hashlib.sha256).hexdigest()


def check_key(recorded: str | None, secret: bytes) -> str:
    """The key's fingerprint, when the ledger has none on record or has this one; else refused
    (``PersonKeyMismatch``: hashes under another key would count every person anew)."""
    found = fingerprint(secret)
    if recorded and recorded != found:
        raise PersonKeyMismatch(recorded=recorded, found=found)
    return found


def use_key(session: Session, secret: bytes) -> str:
    """The key's fingerprint, checked against the ledger's ``person_key`` setting within this
    write transaction (under its lock); on first use, queue the ``L`` entry recording it."""
    from reliefctl.ledger import configure, settings

    recorded = settings.value(session.ledger, settings.PERSON_KEY.name)
    found = check_key(recorded, secret)
    if not recorded and not session.person_key_recorded:
        configure.set_setting(session, settings.PERSON_KEY.name, found)
        session.person_key_recorded = True
    return found


__all__ = ["check_key", "fingerprint", "person_hash", "use_key"]

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
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Final, Literal

from reliefctl import errors
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
    return use_fingerprint(session, fingerprint(secret))


def use_fingerprint(session: Session, found: str) -> str:
    """``use_key`` for a list hashed before the lock was taken: its key's fingerprint."""
    from reliefctl.ledger import configure, settings

    recorded = settings.value(session.ledger, settings.PERSON_KEY.name)
    if recorded and recorded != found:
        raise PersonKeyMismatch(recorded=recorded, found=found)
    if not recorded and not session.person_key_recorded:
        configure.set_setting(session, settings.PERSON_KEY.name, found)
        session.person_key_recorded = True
    return found


# --- identifiers ------------------------------------------------------------------------------

#: How a person is identified on a list; the hash covers the type, so persons are counted
#: within one type (a person listed once by phone and once by 身份证号 is two persons).
IdType = Literal["id", "staff", "phone"]
ID_TYPES: Final[tuple[IdType, ...]] = ("id", "staff", "phone")

#: ISO 7064 MOD 11-2 as GB 11643 uses it: the weights of the 17 digits, and the check
#: character for each remainder of their weighted sum mod 11.
_ID_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK: Final = "10X98765432"
_ID_EARLIEST: Final = date(1900, 1, 1)


def _plain(text: str) -> str:
    """NFKC (full-width digits and letters as ASCII), every space and hyphen removed."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "-‐‑‒–—")


def id_check_char(first17: str) -> str:
    """The check character of the 17 digits of a 身份证号 (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalise_id_number(text: str, field: str = "id_number") -> str:
    """A 身份证号 as 17 digits and a digit or ``X``; refused (masked) unless it has 18
    characters, a valid date of birth and the right check character: a typo must not create
    a second person."""
    value = _plain(text).upper()
    shown = mask_identifier("id", value)
    if len(value) != 18:
        raise errors.IdNumberLength(field=field, value=shown, length=len(value))
    if not (value[:17].isascii() and value[:17].isdigit()) or not (
        value[17].isdigit() or value[17] == "X"
    ):
        raise errors.IdNumberCharacters(field=field, value=shown)
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise errors.IdNumberDate(field=field, value=shown) from None
    if born < _ID_EARLIEST:
        raise errors.IdNumberDate(field=field, value=shown)
    if id_check_char(value[:17]) != value[17]:
        raise errors.IdNumberCheck(field=field, value=shown)
    return value


def normalise_phone(text: str, field: str = "phone") -> str:
    """A phone number as its digits: a leading ``+86``/``0086`` dropped before 11 digits;
    7 to 15 digits (a mobile number has 11; a landline its area code and number)."""
    value = _plain(text).replace("(", "").replace(")", "")
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086") and len(value) == 15:
        value = value[4:]
    if not (value.isascii() and value.isdigit()) or not 7 <= len(value) <= 15:
        raise errors.PhoneMalformed(field=field, value=mask_identifier("phone", value))
    return value


def normalise_staff_number(text: str, field: str = "staff_no") -> str:
    """A staff number as typed, NFKC, spaces removed, letters upper case."""
    value = _plain(text).upper()
    if not value:
        raise errors.RequiredEmpty(field=field)
    return value


def typed_identifier(kind: IdType, value: str, employer: str | None = None) -> str:
    """What is hashed: ``id:…``, ``staff:EMPLOYER:…`` (the employer's key) or ``phone:…``."""
    if kind == "staff":
        from reliefctl.ledger.parse import text_key

        return f"staff:{text_key(employer or '')}:{value}"
    return f"{kind}:{value}"


def mask_identifier(kind: IdType, value: str) -> str:
    """An identifier as messages, row errors and crash files show it: a 身份证号 keeps its
    first 3 and last 2 characters, a phone its first 3 and last 4 (138****5678), a staff
    number its last 2; every other character is ``*``."""
    if kind == "id":
        keep_start, keep_end = 3, 2
    elif kind == "phone":
        keep_start, keep_end = (3, 4) if len(value) >= 11 else (2, 2)
    else:
        keep_start, keep_end = 0, 2
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + value[len(value) - keep_end :]


def mask_name(name: str) -> str:
    """A name as the ledger keeps it: 张*明, 李*, 欧**华; never more than its first and last
    character (a one-character name is kept as ``*``)."""
    chars = list(name.strip())
    if len(chars) <= 1:
        return "*"
    if len(chars) == 2:
        return chars[0] + "*"
    return chars[0] + "*" * (len(chars) - 2) + chars[-1]


#: What looks like a 身份证号 or a mobile number inside any text (a crash file's traceback).
_LOOKS_LIKE_ID: Final = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_LOOKS_LIKE_PHONE: Final = re.compile(r"(?<![0-9])1[0-9]{10}(?![0-9])")


def scrub(text: str) -> str:
    """``text`` with everything that looks like a 身份证号 or a mobile number masked: for
    crash files, which cron mails (a list's identifiers must never leave in the clear)."""
    text = _LOOKS_LIKE_ID.sub(lambda m: mask_identifier("id", m.group(0)), text)
    return _LOOKS_LIKE_PHONE.sub(lambda m: mask_identifier("phone", m.group(0)), text)


def identify(
    text: str, given_as: str | None = None, employer: str | None = None
) -> tuple[str, str]:
    """One identifier as ``person find`` reads it: what is hashed (``id:…``) and how it is
    shown (masked). Without ``given_as``, 18 characters are a 身份证号 and 7 to 15 digits a
    phone number; a staff number needs ``given_as="staff"`` and its employer."""
    value = _plain(text)
    if not value:
        raise errors.IdentifierEmpty(field="identifier")
    kind = given_as
    if kind is None:
        if len(value) == 18:
            kind = "id"
        elif value.lstrip("+").isdigit():
            kind = "phone"
        else:
            raise errors.IdentifierUnrecognised(field="identifier")
    if kind == "id":
        number = normalise_id_number(value, "identifier")
        return typed_identifier("id", number), mask_identifier("id", number)
    if kind == "phone":
        phone = normalise_phone(value, "identifier")
        return typed_identifier("phone", phone), mask_identifier("phone", phone)
    if kind == "staff":
        if not employer or not employer.strip():
            raise errors.StaffNeedsEmployer(field="employer", employer="--employer")
        staff = normalise_staff_number(value, "identifier")
        return typed_identifier("staff", staff, employer), mask_identifier("staff", staff)
    raise errors.IdentifierTypeUnknown(field="as", value=kind)


@dataclass(frozen=True)
class Recipient:
    """One person on a list, as the ledger stores them: never the identifier or the name."""

    #: Where the person was listed (for a refusal): the list's row number.
    row: int
    id_type: IdType
    person_hash: str
    masked_name: str
    household_hash: str | None = None
    #: Cash to this person (fen), for a grant whose list or ``--each`` gives amounts.
    amount_fen: int | None = None


@dataclass(frozen=True)
class RecipientList:
    """A list read and hashed before the write lock is taken: its persons and the key's
    fingerprint (checked against the ledger's when the entry is posted)."""

    source: str
    fingerprint: str
    recipients: tuple[Recipient, ...]

    @property
    def amounts(self) -> bool:
        return bool(self.recipients) and self.recipients[0].amount_fen is not None

    def total_fen(self) -> int:
        return sum(r.amount_fen or 0 for r in self.recipients)


__all__ = [
    "ID_TYPES",
    "IdType",
    "Recipient",
    "RecipientList",
    "check_key",
    "fingerprint",
    "id_check_char",
    "identify",
    "mask_identifier",
    "mask_name",
    "normalise_id_number",
    "normalise_phone",
    "normalise_staff_number",
    "person_hash",
    "scrub",
    "typed_identifier",
    "use_fingerprint",
    "use_key",
]

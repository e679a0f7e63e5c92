"""Recipient lines of a delivery or grant, and the rule of one grant per person per purpose.

A list read by ``reliefctl.ledger.recipients`` becomes the entry's ``recipient_lines`` here
(see ``reliefctl.db.models.RecipientLine``), inside the write transaction. For a grant, a
person who already received a grant with the same purpose (by key) in the same batch, or in
the same calendar month when the grant has no batch, is refused (``RepeatGrant``, naming the
earlier entry and the masked name) unless ``--allow-repeat REASON`` is given. Writers are
serialised (SQLite's write lock, PostgreSQL's advisory lock), so the check under the lock is
exact; the unique index over ``(purpose_key, period_key, person_hash, claim_no)`` keeps a
second claim out even of a ledger written by some other program.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reliefctl import errors
from reliefctl.errors import Phrase
from reliefctl.ledger.parse import text_key
from reliefctl.ledger.persons import RecipientList, use_fingerprint
from reliefctl.ledger.session import Session


@dataclass(frozen=True)
class Slice:
    """Where an entry's persons were reached: copied onto each recipient line."""

    date: str
    township_id: int
    unit_id: int | None
    batch_id: int | None
    group_id: int | None


def period_key(batch_id: int | None, day: str) -> str:
    """``b:<batch id>``, or ``m:YYYY-MM`` for a grant without a batch."""
    return f"b:{batch_id}" if batch_id is not None else f"m:{day[:7]}"


def fingerprint_of(listing: RecipientList | None) -> tuple[tuple[str, int | None, str | None], ...]:
    """What a list adds to an entry's content, for the idempotent ``--ref`` check."""
    if listing is None:
        return ()
    return tuple(
        sorted((r.person_hash, r.amount_fen, r.household_hash) for r in listing.recipients)
    )


def check_repeats(
    session: Session,
    listing: RecipientList,
    purpose: str,
    batch: str | None,
    day: str,
) -> None:
    """Refuse a grant to anyone on ``listing`` who already received ``purpose`` in this
    period (see the module docstring); the batch is named by label (it may be new)."""
    batch_id = None if batch is None else session.master.batches.get(text_key(batch))
    if batch is not None and batch_id is None:
        return  # a batch this grant opens: nobody received anything in it yet
    purpose_key, period = text_key(purpose), period_key(batch_id, day)
    made = session.claims
    voided = session.pending_voids
    repeated: list[tuple[str, str]] = []
    hashes = [r.person_hash for r in listing.recipients]
    earlier: dict[str, str] = {}
    for start in range(0, len(hashes), 500):
        chunk = hashes[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for entry_id, person in session.ledger.query(
            "SELECT r.entry_id, r.person_hash FROM recipient_lines r "
            "WHERE r.purpose_key = ? AND r.period_key = ? AND r.persons > 0 "
            f"AND r.person_hash IN ({marks}) "
            "AND r.entry_id NOT IN (SELECT voided_entry_id FROM voids) ORDER BY r.entry_id",
            (purpose_key, period, *chunk),
        ):
            if str(entry_id) not in voided:
                earlier.setdefault(str(person), str(entry_id))
    for recipient in listing.recipients:
        entry = earlier.get(recipient.person_hash)
        if entry is None:
            for pending, _no in made.get((purpose_key, period, recipient.person_hash), []):
                if pending not in voided:
                    entry = pending
                    break
        if entry is not None:
            repeated.append((recipient.masked_name, entry))
    if repeated:
        name, entry = repeated[0]
        if batch is not None:
            when = Phrase("period.batch", batch=batch)
        else:
            when = Phrase("period.month", month=day[:7])
        more = len(repeated) - 1
        raise errors.RepeatGrant(
            field="recipients",
            name=name,
            purpose=purpose,
            period=when,
            entry=entry,
            more=more,
            also=Phrase("recipients.repeat_more", more=more) if more else "",
        )


def _next_claims(
    session: Session, purpose_key: str, period: str, hashes: list[str]
) -> dict[str, int]:
    """Each person's claim number: one past the highest they hold for this purpose and period
    (voided and allowed repeats included), in the ledger or in this transaction."""
    highest: dict[str, int] = {}
    for start in range(0, len(hashes), 500):
        chunk = hashes[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for person, top in session.ledger.query(
            "SELECT person_hash, MAX(claim_no) FROM recipient_lines "
            f"WHERE purpose_key = ? AND period_key = ? AND person_hash IN ({marks}) "
            "GROUP BY person_hash",
            (purpose_key, period, *chunk),
        ):
            if top is not None:
                highest[str(person)] = int(top)
    made = session.claims
    out = {}
    for person in hashes:
        top = highest.get(person, -1)
        for _entry, no in made.get((purpose_key, period, person), []):
            top = max(top, no)
        out[person] = top + 1
    return out


def recipient_rows(
    session: Session,
    entry_id: str,
    listing: RecipientList,
    where: Slice,
    people: int,
    purpose: str | None = None,
) -> list[dict[str, Any]]:
    """The entry's recipient lines (a grant's with its claims, remembered for this
    transaction); the ledger's person key checked (and recorded on first use) first."""
    claim_for: dict[str, int] = {}
    purpose_key = period = None
    if purpose is not None:
        purpose_key, period = text_key(purpose), period_key(where.batch_id, where.date)
        claim_for = _next_claims(
            session, purpose_key, period, [r.person_hash for r in listing.recipients]
        )
        made = session.claims
        for person, no in claim_for.items():
            made.setdefault((purpose_key, period, person), []).append((entry_id, no))
    lines = []
    for line_no, recipient in enumerate(listing.recipients, start=1):
        lines.append(
            {
                "entry_id": entry_id,
                "line_no": line_no,
                "date": where.date,
                "batch_id": where.batch_id,
                "township_id": where.township_id,
                "unit_id": where.unit_id,
                "group_id": where.group_id,
                "id_type": recipient.id_type,
                "person_hash": recipient.person_hash,
                "masked_name": recipient.masked_name,
                "household_hash": recipient.household_hash,
                "amount_fen": recipient.amount_fen,
                "persons": 1,
                "lists": 1 if line_no == 1 else 0,
                "people": people if line_no == 1 else 0,
                "purpose_key": purpose_key,
                "period_key": period,
                "claim_no": claim_for.get(recipient.person_hash),
            }
        )
    return lines


def grant_amount(given_fen: int | None, listing: RecipientList | None) -> int:
    """A grant's amount: ``--amount``, or the sum of its list's amounts; both must agree."""
    if listing is None or not listing.amounts:
        if given_fen is None:
            raise errors.GrantAmountMissing(field="amount")
        return given_fen
    total = listing.total_fen()
    if given_fen is not None and given_fen != total:
        raise errors.GrantAmountNotSum(
            field="amount", amount=given_fen, total=total, count=len(listing.recipients)
        )
    return total


def people_of(given: int | None, listing: RecipientList | None) -> int:
    """An entry's person-times: ``--people``, else the persons on its list (never fewer)."""
    if listing is None:
        return given or 0
    count = len(listing.recipients)
    if given is None:
        return count
    if given < count:
        raise errors.PeopleBelowList(field="people", people=given, count=count)
    return given


__all__ = [
    "Slice",
    "check_repeats",
    "fingerprint_of",
    "grant_amount",
    "people_of",
    "period_key",
    "recipient_rows",
    "use_fingerprint",
]

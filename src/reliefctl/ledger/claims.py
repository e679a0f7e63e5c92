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


@dataclass(frozen=True)
class Standing:
    """What is on record of the listed persons' claims to one purpose in one period: in the
    ledger and in this transaction, read once per grant (``standing``)."""

    purpose_key: str
    #: Person hash -> a claim that still stands (an entry not voided), if any.
    earlier: dict[str, str]
    #: Person hash -> the claim number this grant takes: one past the highest they hold
    #: (voided and allowed repeats included; 0 for a first claim).
    next_claim: dict[str, int]


def standing(
    session: Session, listing: RecipientList, purpose: str, batch: str | None, day: str
) -> Standing:
    """The listed persons' claims to ``purpose`` in this grant's period (the batch named by
    label, since it may be new: then nobody holds one yet)."""
    purpose_key = text_key(purpose)
    batch_id = None if batch is None else session.master.batches.get(text_key(batch))
    earlier: dict[str, str] = {}
    highest: dict[str, int] = {}
    if batch is None or batch_id is not None:
        period = period_key(batch_id, day)
        hashes = [r.person_hash for r in listing.recipients]
        for start in range(0, len(hashes), 500):
            chunk = hashes[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for entry_id, person, claim_no, voided in session.ledger.query(
                "SELECT r.entry_id, r.person_hash, r.claim_no, CASE WHEN r.entry_id IN "
                "(SELECT voided_entry_id FROM voids) THEN 1 ELSE 0 END FROM recipient_lines r "
                "WHERE r.purpose_key = ? AND r.period_key = ? AND r.persons > 0 "
                f"AND r.person_hash IN ({marks}) ORDER BY r.entry_id",
                (purpose_key, period, *chunk),
            ):
                _held(earlier, highest, str(person), str(entry_id), claim_no, bool(voided))
        for person in hashes:
            for entry_id, claim_no in session.claims.get((purpose_key, period, person), []):
                _held(earlier, highest, person, entry_id, claim_no, False)
        for person, entry_id in list(earlier.items()):
            if entry_id in session.pending_voids:
                del earlier[person]
    next_claim = {r.person_hash: highest.get(r.person_hash, -1) + 1 for r in listing.recipients}
    return Standing(purpose_key, earlier, next_claim)


def _held(
    earlier: dict[str, str],
    highest: dict[str, int],
    person: str,
    entry_id: str,
    claim_no: int | None,
    voided: bool,
) -> None:
    if not voided:
        earlier.setdefault(person, entry_id)
    if claim_no is not None:
        highest[person] = max(highest.get(person, -1), int(claim_no))


def refuse_repeats(
    record: Standing, listing: RecipientList, purpose: str, batch: str | None, day: str
) -> None:
    """Refuse a grant to anyone on ``listing`` who already received ``purpose`` in this
    period (see the module docstring), naming the first of them and how many more."""
    repeated = [
        (recipient.masked_name, record.earlier[recipient.person_hash])
        for recipient in listing.recipients
        if recipient.person_hash in record.earlier
    ]
    if not repeated:
        return
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


def recipient_rows(
    session: Session,
    entry_id: str,
    listing: RecipientList,
    where: Slice,
    people: int,
    record: Standing | None = None,
) -> list[dict[str, Any]]:
    """The entry's recipient lines; a grant's (``record``: its claims as ``standing`` read
    them) carry their claims, remembered for the rest of this transaction."""
    purpose_key = period = None
    claim_for: dict[str, int] = {}
    if record is not None:
        purpose_key, period = record.purpose_key, period_key(where.batch_id, where.date)
        claim_for = record.next_claim
        for person, no in claim_for.items():
            session.claims.setdefault((purpose_key, period, person), []).append((entry_id, no))
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
    "Standing",
    "fingerprint_of",
    "grant_amount",
    "people_of",
    "period_key",
    "recipient_rows",
    "refuse_repeats",
    "standing",
    "use_fingerprint",
]

"""``--ref`` idempotency: the same document number with the same content is recorded once.

A ref identifies an entry within its kind. Recording a ref again is a no-op when the content
is the same (compared as a *fingerprint*: the entry's facts by id and value, built the same way
from a request and from rows already recorded) and refused (``RefConflict``) when it differs.
A voided entry's ref is free again, so a corrected entry can take it.

Refs are kept as typed and matched by their key (``parse.text_key``): ``ＤＮ－１－２`` typed with
a Chinese input method is the ref ``DN-1-2``. Texts in a fingerprint (batch, group, note,
supplier, purpose) are compared by key too, so content that differs only in character width
is the same content, as it was when texts were stored in NFKC form. Entries recorded before
schema 3 hold no ``ref_key``: a ref is matched against their ``ref`` directly, and against the
few old refs whose key is not their text (``_odd``, read once per kind, an index range over
old entries only).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reliefctl.db.connect import Ledger
from reliefctl.errors import RefConflict, Term
from reliefctl.ledger.books import MasterData
from reliefctl.ledger.parse import text_key
from reliefctl.vocab import ENGLISH

Fingerprint = dict[str, Any]


def keyed(text: str | None) -> str | None:
    """A text as a fingerprint compares it: its key (None stays None)."""
    return None if text is None else text_key(text)


class Refs:
    """The refs a write session knows: recorded (looked up or preloaded) and queued."""

    def __init__(self, ledger: Ledger, master: MasterData) -> None:
        self.ledger = ledger
        self.master = master
        #: (kind, ref key) -> (entry_id, fingerprint) of refs recorded in this transaction.
        self._pending: dict[tuple[str, str], tuple[str, Fingerprint]] = {}
        #: Keys of every live ref of a kind (after ``preload``).
        self._known: dict[str, set[str]] = {}
        #: Per kind: key -> refs stored before schema 3 whose key is not their text.
        self._odd_refs: dict[str, dict[str, list[str]]] = {}

    def preload(self, kind: str) -> None:
        """Load every live ref of ``kind`` at once (bulk imports: no query per row)."""
        known: set[str] = set()
        for ref, key in self.ledger.query(
            "SELECT ref, ref_key FROM entries WHERE kind = ? AND ref IS NOT NULL "
            "AND id NOT IN (SELECT voided_entry_id FROM voids)",
            (kind,),
        ):
            known.add(text_key(str(ref)) if key is None else str(key))
        self._known[kind] = known

    def flushed(self) -> None:
        """The queued entries were inserted: the database now answers for their refs."""
        self._pending.clear()

    def _odd(self, kind: str) -> dict[str, list[str]]:
        if kind not in self._odd_refs:
            odd: dict[str, list[str]] = {}
            for (ref,) in self.ledger.query(
                "SELECT DISTINCT ref FROM entries "
                "WHERE kind = ? AND ref_key IS NULL AND ref IS NOT NULL",
                (kind,),
            ):
                key = text_key(str(ref))
                if key != ref:
                    odd.setdefault(key, []).append(str(ref))
            self._odd_refs[kind] = odd
        return self._odd_refs[kind]

    def _matching(self, kind: str, key: str) -> tuple[str, tuple[Any, ...]]:
        """The condition on ``entries`` of the entries whose ref has the key ``key``."""
        stored = [key, *self._odd(kind).get(key, ())]
        marks = ", ".join("?" for _ in stored)
        return (
            f"kind = ? AND (ref_key = ? OR (ref_key IS NULL AND ref IN ({marks})))",
            (kind, key, *stored),
        )

    def _recorded(self, kind: str, key: str) -> bool:
        known = self._known.get(kind)
        if known is not None:
            return key in known
        condition, params = self._matching(kind, key)
        return (
            self.ledger.one(f"SELECT 1 FROM entries WHERE {condition} LIMIT 1", params) is not None
        )

    def check(
        self, kind: str, ref: str | None, fingerprint: Fingerprint, voided: set[str]
    ) -> str | None:
        """The id of an identical entry already recorded under ``ref``, or None if it is new.

        ``voided`` holds entries voided in this session (their refs are free too). Raises
        ``RefConflict`` when the ref is recorded with different content.
        """
        if ref is None:
            return None
        key = text_key(ref)
        pending = self._pending.get((kind, key))
        if pending is not None:
            existing_id, existing = pending
        elif self._recorded(kind, key):
            condition, params = self._matching(kind, key)
            found = self.ledger.one(
                f"SELECT id FROM entries WHERE {condition} "
                "AND id NOT IN (SELECT voided_entry_id FROM voids) ORDER BY seq DESC",
                params,
            )
            if found is None or str(found[0]) in voided:
                return None
            existing_id = str(found[0])
            existing = self.fingerprint_of(existing_id, kind)
        else:
            return None
        if existing != fingerprint:
            differences = [
                Term(f"field.{key}") if f"field.{key}" in ENGLISH else key
                for key in sorted(k for k in fingerprint if fingerprint[k] != existing.get(k))
            ]
            raise RefConflict(ref=ref, entry=existing_id, differences=differences, ref_field="ref")
        return existing_id

    def remember(self, kind: str, ref: str | None, entry_id: str, fp: Fingerprint) -> None:
        if ref is not None:
            key = text_key(ref)
            self._pending[(kind, key)] = (entry_id, fp)
            if kind in self._known:
                self._known[kind].add(key)

    def fingerprint_of(self, entry_id: str, kind: str) -> Fingerprint:
        """The fingerprint of a recorded entry, built from its rows like a request's."""
        note = self.ledger.scalar("SELECT note FROM entries WHERE id = ?", (entry_id,))
        batches = self.master.batch_labels
        groups = self.master.group_names
        if kind == "P":
            row = self.ledger.one(
                "SELECT date, item_id, qty, total_fen, unit_price, supplier, fund_id, "
                "COALESCE(location_id, 1) FROM purchases WHERE entry_id = ?",
                (entry_id,),
            )
            assert row is not None
            return {
                "date": row[0],
                "item": row[1],
                "qty": row[2],
                "total": row[3],
                "unit_price": row[4],
                "supplier": keyed(row[5]),
                "fund": row[6],
                "location": row[7],
                "note": keyed(note),
            }
        if kind in MOVEMENT_FINGERPRINTS:
            return {**MOVEMENT_FINGERPRINTS[kind](self.ledger, entry_id), "note": keyed(note)}
        if kind == "S":
            lines = self.ledger.query(
                "SELECT date, batch_id, township_id, unit_id, group_id, item_id, qty, people, "
                "COALESCE(location_id, 1), households FROM shipment_lines WHERE entry_id = ? "
                "ORDER BY line_no",
                (entry_id,),
            )
            first = lines[0]
            shipped: Fingerprint = {
                "date": first[0],
                "batch": keyed(batches.get(first[1])),
                "place": (first[2], first[3]),
                "group": keyed(groups.get(first[4])) if first[4] is not None else None,
                "lines": sorted((line[5], line[6]) for line in lines),
                "people": first[7],
                "households": first[9],
                "location": first[8],
                "note": keyed(note),
            }
            return self._with_recipients(shipped, entry_id)
        if kind == "B":
            found = self.ledger.one(
                "SELECT fund_id, date, amount_fen FROM allocations WHERE entry_id = ?", (entry_id,)
            )
            assert found is not None
            return {"fund": found[0], "date": found[1], "amount": found[2], "note": keyed(note)}
        row = self.ledger.one(
            "SELECT date, township_id, unit_id, fund_id, batch_id, group_id, amount_fen, people, "
            "purpose, households, repeat_reason FROM grants WHERE entry_id = ?",
            (entry_id,),
        )
        assert row is not None
        granted: Fingerprint = {
            "date": row[0],
            "place": (row[1], row[2]),
            "fund": row[3],
            "batch": keyed(batches.get(row[4])) if row[4] is not None else None,
            "group": keyed(groups.get(row[5])) if row[5] is not None else None,
            "amount": row[6],
            "people": row[7],
            "households": row[9],
            "purpose": keyed(row[8]),
            "note": keyed(note),
        }
        return self._with_recipients(granted, entry_id, {"allow_repeat": keyed(row[10])})

    def _with_recipients(
        self, fp: Fingerprint, entry_id: str, also: Fingerprint | None = None
    ) -> Fingerprint:
        """A delivery's or grant's fingerprint with its list of recipients, if it has one
        (as ``reliefctl.ledger.claims.fingerprint_of`` adds it to a request's)."""
        listed = self.ledger.query(
            "SELECT person_hash, amount_fen, household_hash FROM recipient_lines "
            "WHERE entry_id = ?",
            (entry_id,),
        )
        if not listed:
            return fp
        people = tuple(
            sorted(
                (str(person), None if amount is None else int(amount), household)
                for person, amount, household in listed
            )
        )
        return {**fp, "recipients": people, **(also or {})}


def _receipt(ledger: Ledger, entry_id: str) -> Fingerprint:
    row = ledger.one(
        "SELECT date, item_id, location_id, qty, value_fen, unit_value, source, giver, "
        "of_entry_id FROM receipts WHERE entry_id = ?",
        (entry_id,),
    )
    assert row is not None
    return {
        "date": row[0],
        "item": row[1],
        "location": row[2],
        "qty": row[3],
        "value": None if row[6] == "return" else row[4],
        "unit_value": row[5],
        "source": row[6],
        "giver": keyed(row[7]),
        "of": row[8],
    }


def _lines(ledger: Ledger, sql: str, entry_id: str) -> list[tuple[Any, ...]]:
    return [tuple(line) for line in ledger.query(sql, (entry_id,))]


def _transfer(ledger: Ledger, entry_id: str) -> Fingerprint:
    lines = _lines(
        ledger,
        "SELECT date, from_location_id, to_location_id, item_id, qty FROM transfer_lines "
        "WHERE entry_id = ? ORDER BY line_no",
        entry_id,
    )
    return {
        "date": lines[0][0],
        "from": lines[0][1],
        "to": lines[0][2],
        "lines": sorted((line[3], line[4]) for line in lines),
    }


def _writeoff(ledger: Ledger, entry_id: str) -> Fingerprint:
    lines = _lines(
        ledger,
        "SELECT date, location_id, reason, item_id, qty FROM writeoff_lines "
        "WHERE entry_id = ? ORDER BY line_no",
        entry_id,
    )
    return {
        "date": lines[0][0],
        "location": lines[0][1],
        "reason": lines[0][2],
        "lines": sorted((line[3], line[4]) for line in lines),
    }


def _count(ledger: Ledger, entry_id: str) -> Fingerprint:
    lines = _lines(
        ledger,
        "SELECT date, location_id, item_id, counted_qty FROM count_lines "
        "WHERE entry_id = ? ORDER BY line_no",
        entry_id,
    )
    return {
        "date": lines[0][0],
        "location": lines[0][1],
        "lines": sorted((line[2], line[3]) for line in lines),
    }


def _assembly(ledger: Ledger, entry_id: str) -> Fingerprint:
    found = ledger.one(
        "SELECT date, item_id, location_id, qty FROM assembly_lines "
        "WHERE entry_id = ? AND role = 'kit'",
        (entry_id,),
    )
    assert found is not None
    return {"date": found[0], "kit": found[1], "location": found[2], "qty": abs(int(found[3]))}


#: The fingerprint of a recorded receipt, transfer, write-off or count (without its note),
#: built as ``reliefctl.ledger.movements`` builds a request's.
MOVEMENT_FINGERPRINTS: dict[str, Callable[[Ledger, str], Fingerprint]] = {
    "R": _receipt,
    "T": _transfer,
    "W": _writeoff,
    "C": _count,
    "A": _assembly,
    "D": _assembly,
}


__all__ = ["MOVEMENT_FINGERPRINTS", "Fingerprint", "Refs", "keyed"]

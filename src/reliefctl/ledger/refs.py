"""``--ref`` idempotency: the same document number with the same content is recorded once.

A ref identifies an entry within its kind. Recording a ref again is a no-op when the content
is the same (compared as a *fingerprint*: the entry's facts by id and value, built the same way
from a request and from rows already recorded) and refused (``RefConflict``) when it differs.
A voided entry's ref is free again, so a corrected entry can take it.
"""

from __future__ import annotations

from typing import Any

from reliefctl.db.connect import Ledger
from reliefctl.errors import RefConflict, Term
from reliefctl.ledger.books import MasterData
from reliefctl.vocab import ENGLISH

Fingerprint = dict[str, Any]


class Refs:
    """The refs a write session knows: recorded (looked up or preloaded) and queued."""

    def __init__(self, ledger: Ledger, master: MasterData) -> None:
        self.ledger = ledger
        self.master = master
        #: (kind, ref) -> (entry_id, fingerprint) of refs recorded in this transaction.
        self._pending: dict[tuple[str, str], tuple[str, Fingerprint]] = {}
        self._known: dict[str, set[str]] = {}

    def preload(self, kind: str) -> None:
        """Load every live ref of ``kind`` at once (bulk imports: no query per row)."""
        self._known[kind] = {
            str(ref)
            for (ref,) in self.ledger.query(
                "SELECT ref FROM entries WHERE kind = ? AND ref IS NOT NULL "
                "AND id NOT IN (SELECT voided_entry_id FROM voids)",
                (kind,),
            )
        }

    def flushed(self) -> None:
        """The queued entries were inserted: the database now answers for their refs."""
        self._pending.clear()

    def _recorded(self, kind: str, ref: str) -> bool:
        known = self._known.get(kind)
        if known is not None:
            return ref in known
        return (
            self.ledger.one("SELECT 1 FROM entries WHERE kind = ? AND ref = ? LIMIT 1", (kind, ref))
            is not None
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
        pending = self._pending.get((kind, ref))
        if pending is not None:
            existing_id, existing = pending
        elif self._recorded(kind, ref):
            found = self.ledger.one(
                "SELECT id FROM entries WHERE kind = ? AND ref = ? "
                "AND id NOT IN (SELECT voided_entry_id FROM voids) ORDER BY seq DESC",
                (kind, ref),
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
            self._pending[(kind, ref)] = (entry_id, fp)
            if kind in self._known:
                self._known[kind].add(ref)

    def fingerprint_of(self, entry_id: str, kind: str) -> Fingerprint:
        """The fingerprint of a recorded entry, built from its rows like a request's."""
        note = self.ledger.scalar("SELECT note FROM entries WHERE id = ?", (entry_id,))
        batches = {v: k for k, v in self.master.batches.items()}
        groups = {v: k for k, v in self.master.groups.items()}
        if kind == "P":
            row = self.ledger.one(
                "SELECT date, item_id, qty, total_fen, unit_price, supplier, fund_id "
                "FROM purchases WHERE entry_id = ?",
                (entry_id,),
            )
            assert row is not None
            return {
                "date": row[0],
                "item": row[1],
                "qty": row[2],
                "total": row[3],
                "unit_price": row[4],
                "supplier": row[5],
                "fund": row[6],
                "note": note,
            }
        if kind == "S":
            lines = self.ledger.query(
                "SELECT date, batch_id, township_id, unit_id, group_id, item_id, qty, people "
                "FROM shipment_lines WHERE entry_id = ? ORDER BY line_no",
                (entry_id,),
            )
            first = lines[0]
            return {
                "date": first[0],
                "batch": batches.get(first[1]),
                "place": (first[2], first[3]),
                "group": groups.get(first[4]) if first[4] is not None else None,
                "lines": sorted((line[5], line[6]) for line in lines),
                "people": first[7],
                "note": note,
            }
        row = self.ledger.one(
            "SELECT date, township_id, unit_id, fund_id, batch_id, group_id, amount_fen, people, "
            "purpose FROM grants WHERE entry_id = ?",
            (entry_id,),
        )
        assert row is not None
        return {
            "date": row[0],
            "place": (row[1], row[2]),
            "fund": row[3],
            "batch": batches.get(row[4]) if row[4] is not None else None,
            "group": groups.get(row[5]) if row[5] is not None else None,
            "amount": row[6],
            "people": row[7],
            "purpose": row[8],
            "note": note,
        }


__all__ = ["Fingerprint", "Refs"]

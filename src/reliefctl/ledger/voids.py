"""Voids: a correction is a new entry that reverses an earlier one, with a reason.

A void's *reversal rows* mirror the voided entry's fact rows with the signs flipped and the
original's event date, so every sum over every period and dimension nets the voided entry to
exactly zero without a join; the void's own event date is the day it is recorded. A void is
refused when it would break a rule the original satisfied: stock never negative in date order,
and no later, still valid shipment valued with a voided purchase's cost (the moving average
mixed it in: void those shipments first). An allocation to a fund (``B``) is voided like a
fact, refused when its fund would then be overdrawn on any date. A void cannot be voided,
nothing is voided twice, and master data is not voided (a budget recorded with its fund
before allocations were entries is reduced with ``fund reduce``).
"""

from __future__ import annotations

from typing import Any

from reliefctl.errors import (
    AlreadyVoided,
    Term,
    UnknownEntry,
    VoidCostUsed,
    VoidNotCommitted,
    VoidOfMaster,
    VoidOfSetting,
    VoidOfVoid,
    VoidWouldOverdraw,
    VoidWouldUnstock,
)
from reliefctl.ledger.allocations import when_text
from reliefctl.ledger.chain import ENTRY_ROW_TABLES
from reliefctl.ledger.requests import Posted, VoidRequest
from reliefctl.ledger.session import Rows, Session, row


def void(session: Session, request: VoidRequest) -> Posted:
    """Queue a void of ``request.entry_id`` (see the module docstring)."""
    target = request.entry_id
    ledger = session.ledger
    found = ledger.one("SELECT kind, seq FROM entries WHERE id = ?", (target,))
    if found is None:
        if session.is_pending(target):
            raise VoidNotCommitted(entry=target)
        raise UnknownEntry(entry=target)
    kind, seq = str(found[0]), int(found[1])
    if kind == "V":
        raise VoidOfVoid(entry=target)
    if kind == "M":
        raise VoidOfMaster(entry=target)
    if kind == "L":
        raise VoidOfSetting(entry=target)
    earlier = ledger.scalar("SELECT entry_id FROM voids WHERE voided_entry_id = ?", (target,))
    if earlier is not None or target in session.pending_voids:
        raise AlreadyVoided(entry=target, by=earlier or Term("void.by_this_import"))
    header = session.new_entry("V", session.today())
    void_id = header["id"]
    rows: Rows = {
        "voids": [row("voids", entry_id=void_id, voided_entry_id=target, reason=request.reason)]
    }
    try:
        if kind == "P":
            amount = _reverse_purchase(session, target, seq, void_id, rows)
        elif kind == "S":
            amount = _reverse_shipment(session, target, void_id, rows)
        elif kind == "B":
            amount = _reverse_allocation(session, target, void_id, rows)
        else:
            amount = _reverse_grant(session, target, void_id, rows)
    except BaseException:
        session.give_back("V")
        raise
    digest = session.queue(header, rows)
    session.pending_voids.add(target)
    return Posted(void_id, "V", digest, amount_fen=amount, voided_entry_id=target)


def _reverse_purchase(session: Session, target: str, seq: int, void_id: str, rows: Rows) -> int:
    ledger = session.ledger
    found = ledger.one(
        "SELECT date, item_id, qty, total_fen, unit_price, supplier, fund_id "
        "FROM purchases WHERE entry_id = ?",
        (target,),
    )
    assert found is not None
    day, item_id, qty, total, unit_price, supplier, fund_id = found
    book = session.item_book(int(item_id))
    lowest, when = book.lowest_from(day)
    if qty > lowest:
        raise VoidWouldUnstock(
            entry=target, qty=qty, unit=book.unit, item=book.name, when=when, short=lowest - qty
        )
    used = ledger.scalar(
        "SELECT sl.entry_id FROM shipment_lines sl JOIN entries e ON e.id = sl.entry_id "
        "WHERE sl.item_id = ? AND sl.qty > 0 AND e.seq > ? "
        "AND sl.entry_id NOT IN (SELECT voided_entry_id FROM voids) ORDER BY e.seq LIMIT 1",
        (item_id, seq),
    )
    if used is not None and used not in session.pending_voids:
        raise VoidCostUsed(entry=target, shipment=used, item=book.name)
    rows["purchases"] = [
        row(
            "purchases",
            entry_id=void_id,
            date=day,
            item_id=item_id,
            qty=-qty,
            total_fen=-total,
            unit_price=unit_price,
            supplier=supplier,
            fund_id=fund_id,
        )
    ]
    book.add(day, -qty, -total)
    if fund_id is not None:
        session.fund_book(int(fund_id)).spend(str(day), -int(total))
    return int(total)


def _mirror(session: Session, table: str, target: str, void_id: str) -> list[dict[str, Any]]:
    """The rows of ``table`` that ``target`` holds, as the void's rows (signs still as stored)."""
    columns, order = ENTRY_ROW_TABLES[table]
    mirrored = []
    for values in session.ledger.query(
        f"SELECT {', '.join(columns)} FROM {table} WHERE entry_id = ? ORDER BY {', '.join(order)}",
        (target,),
    ):
        line = dict(zip(columns, values, strict=True))
        line["entry_id"] = void_id
        mirrored.append(line)
    return mirrored


def _reverse_shipment(session: Session, target: str, void_id: str, rows: Rows) -> int:
    reversal = _mirror(session, "shipment_lines", target, void_id)
    total = 0
    for line in reversal:
        for signed in ("qty", "value_fen", "people", "deliveries"):
            line[signed] = -line[signed]
        session.item_book(int(line["item_id"])).add(line["date"], -line["qty"], -line["value_fen"])
        total -= int(line["value_fen"])
    rows["shipment_lines"] = reversal
    return total


def _reverse_grant(session: Session, target: str, void_id: str, rows: Rows) -> int:
    (grant,) = _mirror(session, "grants", target, void_id)
    for signed in ("amount_fen", "people", "grants"):
        grant[signed] = -grant[signed]
    rows["grants"] = [grant]
    if grant["fund_id"] is not None:
        session.fund_book(int(grant["fund_id"])).spend(str(grant["date"]), int(grant["amount_fen"]))
    return -int(grant["amount_fen"])


def _reverse_allocation(session: Session, target: str, void_id: str, rows: Rows) -> int:
    """An allocation taken back: refused if its fund would be overdrawn on any date from the
    allocation's date (the beginning, when undated) on."""
    (allocation,) = _mirror(session, "allocations", target, void_id)
    amount = int(allocation["amount_fen"])
    book = session.fund_book(int(allocation["fund_id"]))
    day = allocation["date"]
    if amount > 0:
        lowest, when = book.lowest_from(day)
        if amount > lowest:
            raise VoidWouldOverdraw(
                entry=target,
                fund=book.name,
                amount=amount,
                when=when_text(when),
                short=lowest - amount,
            )
    allocation["amount_fen"] = -amount
    rows["allocations"] = [allocation]
    book.allocate(day, -amount)
    return amount


__all__ = ["void"]
